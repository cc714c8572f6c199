import { EventHandler, type EventHandlerProps, HandlerStore } from '@paved/platform';
import { type Construct } from 'constructs';
import { subscription } from './subscription';

/**
 * Makes a thumbnail of every uploaded image.
 *
 * The function, its rule, retries, both dead-letter queues and alarms come from {@link EventHandler};
 * this handler adds the `thumbnails` store (an S3 bucket) its records go to.
 */
export class CreateThumbnail extends EventHandler {
  static readonly subscription = subscription;
  /** Where the handler keeps its records: `objectStoreFromEnvironment('thumbnails')` in the handler. */
  readonly store = new HandlerStore(this, 'Store', { handler: this, name: 'thumbnails' });

  constructor(scope: Construct, id: string, props: EventHandlerProps) {
    super(scope, id, { ...props, subscription });
  }
}
