import { storesOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { planThumbnail } from './create-thumbnail';
import { subscription } from './subscription';

const stores = storesOf(subscription);

/** Plans the image's thumbnail and queues the rendering job, once per image key. */
export const handler = defineHandler(subscription, async (image) => {
  const thumbnail = planThumbnail(image);
  return stores.thumbnails.putJsonIfAbsent(`${thumbnail.key}.json`, thumbnail);
});
