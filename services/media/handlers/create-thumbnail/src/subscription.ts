import { join } from 'node:path';
import { defineSubscription, S3ObjectCreated } from '@paved/events';
import { uploads } from '@paved/media-contracts';

/**
 * Everything about this handler but its code: S3's `Object Created` events of the uploads bucket alone, the right
 * to read that bucket's objects, the `thumbnails` store it writes to, and a function big enough to decode an image.
 * The platform deploys it and the local bus runs it from this one declaration.
 */
export const subscription = defineSubscription({
  name: 'create-thumbnail',
  service: 'media',
  contract: S3ObjectCreated,
  pattern: uploads.objectCreated,
  entry: join(__dirname, 'handler.ts'),
  description: 'Makes a PNG thumbnail of every image uploaded to the media uploads bucket.',
  reads: [uploads],
  stores: ['thumbnails'],
  memorySizeMb: 1024,
  timeoutSeconds: 30,
});
