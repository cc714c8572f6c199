import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  IdempotencyConfig,
  IdempotencyItemAlreadyExistsError,
  IdempotencyRecordStatus,
} from '@aws-lambda-powertools/idempotency';
import { type BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { FilePersistenceLayer, MemoryPersistenceLayer } from '../src';
import { loadEvent } from './support/fixtures';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const configured = <L extends BasePersistenceLayer>(layer: L, expiresAfterSeconds = 3600): L => {
  layer.configure({
    config: new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      payloadValidationJmesPath: 'payload',
      expiresAfterSeconds,
      throwOnNoIdempotencyKey: true,
    }),
    keyPrefix: 'tests',
  });
  return layer;
};

/** Runs `fn` with `Date.now()` moved `ms` into the future. */
async function later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const spy = jest.spyOn(Date, 'now').mockReturnValue(now + ms);
  try {
    return await fn();
  } finally {
    spy.mockRestore();
  }
}

describe.each([
  [
    'MemoryPersistenceLayer',
    () => {
      const records = new Map();
      return () => new MemoryPersistenceLayer(records);
    },
  ],
  [
    'FilePersistenceLayer',
    () => {
      const dir = tempDir('paved-layer-');
      return () => new FilePersistenceLayer(dir);
    },
  ],
])('%s', (_name, sharedRecords: () => () => BasePersistenceLayer) => {
  // Two layers over the same records: what one invocation writes, another (a retry, a duplicate) reads.
  let first: BasePersistenceLayer;
  let second: BasePersistenceLayer;
  beforeEach(() => {
    const layer = sharedRecords();
    first = configured(layer());
    second = configured(layer());
  });

  it('keeps an in-progress record, then the completed one with its result, for anyone to read', async () => {
    const data = { key: 'k-1', payload: { orderId: 'o-1' } };
    await first.saveInProgress(data, 5_000);
    await expect(second.getRecord(data)).resolves.toMatchObject({
      status: IdempotencyRecordStatus.INPROGRESS,
    });
    await first.saveSuccess(data, { created: true });
    const record = await second.getRecord(data);
    expect(record.getStatus()).toBe(IdempotencyRecordStatus.COMPLETED);
    expect(record.getResponse()).toEqual({ created: true });
  });

  it('refuses a second put of an unexpired record with IdempotencyItemAlreadyExistsError, giving it', async () => {
    const data = { key: 'k-2', payload: 'p' };
    await first.saveInProgress(data, 5_000);
    await first.saveSuccess(data, 'done');
    const refusal = second.saveInProgress(data, 5_000);
    await expect(refusal).rejects.toBeInstanceOf(IdempotencyItemAlreadyExistsError);
    await expect(refusal).rejects.toMatchObject({ existingRecord: { responseData: 'done' } });
  });

  it('refuses to take over an in-progress record before its in-progress expiry', async () => {
    const data = { key: 'k-3', payload: 'p' };
    await first.saveInProgress(data, 5_000);
    await expect(later(4_000, () => second.saveInProgress(data, 5_000))).rejects.toMatchObject({
      name: 'IdempotencyItemAlreadyExistsError',
    });
  });

  it('lets another invocation take over an in-progress record whose invocation ran out of time', async () => {
    const data = { key: 'k-4', payload: 'p' };
    await first.saveInProgress(data, 5_000);
    await later(6_000, () => second.saveInProgress(data, 5_000));
    await later(6_000, () => second.saveSuccess(data, 'taken over'));
    await expect(later(6_000, () => first.getRecord(data))).resolves.toMatchObject({
      responseData: 'taken over',
    });
  });

  it('treats an expired record as absent', async () => {
    const data = { key: 'k-5', payload: 'p' };
    await first.saveInProgress(data, 5_000);
    await first.saveSuccess(data, 'old');
    await later(3_601_000, () => second.saveInProgress(data, 5_000));
    await expect(later(3_601_000, () => second.getRecord(data))).resolves.toMatchObject({
      status: IdempotencyRecordStatus.INPROGRESS,
    });
  });

  it('deletes a record, after which the key is free', async () => {
    const data = { key: 'k-6', payload: 'p' };
    await first.saveInProgress(data, 5_000);
    await first.deleteRecord(data);
    await expect(second.getRecord(data)).rejects.toMatchObject({ name: 'IdempotencyItemNotFoundError' });
    await expect(second.saveInProgress(data, 5_000)).resolves.toBeUndefined();
  });

  it('tells a different payload under a used key apart (Powertools payload validation)', async () => {
    await first.saveInProgress({ key: 'k-7', payload: 'a' }, 5_000);
    await first.saveSuccess({ key: 'k-7', payload: 'a' }, 'done');
    await expect(second.getRecord({ key: 'k-7', payload: 'b' })).rejects.toMatchObject({
      name: 'IdempotencyValidationError',
    });
  });
});

describe('FilePersistenceLayer, across threads and restarts', () => {
  it('gives each key to exactly one of many worker threads racing for it', async () => {
    const dir = tempDir('paved-race-');
    const keys = Array.from({ length: 25 }, (_, i) => `order-${i}`);
    const start = new SharedArrayBuffer(4);
    const workers = Array.from({ length: 6 }, (_, index) => {
      // Each worker tries the keys in its own order, so that the races are on different keys at once.
      const order = index % 2 === 0 ? keys : [...keys].reverse();
      return new Worker(join(__dirname, 'workers', 'claim-keys.js'), {
        workerData: { dir, keys: order, start, inProgressMs: 60_000 },
      });
    });
    const results = workers.map(
      (worker) =>
        new Promise<string[]>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    );
    // Every worker has loaded and is waiting before the start.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    Atomics.store(new Int32Array(start), 0, 1);
    Atomics.notify(new Int32Array(start), 0);
    const won = await Promise.all(results);
    await Promise.all(workers.map((worker) => worker.terminate()));

    expect(won.flat().sort()).toEqual([...keys].sort());
    // Each key's folder holds one generation: the winner's.
    for (const keyDir of readdirSync(dir)) {
      expect(readdirSync(join(dir, keyDir)).filter((name) => name.endsWith('.json'))).toEqual(['1.json']);
    }
  }, 30_000);

  it('keeps its records across a restart: a new layer on the same folder reads them', async () => {
    const dir = tempDir('paved-restart-');
    const data = { key: 'k-restart', payload: JSON.stringify(loadEvent('order-created')) };
    const before = configured(new FilePersistenceLayer(dir));
    await before.saveInProgress(data, 5_000);
    await before.saveSuccess(data, { reserved: 2 });

    const after = configured(new FilePersistenceLayer(dir));
    await expect(after.getRecord(data)).resolves.toMatchObject({ responseData: { reserved: 2 } });
    await expect(after.saveInProgress(data, 5_000)).rejects.toMatchObject({
      name: 'IdempotencyItemAlreadyExistsError',
    });
  });

  it('does not let an invocation whose record was taken over delete the new holder', async () => {
    const dir = tempDir('paved-takeover-');
    const slow = configured(new FilePersistenceLayer(dir));
    const fast = configured(new FilePersistenceLayer(dir));
    const data = { key: 'k-takeover', payload: 'p' };
    await slow.saveInProgress(data, 1_000);
    await later(2_000, () => fast.saveInProgress(data, 60_000));
    // The slow invocation fails at last and deletes "its" record: the generation it held is no longer current.
    await later(2_000, () => slow.deleteRecord(data));
    await expect(later(2_000, () => fast.getRecord(data))).resolves.toMatchObject({
      status: IdempotencyRecordStatus.INPROGRESS,
    });
  });

  it('writes whole records that name their key, one folder per key', async () => {
    const dir = tempDir('paved-files-');
    const layer = configured(new FilePersistenceLayer(dir));
    await layer.saveInProgress({ key: 'k-file', payload: 'p' }, 5_000);
    await layer.saveSuccess({ key: 'k-file', payload: 'p' }, { ok: true });
    const [keyDir] = readdirSync(dir);
    const stored = JSON.parse(readFileSync(join(dir, keyDir!, '1.json'), 'utf8')) as {
      record: { idempotencyKey: string; status: string; responseData: unknown };
    };
    expect(stored.record).toMatchObject({
      idempotencyKey: expect.stringMatching(/^tests#/),
      status: 'COMPLETED',
      responseData: { ok: true },
    });
    expect(readdirSync(join(dir, keyDir!))).toEqual(['1.json']);
  });
});
