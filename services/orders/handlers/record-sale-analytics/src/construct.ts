import { EventHandler, type EventHandlerProps, HandlerStore } from '@paved/platform';
import { type Construct } from 'constructs';
import { subscription } from './subscription';

/**
 * Records a new order in the sales analytics store.
 *
 * The function, its rule, retries, both dead-letter queues and alarms come from {@link EventHandler};
 * this handler adds the `analytics` store (an S3 bucket) its records go to.
 */
export class RecordSaleAnalytics extends EventHandler {
  static readonly subscription = subscription;
  /** Where the handler keeps its records: `objectStoreFromEnvironment('analytics')` in the handler. */
  readonly store = new HandlerStore(this, 'Store', { handler: this, name: 'analytics' });

  constructor(scope: Construct, id: string, props: EventHandlerProps) {
    super(scope, id, { ...props, subscription });
  }
}
