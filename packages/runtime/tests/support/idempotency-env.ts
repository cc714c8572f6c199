import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HANDLER_ENV } from '@paved/events';

// Every test runs its handlers as the local bus does (PAVED_LOCAL=1), with idempotency records in a folder of its
// own: what one test handled cannot make another test's handler skip the same fixture event.
const saved = {
  local: process.env[HANDLER_ENV.local],
  dir: process.env[HANDLER_ENV.localIdempotencyDir],
};
let dir: string | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paved-runtime-idempotency-'));
  process.env[HANDLER_ENV.local] = '1';
  process.env[HANDLER_ENV.localIdempotencyDir] = dir;
});

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  restore(HANDLER_ENV.local, saved.local);
  restore(HANDLER_ENV.localIdempotencyDir, saved.dir);
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
