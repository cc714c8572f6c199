import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh local outbox for one test file: where `@paved/adapters` writes side effects when running locally. */
export interface LocalOutbox {
  readonly dir: string;
  /** The JSON object stored at `key` in the store (or mail folder) `name`. */
  readJson(name: string, key: string): unknown;
  /** Every file name in the store (or mail folder) `name`, sorted. */
  list(name: string): string[];
}

/**
 * Points the side-effect adapters at a new temporary outbox for the tests of this file, as the local bus
 * does (`PAVED_LOCAL=1`, `PAVED_OUTBOX_DIR`), and restores the environment afterwards.
 *
 * @example
 * const outbox = useLocalOutbox();
 * it('reserves stock', async () => {
 *   await handler(event, fakeContext());
 *   expect(outbox.readJson('stock', 'reservations/o-1.json')).toEqual(...);
 * });
 */
export function useLocalOutbox(): LocalOutbox {
  const dir = mkdtempSync(join(tmpdir(), 'paved-outbox-'));
  const saved = { local: process.env['PAVED_LOCAL'], outbox: process.env['PAVED_OUTBOX_DIR'] };
  beforeAll(() => {
    process.env['PAVED_LOCAL'] = '1';
    process.env['PAVED_OUTBOX_DIR'] = dir;
  });
  afterAll(() => {
    restore('PAVED_LOCAL', saved.local);
    restore('PAVED_OUTBOX_DIR', saved.outbox);
  });
  return {
    dir,
    readJson: (name, key) => JSON.parse(readFileSync(join(dir, name, key), 'utf8')) as unknown,
    list: (name) => readdirSync(join(dir, name), { recursive: true, encoding: 'utf8' }).sort(),
  };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
