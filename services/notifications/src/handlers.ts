import { NotifyCustomer } from '@paved/notifications-notify-customer';
import { type HandlerClass } from '@paved/platform';

/**
 * Every handler of the notifications service: its stack deploys exactly these, and the local bus runs exactly these.
 */
export const handlers: readonly HandlerClass[] = [
  NotifyCustomer,
  // `npx hygen handler new --service notifications ...` adds each new handler above this line.
];
