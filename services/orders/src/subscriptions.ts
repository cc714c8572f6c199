import { subscription as reserveStock } from '@paved/orders-reserve-stock';
import { subscription as chargePayment } from '@paved/orders-charge-payment';
import { subscription as sendOrderConfirmation } from '@paved/orders-send-order-confirmation';
import { subscription as notifyWarehouse } from '@paved/orders-notify-warehouse';
import { subscription as recordSaleAnalytics } from '@paved/orders-record-sale-analytics';
import { type Subscription } from '@paved/events';

/**
 * Every handler of the orders service, by its subscription: its stack deploys exactly these, and the local bus
 * runs exactly these.
 */
export const subscriptions = [
  reserveStock,
  chargePayment,
  sendOrderConfirmation,
  notifyWarehouse,
  recordSaleAnalytics,
  // `npx hygen handler new --service orders ...` adds each new handler above this line.
] as const satisfies readonly Subscription[];
