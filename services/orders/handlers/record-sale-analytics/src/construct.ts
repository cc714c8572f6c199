import { EventHandler, type EventHandlerProps } from '@paved/platform';
import { type Construct } from 'constructs';
import { subscription } from './subscription';

/**
 * Records a new order in the sales analytics store.
 *
 * The function, its rule, retries, both dead-letter queues and alarms come from {@link EventHandler};
 * add what only this handler needs (a table, a bucket) here.
 */
export class RecordSaleAnalytics extends EventHandler {
  static readonly subscription = subscription;

  constructor(scope: Construct, id: string, props: EventHandlerProps) {
    super(scope, id, { ...props, subscription });
  }
}
