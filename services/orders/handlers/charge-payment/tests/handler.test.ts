import { join } from 'node:path';
import { fakeContext, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';

const samples = loadSampleEvents(join(__dirname, '..', 'events'));
const outbox = useLocalOutbox();

describe('charge-payment handler', () => {
  it.each(samples.valid)('handles $file once, however often it arrives', async ({ event }) => {
    const first = await handler(event, fakeContext());
    expect(first.created).toBe(true);
    expect(outbox.readJson('payments', first.key)).toEqual(first.charge);
    await expect(handler(event, fakeContext())).resolves.toMatchObject({ created: false, key: first.key });
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

  it('fails permanently, charging nothing, when the order total is not the sum of its lines', async () => {
    const { event } = samples.valid[0]!;
    const wrong = {
      ...event,
      id: 'mismatch-1',
      detail: { ...(event.detail as object), orderId: 'o-mismatch', totalMinor: 1 },
    };
    await expect(handler(wrong, fakeContext())).rejects.toMatchObject({
      name: 'OrderTotalMismatchError',
      code: 'ORDER_TOTAL_MISMATCH',
    });
    expect(outbox.list('payments')).not.toContain('charges/o-mismatch.json');
  });
});
