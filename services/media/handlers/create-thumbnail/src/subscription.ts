import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { ImageUploaded } from './schema';

/** Which events reach this handler and how they are retried: read by the CDK construct and the local bus. */
export const subscription = defineSubscription({
  name: 'create-thumbnail',
  service: 'media',
  contract: ImageUploaded,
  entry: join(__dirname, 'handler.ts'),
  description: 'Makes a thumbnail of every uploaded image.',
});
