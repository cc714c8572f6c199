import { EventHandler, type EventHandlerProps } from '@paved/platform';
import { type Construct } from 'constructs';
import { subscription } from './subscription';

/**
 * Charges the customer for a new order.
 *
 * The function, its rule, retries, both dead-letter queues and alarms come from {@link EventHandler};
 * add what only this handler needs (a table, a bucket) here.
 */
export class ChargePayment extends EventHandler {
  static readonly subscription = subscription;

  constructor(scope: Construct, id: string, props: EventHandlerProps) {
    super(scope, id, { ...props, subscription });
  }
}
