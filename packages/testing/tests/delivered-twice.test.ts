import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expectEmailedOnce, expectStoredOnce, useLocalOutbox } from '../src';

const outbox = useLocalOutbox();
const event = { id: 'e-1', detail: { orderId: 'o-1' } };

/** Writes `value` at `key` of the outbox folder `name` unless it is there; `always` writes a new file each time. */
function writer(name: string, key: (call: number) => string) {
  let calls = 0;
  return async () => {
    const path = join(outbox.dir, name, key(++calls));
    const created = !existsSync(path);
    mkdirSync(dirname(path), { recursive: true });
    if (created) writeFileSync(path, JSON.stringify({ call: calls }));
    return { created, sent: created, key: key(calls) };
  };
}

describe('expectStoredOnce', () => {
  it('passes a handler that stores once, returning the key and what was stored', async () => {
    const handler = writer('stock', () => 'reservations/o-1.json');
    await expect(expectStoredOnce(handler, event, outbox, 'stock')).resolves.toEqual({
      key: 'reservations/o-1.json',
      stored: { call: 1 },
    });
  });

  it('fails a handler that stores again when the event is delivered again', async () => {
    const handler = writer('stock', (call) => `reservations/o-1-${call}.json`);
    await expect(expectStoredOnce(handler, event, outbox, 'stock')).rejects.toThrow('"created": false');
  });

  it('fails a handler that stores elsewhere than it says', async () => {
    const handler = writer('other', () => 'reservations/o-1.json');
    await expect(expectStoredOnce(handler, event, outbox, 'stock')).rejects.toThrow('reservations/o-1.json');
  });
});

describe('expectEmailedOnce', () => {
  it('passes a handler that sends once, returning the email', async () => {
    const handler = writer('email', () => 'welcome:e-1.json');
    await expect(expectEmailedOnce(handler, event, outbox)).resolves.toEqual({ call: 1 });
  });

  it('fails a handler that sends again when the event is delivered again', async () => {
    const handler = writer('email', (call) => `welcome:e-1-${call}.json`);
    await expect(expectEmailedOnce(handler, event, outbox)).rejects.toThrow('"sent": false');
  });
});
