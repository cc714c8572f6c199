import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bucketName, defineBucket, defineEvent, defineSubscription } from '@paved/events';
import * as z from 'zod';
import { LocalObjectStore, mailerOf, objectsIn, S3ObjectStore, storesOf } from '../src';

const StockCounted = defineEvent({
  source: 'myapp.stock',
  detailType: 'StockCounted',
  detail: z.object({ sku: z.string() }),
  description: 'Stock was counted.',
  examples: [{ sku: 'A' }],
});

const subscription = defineSubscription({
  name: 'keep-count',
  service: 'stock',
  contract: StockCounted,
  entry: join(__dirname, 'handler.ts'),
  description: 'Keeps the count.',
  stores: ['counts', 'sale-records'],
  sendsEmail: true,
});

describe('storesOf', () => {
  const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
  const local = { PAVED_LOCAL: '1', PAVED_OUTBOX_DIR: outbox };

  it('reaches each declared store by its name, in its own folder of the outbox locally', async () => {
    const stores = storesOf(subscription, local);
    expect(stores.counts).toBeInstanceOf(LocalObjectStore);
    await expect(stores['sale-records'].putJsonIfAbsent('a.json', { n: 1 })).resolves.toEqual({
      created: true,
      key: 'a.json',
    });
    await expect(stores['sale-records'].putJsonIfAbsent('a.json', { n: 2 })).resolves.toEqual({
      created: false,
      key: 'a.json',
    });
    expect(JSON.parse(readFileSync(join(outbox, 'sale-records', 'a.json'), 'utf8'))).toEqual({ n: 1 });
    expect(Object.keys(stores)).toEqual(['counts', 'sale-records']);
  });

  it('reads the bucket the platform names for each store on AWS, once per store', () => {
    const stores = storesOf(subscription, { COUNTS_BUCKET: 'b-1', SALE_RECORDS_BUCKET: 'b-2' });
    expect(stores.counts).toBeInstanceOf(S3ObjectStore);
    expect(stores.counts).toBe(stores.counts);
  });

  it('names the declared stores when asked for another', () => {
    const stores = storesOf(subscription, local) as unknown as Record<string, unknown>;
    expect(() => stores['stock']).toThrow(
      'Handler stock-keep-count has no store "stock": its subscription declares counts, sale-records. Add it to the subscription\'s stores.',
    );
  });

  it('says which variable is missing on AWS only when the store is first used', () => {
    const stores = storesOf(subscription, {});
    expect(() => stores.counts).toThrow(
      expect.objectContaining({
        code: 'ADAPTER_NOT_CONFIGURED',
        message: expect.stringContaining('COUNTS_BUCKET'),
      }),
    );
  });
});

describe('mailerOf', () => {
  it('sends to the outbox locally and through SES on AWS, made on first send', async () => {
    const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
    const mailer = mailerOf(subscription, { PAVED_LOCAL: '1', PAVED_OUTBOX_DIR: outbox });
    const email = { to: 'a@example.com', subject: 'Hi', text: 'Hello', idempotencyKey: 'k-1' };
    await expect(mailer.send(email)).resolves.toEqual({ sent: true });
    await expect(mailer.send(email)).resolves.toEqual({ sent: false });
    expect(JSON.parse(readFileSync(join(outbox, 'email', 'k-1.json'), 'utf8'))).toMatchObject(email);
  });

  it('refuses a subscription that does not declare email', () => {
    const quiet = defineSubscription({ ...subscription, sendsEmail: false });
    // @ts-expect-error: the type already refuses a subscription without sendsEmail: true.
    expect(() => mailerOf(quiet)).toThrow(
      'Handler stock-keep-count does not declare that it sends email: set sendsEmail: true in its subscription.',
    );
  });
});

describe('objectsIn', () => {
  const uploads = defineBucket({ service: 'media', name: 'uploads', description: 'Uploads.' });
  const reader = defineSubscription({ ...subscription, reads: [uploads] });
  const name = bucketName(uploads, { account: '000000000000', region: 'us-east-1' });

  it("reads a declared bucket's objects from the local bus's object store", async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3-'));
    mkdirSync(join(dir, name, 'images'), { recursive: true });
    writeFileSync(join(dir, name, 'images', 'a.png'), 'png bytes');
    const objects = objectsIn(reader, { PAVED_LOCAL: '1', PAVED_S3_DIR: dir });
    expect(Buffer.from((await objects.get(name, 'images/a.png'))!).toString()).toBe('png bytes');
    await expect(objects.get(name, 'images/missing.png')).resolves.toBeUndefined();
  });

  it('refuses a bucket the subscription does not declare, naming the ones it does', () => {
    const objects = objectsIn(reader, { PAVED_LOCAL: '1', PAVED_S3_DIR: '/tmp' });
    expect(() => objects.get('media-archive-000000000000-us-east-1-an', 'a')).toThrow(
      'Handler stock-keep-count does not declare that it reads bucket "media-archive-000000000000-us-east-1-an": it declares media-uploads. Add the bucket to the subscription\'s reads.',
    );
  });
});
