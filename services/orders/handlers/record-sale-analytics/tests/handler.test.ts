import { join } from 'node:path';
import { fakeContext, loadSampleEvents } from '@paved/testing';
import { handler } from '../src/handler';

const samples = loadSampleEvents(join(__dirname, '..', 'events'));

describe('record-sale-analytics handler', () => {
  it.each(samples.valid)('handles the valid sample $file', async ({ event }) => {
    await expect(handler(event, fakeContext())).resolves.toEqual({
      idempotencyKey: `orders-record-sale-analytics:${event.id}`,
      detail: event.detail,
    });
  });

  it.each([
    { file: 'invalid-missing-orderId.json', path: 'detail.orderId' },
    { file: 'invalid-wrong-type-orderId.json', path: 'detail.orderId' },
  ])('rejects $file as invalid, naming $path', async ({ file, path }) => {
    const rejection = handler(samples.get(file).event, fakeContext());
    await expect(rejection).rejects.toMatchObject({
      code: 'INVALID_EVENT',
      issues: expect.arrayContaining([expect.objectContaining({ path })]),
    });
    await expect(rejection).rejects.toThrow(path);
  });
});
