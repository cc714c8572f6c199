import { EventHandler, type EventHandlerProps, grantSendEmail } from '@paved/platform';
import { type Construct } from 'constructs';
import { subscription } from './subscription';

/**
 * Sends a new user the welcome email.
 *
 * The function, its rule, retries, both dead-letter queues and alarms come from {@link EventHandler};
 * this handler adds the right to send email through SES (as the `mailFrom` context's address).
 */
export class SendWelcomeEmail extends EventHandler {
  static readonly subscription = subscription;

  constructor(scope: Construct, id: string, props: EventHandlerProps) {
    super(scope, id, { ...props, subscription });
    grantSendEmail(this);
  }
}
