import { subscription as sendWelcomeEmail } from '@paved/identity-send-welcome-email';
import { subscription as createProfile } from '@paved/identity-create-profile';
import { subscription as registerAnalytics } from '@paved/identity-register-analytics';
import { type Subscription } from '@paved/events';

/**
 * Every handler of the identity service, by its subscription: its stack deploys exactly these, and the local bus
 * runs exactly these.
 */
export const subscriptions = [
  sendWelcomeEmail,
  createProfile,
  registerAnalytics,
  // `npx hygen handler new --service identity ...` adds each new handler above this line.
] as const satisfies readonly Subscription[];
