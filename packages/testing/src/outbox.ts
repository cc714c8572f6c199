import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A local outbox, emptied before each test: where `@paved/adapters` writes side effects when running locally. */
export interface LocalOutbox {
  readonly dir: string;
  /** The JSON object stored at `key` in the store (or mail folder) `name`. */
  readJson(name: string, key: string): unknown;
  /** Every file name in the store (or mail folder) `name`, sorted; none when nothing was written there. */
  list(name: string): string[];
}

/**
 * Points the side-effect adapters at a temporary outbox for the tests of this file, as the local bus does
 * (`PAVED_LOCAL=1`, `PAVED_OUTBOX_DIR`). Each test starts with it empty, so what one test wrote cannot make
 * another pass or fail; afterwards the folder is removed and the environment restored.
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
  beforeEach(() => {
    for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
  });
  afterAll(() => {
    restore('PAVED_LOCAL', saved.local);
    restore('PAVED_OUTBOX_DIR', saved.outbox);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    readJson: (name, key) => JSON.parse(readFileSync(join(dir, name, key), 'utf8')) as unknown,
    list: (name) =>
      existsSync(join(dir, name))
        ? readdirSync(join(dir, name), { recursive: true, encoding: 'utf8' }).sort()
        : [],
  };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
