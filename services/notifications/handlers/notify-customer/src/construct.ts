import { EventHandler, type EventHandlerProps, grantSendEmail } from '@paved/platform';
import { type Construct } from 'constructs';
import { subscription } from './subscription';

/**
 * Tells a customer about an unrecognized login to their account.
 *
 * The function, its rule, retries, both dead-letter queues and alarms come from {@link EventHandler};
 * this handler adds the right to send email through SES (as the `mailFrom` context's address).
 */
export class NotifyCustomer extends EventHandler {
  static readonly subscription = subscription;

  constructor(scope: Construct, id: string, props: EventHandlerProps) {
    super(scope, id, { ...props, subscription });
    grantSendEmail(this);
  }
}
