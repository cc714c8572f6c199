import { EventHandler, type EventHandlerProps, grantSendEmail } from '@paved/platform';
import { type Construct } from 'constructs';
import { subscription } from './subscription';

/**
 * Emails the customer a confirmation of their order.
 *
 * The function, its rule, retries, both dead-letter queues and alarms come from {@link EventHandler};
 * this handler adds the right to send email through SES (as the `mailFrom` context's address).
 */
export class SendOrderConfirmation extends EventHandler {
  static readonly subscription = subscription;

  constructor(scope: Construct, id: string, props: EventHandlerProps) {
    super(scope, id, { ...props, subscription });
    grantSendEmail(this);
  }
}
