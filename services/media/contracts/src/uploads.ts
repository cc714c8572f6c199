import { defineBucket } from '@paved/events';

/**
 * The bucket customers upload images to. The media stack deploys it with EventBridge notifications on, so S3 puts
 * an `Object Created` event (`S3ObjectCreated` in `@paved/events`) on the account's `default` bus for every object
 * written to it; the platform forwards those to the paved bus. Any service may react to uploads:
 *
 * @example
 * defineSubscription({ contract: S3ObjectCreated, pattern: uploads.objectCreated, reads: [uploads], ... });
 */
export const uploads = defineBucket({
  service: 'media',
  name: 'uploads',
  description: 'Images customers upload (PNG); each one gets a thumbnail.',
});
