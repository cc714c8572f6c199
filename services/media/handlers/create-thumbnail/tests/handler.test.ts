import { ImageUploaded } from '@paved/media-contracts';
import { expectStoredOnce, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { planThumbnail } from '../src/create-thumbnail';
import { handler } from '../src/handler';

const outbox = useLocalOutbox();

describe('create-thumbnail handler', () => {
  it.each(loadSampleEvents(ImageUploaded).valid)(
    'queues one rendering job for $file, however often it arrives',
    async ({ event }) => {
      const job = await expectStoredOnce(handler, event, outbox, 'thumbnails');
      const plan = planThumbnail(event.detail);
      expect(job).toEqual({ key: `${plan.key}.json`, stored: plan });
    },
  );
});
