import { join } from 'node:path';
import { fakeContext, loadSampleEvents } from '@paved/testing';
import { handler } from '../src/handler';

const samples = loadSampleEvents(join(__dirname, '..', 'events'));

describe('create-thumbnail handler', () => {
  it.each(samples.valid)('handles the valid sample $file', async ({ event }) => {
    await expect(handler(event, fakeContext())).resolves.toEqual({
      idempotencyKey: `media-create-thumbnail:${event.id}`,
      detail: event.detail,
    });
  });

  it.each([
    { file: 'invalid-missing-bucket.json', path: 'detail.bucket' },
    { file: 'invalid-wrong-type-bucket.json', path: 'detail.bucket' },
  ])('rejects $file as invalid, naming $path', async ({ file, path }) => {
    const rejection = handler(samples.get(file).event, fakeContext());
    await expect(rejection).rejects.toMatchObject({
      code: 'INVALID_EVENT',
      issues: expect.arrayContaining([expect.objectContaining({ path })]),
    });
    await expect(rejection).rejects.toThrow(path);
  });
});
