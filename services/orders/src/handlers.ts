import { ReserveStock } from '@paved/orders-reserve-stock';
import { ChargePayment } from '@paved/orders-charge-payment';
import { SendOrderConfirmation } from '@paved/orders-send-order-confirmation';
import { NotifyWarehouse } from '@paved/orders-notify-warehouse';
import { RecordSaleAnalytics } from '@paved/orders-record-sale-analytics';
import { type HandlerClass } from '@paved/platform';

/**
 * Every handler of the orders service: its stack deploys exactly these, and the local bus runs exactly these.
 */
export const handlers: readonly HandlerClass[] = [
  ReserveStock,
  ChargePayment,
  SendOrderConfirmation,
  NotifyWarehouse,
  RecordSaleAnalytics,
  // `npx hygen handler new --service orders ...` adds each new handler above this line.
];
