import { subscription as notifyCustomer } from '@paved/notifications-notify-customer';
import { subscription as notifyPaymentDeclined } from '@paved/notifications-notify-payment-declined';
import { subscription as sendPaymentReceipt } from '@paved/notifications-send-payment-receipt';
import { type Subscription } from '@paved/events';

/**
 * Every handler of the notifications service, by its subscription: its stack deploys exactly these, and the local bus
 * runs exactly these.
 */
export const subscriptions = [
  notifyCustomer,
  notifyPaymentDeclined,
  sendPaymentReceipt,
  // `npx hygen handler new --service notifications ...` adds each new handler above this line.
] as const satisfies readonly Subscription[];
