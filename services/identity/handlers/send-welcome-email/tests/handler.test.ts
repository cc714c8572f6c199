import { join } from 'node:path';
import { fakeContext, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';

const samples = loadSampleEvents(join(__dirname, '..', 'events'));
const outbox = useLocalOutbox();

describe('send-welcome-email handler', () => {
  it.each(samples.valid)('handles $file once, however often it arrives', async ({ event }) => {
    const first = await handler(event, fakeContext());
    expect(first).toMatchObject({ sent: true });
    const sent = outbox.list('email');
    expect(sent).toHaveLength(1);
    expect(outbox.readJson('email', sent[0]!)).toMatchObject({ idempotencyKey: first.idempotencyKey });
    await expect(handler(event, fakeContext())).resolves.toMatchObject({ sent: false });
    expect(outbox.list('email')).toEqual(sent);
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
