import { objectsIn, storesOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { isPng, makeThumbnail, thumbnailKey, uploadedObject } from './create-thumbnail';
import { subscription } from './subscription';

const objects = objectsIn(subscription);
const stores = storesOf(subscription);

/**
 * Reads the uploaded object and stores its thumbnail, once per written object (bucket, key and sequencer), however
 * often the event arrives. An object that is gone, or is not a PNG, is skipped: the outcome says so in the log. A
 * PNG that does not decode fails permanently (`InvalidImageError`).
 */
export const handler = defineHandler(subscription, async (upload) => {
  const source = uploadedObject(upload);
  const bytes = await objects.get(source.bucket, source.key);
  if (bytes === undefined) return { skipped: 'object-missing', ...source } as const;
  if (!isPng(bytes)) return { skipped: 'not-a-png', ...source } as const;
  const thumbnail = makeThumbnail(bytes);
  const key = thumbnailKey(source);
  const { created } = await stores.thumbnails.putIfAbsent(key, thumbnail.png, 'image/png');
  return { created, key, width: thumbnail.width, height: thumbnail.height };
});
