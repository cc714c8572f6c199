import { subscription as notifyCustomer } from '@paved/notifications-notify-customer';
import { type Subscription } from '@paved/events';

/**
 * Every handler of the notifications service, by its subscription: its stack deploys exactly these, and the local bus
 * runs exactly these.
 */
export const subscriptions = [
  notifyCustomer,
  // `npx hygen handler new --service notifications ...` adds each new handler above this line.
] as const satisfies readonly Subscription[];
