import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { ImageUploaded } from '@paved/media-contracts';

/**
 * Everything about this handler but its code: the events that reach it, the `thumbnails` store its rendering jobs
 * go to, how it is retried. The platform deploys it and the local bus runs it from this one declaration.
 */
export const subscription = defineSubscription({
  name: 'create-thumbnail',
  service: 'media',
  contract: ImageUploaded,
  entry: join(__dirname, 'handler.ts'),
  description: 'Makes a thumbnail of every uploaded image.',
  stores: ['thumbnails'],
});
