import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLocalOutbox } from '../src';

const outbox = useLocalOutbox();

describe('useLocalOutbox', () => {
  it('points the adapters at the outbox while the tests of the file run', () => {
    expect(process.env['PAVED_LOCAL']).toBe('1');
    expect(process.env['PAVED_OUTBOX_DIR']).toBe(outbox.dir);
  });

  it('lists what a test wrote, and nothing for a store never written to', () => {
    mkdirSync(join(outbox.dir, 'email'), { recursive: true });
    writeFileSync(join(outbox.dir, 'email', 'b.json'), '{"to":"b"}');
    writeFileSync(join(outbox.dir, 'email', 'a.json'), '{"to":"a"}');
    expect(outbox.list('email')).toEqual(['a.json', 'b.json']);
    expect(outbox.readJson('email', 'a.json')).toEqual({ to: 'a' });
    expect(outbox.list('stock')).toEqual([]);
  });

  it('starts each test empty, whatever the previous one wrote', () => {
    expect(outbox.list('email')).toEqual([]);
  });
});
