import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expectEmailedOnce, expectStoredOnce, useLocalOutbox } from '../src';

const outbox = useLocalOutbox();
const event = { id: 'e-1', detail: { orderId: 'o-1' } };

/** A handler writing `{ call }` at the key `key(call)` of the outbox folder `name`; `overwrite` writes even there. */
function writer(name: string, key: (call: number) => string, overwrite = false) {
  let calls = 0;
  return async () => {
    const path = join(outbox.dir, name, key(++calls));
    mkdirSync(dirname(path), { recursive: true });
    if (overwrite || !existsSync(path)) writeFileSync(path, JSON.stringify({ call: calls }));
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
    await expect(expectStoredOnce(handler, event, outbox, 'stock')).rejects.toThrow(
      'reservations/o-1-2.json',
    );
  });

  it('fails a handler that changes what it stored when the event is delivered again', async () => {
    const handler = writer('stock', () => 'reservations/o-1.json', true);
    await expect(expectStoredOnce(handler, event, outbox, 'stock')).rejects.toThrow('"call": 2');
  });

  it('fails a handler that stores nothing in that store', async () => {
    const handler = writer('other', () => 'reservations/o-1.json');
    await expect(expectStoredOnce(handler, event, outbox, 'stock')).rejects.toThrow('toHaveLength');
  });
});

describe('expectEmailedOnce', () => {
  it('passes a handler that sends once, returning the email', async () => {
    const handler = writer('email', () => 'welcome:e-1.json');
    await expect(expectEmailedOnce(handler, event, outbox)).resolves.toEqual({ call: 1 });
  });

  it('fails a handler that sends again when the event is delivered again', async () => {
    const handler = writer('email', (call) => `welcome:e-1-${call}.json`);
    await expect(expectEmailedOnce(handler, event, outbox)).rejects.toThrow('welcome:e-1-2.json');
  });
});
