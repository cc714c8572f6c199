import { bucketName, S3ObjectCreated } from '@paved/events';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type EventView, type RequestView } from '../src';
import { chainSubscriptions, uploads } from './fixtures/chain';
import { tinyPng } from './fixtures/png';
import { getJson, PAVED_BIN, settled, startTestBus, waitFor, type TestBus } from './helpers';

const run = promisify(execFile);
const BUCKET = bucketName(uploads, { account: '000000000000', region: 'us-east-1' });

/** What the upload fixture handler recorded: the event it got, and the object it read from $PAVED_S3_DIR. */
interface Received {
  id: string;
  source: string;
  detailType: string;
  resources: string[];
  detail: Record<string, unknown> & { object: Record<string, unknown> };
  read: { size: number; md5: string };
}

const received = (outFile: string): Received[] =>
  (existsSync(outFile) ? readFileSync(outFile, 'utf8') : '')
    .split('\n')
    .filter((line) => line.includes('"media-on-upload"'))
    .map((line) => JSON.parse(line) as Received);

describe('uploads to a local bucket', () => {
  let t: TestBus;
  const paved = (...args: string[]) =>
    run(process.execPath, [PAVED_BIN, ...args, '--endpoint-url', t.bus.url], { cwd: t.dir });

  beforeAll(async () => {
    t = await startTestBus((out) => Object.values(chainSubscriptions(out)), { buckets: [uploads] });
  });
  afterAll(() => t.stop());

  it("paved s3 cp stores a PNG, puts S3's Object Created on default, and the handler on paved gets it", async () => {
    const png = tinyPng(3, 2);
    writeFileSync(join(t.dir, 'cat.png'), png);
    const { stdout } = await paved('s3', 'cp', 'cat.png', `s3://${BUCKET}/photos/my cat.png`);
    expect(stdout).toMatch(new RegExp(`^upload: cat\\.png to s3://${BUCKET}/photos/my cat\\.png\\n`));
    const eventId = /Object Created event (\S+) on the default bus/.exec(stdout)![1]!;
    const requestId = / request (\S+)\n/.exec(stdout)![1]!;
    expect(readFileSync(join(t.dir, 'data', 's3', BUCKET, 'photos', 'my_cat.png'))).toEqual(png);

    const md5 = createHash('md5').update(png).digest('hex');
    const original = await settled(t.bus, eventId);
    expect(original).toMatchObject({
      bus: 'default',
      rules: ['paved-aws-s3-object-created'],
      causedBy: { kind: 'upload', id: requestId },
    });
    const { event } = original;
    expect(S3ObjectCreated.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      account: '000000000000',
      region: 'us-east-1',
      resources: [`arn:aws:s3:::${BUCKET}`],
    });
    expect(event.detail).toEqual({
      version: '0',
      bucket: { name: BUCKET },
      object: {
        key: 'photos/my+cat.png',
        size: png.length,
        etag: md5,
        'version-id': expect.stringMatching(/^[A-Za-z0-9._]{32}$/),
        sequencer: expect.stringMatching(/^[0-9A-F]{18}$/),
      },
      'request-id': requestId,
      requester: '000000000000',
      'source-ip-address': '127.0.0.1',
      reason: 'PutObject',
    });

    const copyId = original.deliveries[0]!.caused![0]!;
    const copy = await settled(t.bus, copyId);
    expect(copy).toMatchObject({ bus: 'paved', rules: ['media-on-upload'], forwardedFrom: { id: eventId } });
    const [got] = await waitFor(
      () => {
        const mine = received(t.outFile).filter((r) => r.id === copyId);
        return mine.length > 0 && mine;
      },
      5000,
      'the handler',
    );
    expect(got).toMatchObject({
      source: 'aws.s3',
      detailType: 'Object Created',
      resources: [`arn:aws:s3:::${BUCKET}`],
      detail: { bucket: { name: BUCKET }, object: { size: png.length, etag: md5 } },
    });
    const upload = (await getJson<RequestView>(t.bus, `/_paved/requests/${requestId}`)).body;
    expect(upload).toMatchObject({
      kind: 'upload',
      method: 'PUT',
      status: 200,
      target: `s3://${BUCKET}/photos/my cat.png`,
      events: [eventId],
    });
  }, 20_000);

  it('lets the handler read the object it is told of, through objectsIn (the bus sets PAVED_S3_DIR)', async () => {
    const png = tinyPng(1, 1, [0, 0, 0]);
    writeFileSync(join(t.dir, 'dot.png'), png);
    const { stdout } = await paved('s3', 'cp', 'dot.png', `s3://${BUCKET}/`);
    const eventId = /Object Created event (\S+)/.exec(stdout)![1]!;
    const copyId = (await settled(t.bus, eventId)).deliveries[0]!.caused![0]!;
    const [got] = await waitFor(
      () => {
        const mine = received(t.outFile).filter((r) => r.id === copyId);
        return mine.length > 0 && mine;
      },
      5000,
      'the handler',
    );
    expect(got!.detail.object['key']).toBe('dot.png');
    expect(got!.read).toEqual({ size: png.length, md5: createHash('md5').update(png).digest('hex') });
  }, 20_000);

  it('refuses an upload to a bucket no service declares with NoSuchBucket, listing the buckets', async () => {
    writeFileSync(join(t.dir, 'x.png'), tinyPng());
    const failed = await paved('s3', 'cp', 'x.png', 's3://media-uploads/x.png').catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(
      `paved s3: NoSuchBucket: The specified bucket does not exist: media-uploads. The local buckets are ${BUCKET} (media-uploads): ` +
        "the buckets the services declare (defineBucket in services/<service>/src/buckets.ts), named as on AWS in this bus's account and Region.\n",
    );
  });

  it('lists the local buckets, with how many objects each holds', async () => {
    const { body } = await getJson<{ buckets: unknown[] }>(t.bus, '/_paved/buckets');
    expect(body.buckets).toEqual([
      {
        name: BUCKET,
        id: 'media-uploads',
        service: 'media',
        description: 'Images to receive.',
        eventBridge: true,
        objects: 2,
        dir: join(t.dir, 'data', 's3', BUCKET),
      },
    ]);
    const { stdout } = await paved('s3', 'ls');
    expect(stdout).toBe(`${BUCKET}  media-uploads  2 objects\n`);
  });

  it('refuses an upload from a page on another origin, and a key a folder cannot hold', async () => {
    const put = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${t.bus.url}/_paved/s3/${BUCKET}/${path}`, { method: 'PUT', headers, body: 'x' });
    const crossOrigin = await put('a.txt', { origin: 'http://evil.example' });
    expect(crossOrigin.status).toBe(403);
    expect(((await crossOrigin.json()) as { message: string }).message).toMatch(
      /^Refused PUT .* from Origin/,
    );
    // S3 takes these keys; a folder cannot hold them. (%2F inside a segment: a URL's own ".." is resolved away.)
    for (const key of ['a//b.txt', 'a%2F..%2F..%2Fb.txt']) {
      const refused = await put(key);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ __type: 'InvalidArgument' });
    }
    const views = (await getJson<{ events: EventView[] }>(t.bus, '/_paved/events?limit=1000')).body.events;
    expect(views.filter((v) => v.bus === 'default' && v.event.source === 'aws.s3')).toHaveLength(2);
  });
});
