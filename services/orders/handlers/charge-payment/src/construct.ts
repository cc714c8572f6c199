import { EventHandler, type EventHandlerProps, HandlerStore } from '@paved/platform';
import { type Construct } from 'constructs';
import { subscription } from './subscription';

/**
 * Charges the customer for a new order.
 *
 * The function, its rule, retries, both dead-letter queues and alarms come from {@link EventHandler};
 * this handler adds the `payments` store (an S3 bucket) its records go to.
 */
export class ChargePayment extends EventHandler {
  static readonly subscription = subscription;
  /** Where the handler keeps its records: `objectStoreFromEnvironment('payments')` in the handler. */
  readonly store = new HandlerStore(this, 'Store', { handler: this, name: 'payments' });

  constructor(scope: Construct, id: string, props: EventHandlerProps) {
    super(scope, id, { ...props, subscription });
  }
}
