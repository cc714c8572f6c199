import { SendWelcomeEmail } from '@paved/identity-send-welcome-email';
import { type HandlerClass } from '@paved/platform';

/**
 * Every handler of the identity service: its stack deploys exactly these, and the local bus runs exactly these.
 */
export const handlers: readonly HandlerClass[] = [
  SendWelcomeEmail,
  // `npx hygen handler new --service identity ...` adds each new handler above this line.
];
