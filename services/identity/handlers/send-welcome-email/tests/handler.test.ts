import { join } from 'node:path';
import { fakeContext, loadSampleEvents } from '@paved/testing';
import { handler } from '../src/handler';

const samples = loadSampleEvents(join(__dirname, '..', 'events'));

describe('send-welcome-email handler', () => {
  it.each(samples.valid)('handles the valid sample $file', async ({ event }) => {
    await expect(handler(event, fakeContext())).resolves.toEqual({
      idempotencyKey: `identity-send-welcome-email:${event.id}`,
      detail: event.detail,
    });
  });

  it.each([
    { file: 'invalid-missing-email.json', path: 'detail.email' },
    { file: 'invalid-wrong-type-email.json', path: 'detail.email' },
  ])('rejects $file as invalid, naming $path', async ({ file, path }) => {
    const rejection = handler(samples.get(file).event, fakeContext());
    await expect(rejection).rejects.toMatchObject({
      code: 'INVALID_EVENT',
      issues: expect.arrayContaining([expect.objectContaining({ path })]),
    });
    await expect(rejection).rejects.toThrow(path);
  });
});
