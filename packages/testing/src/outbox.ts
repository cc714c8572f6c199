import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HANDLER_ENV } from '@paved/events';

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
 * (`PAVED_LOCAL=1`, `PAVED_OUTBOX_DIR`), and the runtime at a temporary folder of idempotency records
 * (`PAVED_IDEMPOTENCY_DIR`, the same file store the local bus uses). Each test starts with both empty, so what one
 * test wrote or handled cannot make another pass or fail (a sample event handled in one test is new to the next);
 * within a test, a second delivery of an event is a repeat, as on AWS. Afterwards the folders are removed and the
 * environment restored.
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
  const records = mkdtempSync(join(tmpdir(), 'paved-idempotency-'));
  const saved = {
    local: process.env[HANDLER_ENV.local],
    outbox: process.env[HANDLER_ENV.outboxDir],
    records: process.env[HANDLER_ENV.localIdempotencyDir],
  };
  beforeAll(() => {
    process.env[HANDLER_ENV.local] = '1';
    process.env[HANDLER_ENV.outboxDir] = dir;
    process.env[HANDLER_ENV.localIdempotencyDir] = records;
  });
  beforeEach(() => {
    for (const folder of [dir, records]) {
      for (const entry of readdirSync(folder)) rmSync(join(folder, entry), { recursive: true, force: true });
    }
  });
  afterAll(() => {
    restore(HANDLER_ENV.local, saved.local);
    restore(HANDLER_ENV.outboxDir, saved.outbox);
    restore(HANDLER_ENV.localIdempotencyDir, saved.records);
    rmSync(dir, { recursive: true, force: true });
    rmSync(records, { recursive: true, force: true });
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
