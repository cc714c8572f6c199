import { EventHandler, type EventHandlerProps, HandlerStore } from '@paved/platform';
import { type Construct } from 'constructs';
import { subscription } from './subscription';

/**
 * Reserves stock for every line of a new order.
 *
 * The function, its rule, retries, both dead-letter queues and alarms come from {@link EventHandler};
 * this handler adds the `stock` store (an S3 bucket) its records go to.
 */
export class ReserveStock extends EventHandler {
  static readonly subscription = subscription;
  /** Where the handler keeps its records: `objectStoreFromEnvironment('stock')` in the handler. */
  readonly store = new HandlerStore(this, 'Store', { handler: this, name: 'stock' });

  constructor(scope: Construct, id: string, props: EventHandlerProps) {
    super(scope, id, { ...props, subscription });
  }
}
