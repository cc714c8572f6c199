import { subscription as sendWelcomeEmail } from '@paved/identity-send-welcome-email';
import { type Subscription } from '@paved/events';

/**
 * Every handler of the identity service, by its subscription: its stack deploys exactly these, and the local bus
 * runs exactly these.
 */
export const subscriptions = [
  sendWelcomeEmail,
  // `npx hygen handler new --service identity ...` adds each new handler above this line.
] as const satisfies readonly Subscription[];
