import { objectStoreFromEnvironment, type ObjectStore } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { planThumbnail } from './create-thumbnail';
import { ImageUploaded } from './schema';

// Created on first use, so a cold start that fails validation never builds an S3 client.
let store: ObjectStore | undefined;

/** Plans the image's thumbnail and queues the rendering job, once per image key. */
export const handler = defineHandler(ImageUploaded, async (detail, { logger }) => {
  const thumbnail = planThumbnail(detail);
  const key = `${thumbnail.key}.json`;
  const { created } = await (store ??= objectStoreFromEnvironment('thumbnails')).putIfAbsent(
    key,
    JSON.stringify(thumbnail),
    'application/json',
  );
  logger.info(created ? 'thumbnail job queued' : 'thumbnail job already queued: skipped', { key });
  return { created, key, thumbnail };
});
