import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalObjectStore } from '@paved/adapters';
import { bucketName, HANDLER_ENV, S3ObjectCreated } from '@paved/events';
import { uploads } from '@paved/media-contracts';
import {
  expectPatternNotToMatch,
  expectPatternToMatch,
  fakeContext,
  loadSampleEvents,
  useLocalOutbox,
} from '@paved/testing';
import { handler } from '../src/handler';
import { subscription } from '../src/subscription';
import { BLUE, halves, pixelOf, pngOf, RED } from './png';

const outbox = useLocalOutbox();

// The local bus's object store, as the bus hands it to handlers: a folder per bucket, named as on AWS.
const s3Dir = mkdtempSync(join(tmpdir(), 'paved-s3-'));
const bucket = bucketName(uploads, { account: '000000000000', region: 'us-east-1' });
const savedS3Dir = process.env[HANDLER_ENV.localS3Dir];
beforeAll(() => (process.env[HANDLER_ENV.localS3Dir] = s3Dir));
beforeEach(() => {
  for (const entry of readdirSync(s3Dir)) rmSync(join(s3Dir, entry), { recursive: true, force: true });
});
afterAll(() => {
  if (savedS3Dir === undefined) delete process.env[HANDLER_ENV.localS3Dir];
  else process.env[HANDLER_ENV.localS3Dir] = savedS3Dir;
  rmSync(s3Dir, { recursive: true, force: true });
});

/** Puts an object in the local uploads bucket, where `npx paved s3 cp` puts it; the bucket then holds it alone. */
async function upload(key: string, body: Uint8Array): Promise<void> {
  rmSync(join(s3Dir, bucket), { recursive: true, force: true });
  await new LocalObjectStore(join(s3Dir, bucket)).putIfAbsent(key, body);
}

/** S3's `Object Created` event for `key` in the uploads bucket: the contract's example, addressed to it. */
function objectCreated(key: string, { id = 'e-1', sequencer = '0062E99A88DC407460' } = {}) {
  const { event } = loadSampleEvents(S3ObjectCreated).get('example-1');
  // S3 URL-encodes keys in events, a space as `+`.
  const encoded = encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
  return {
    ...event,
    id,
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      ...event.detail,
      bucket: { name: bucket },
      object: { ...event.detail.object, key: encoded, sequencer },
    },
  };
}

/** The thumbnail stored under `key`. */
const thumbnailAt = (key: string) => readFileSync(join(outbox.dir, 'thumbnails', key));
/** Every file in the thumbnails store. */
const thumbnails = () => outbox.list('thumbnails').filter((entry) => entry.endsWith('.png'));

describe('create-thumbnail handler', () => {
  it("is subscribed to the uploads bucket's events, and no other bucket's", () => {
    expectPatternToMatch(subscription.pattern, objectCreated('a.png'));
    const archive = objectCreated('a.png');
    expectPatternNotToMatch(subscription.pattern, {
      ...archive,
      detail: { ...archive.detail, bucket: { name: 'media-uploads-archive-000000000000-us-east-1-an' } },
    });
  });

  it('stores one thumbnail of an uploaded PNG, however often the event arrives, with the same id or a new one', async () => {
    await upload('users/c-1001/holiday.png', pngOf(256, 128, halves(256)));
    const key = `${bucket}/users/c-1001/holiday.png@0062E99A88DC407460.png`;

    await expect(handler(objectCreated('users/c-1001/holiday.png'), fakeContext())).resolves.toEqual({
      created: true,
      key,
      width: 128,
      height: 64,
    });
    // Redelivered with the same id: the delivery's recorded outcome, the handler not run again.
    await expect(
      handler(objectCreated('users/c-1001/holiday.png', { id: 'e-1' }), fakeContext()),
    ).resolves.toMatchObject({ created: true, key });
    // Forwarded again by the bus route with a new event id: the handler runs, the same object, nothing new.
    await expect(
      handler(objectCreated('users/c-1001/holiday.png', { id: 'e-2' }), fakeContext()),
    ).resolves.toMatchObject({ created: false, key });

    expect(thumbnails()).toEqual([key]);
    const thumbnail = thumbnailAt(key);
    expect(pixelOf(thumbnail, 0, 0)).toEqual(RED);
    expect(pixelOf(thumbnail, 127, 63)).toEqual(BLUE);
  });

  it('makes another thumbnail when the key is written again (a later sequencer)', async () => {
    await upload(
      'logo.png',
      pngOf(32, 32, () => RED),
    );
    // Two writes of the key are two S3 events, with ids of their own.
    await handler(objectCreated('logo.png', { id: 'e-1', sequencer: '0062E99A88DC407460' }), fakeContext());
    await upload(
      'logo.png',
      pngOf(32, 32, () => BLUE),
    );
    await handler(objectCreated('logo.png', { id: 'e-2', sequencer: '0062E99A88DC407461' }), fakeContext());
    expect(thumbnails()).toHaveLength(2);
    expect(pixelOf(thumbnailAt(`${bucket}/logo.png@0062E99A88DC407461.png`), 0, 0)).toEqual(BLUE);
  });

  it('finds an object whose key S3 URL-encoded in the event', async () => {
    await upload('users/c-1001/my holiday (1).png', pngOf(8, 4, halves(8)));
    const event = objectCreated('users/c-1001/my holiday (1).png');
    expect(event.detail.object.key).toBe('users/c-1001/my+holiday+(1).png');
    await expect(handler(event, fakeContext())).resolves.toMatchObject({
      created: true,
      width: 8,
      height: 4,
    });
  });

  it('skips an object that is not a PNG, storing nothing and saying why', async () => {
    await upload('users/c-1001/holiday.jpg', Buffer.from('\xff\xd8\xff\xe0 JFIF', 'latin1'));
    await expect(handler(objectCreated('users/c-1001/holiday.jpg'), fakeContext())).resolves.toEqual({
      skipped: 'not-a-png',
      bucket,
      key: 'users/c-1001/holiday.jpg',
      sequencer: '0062E99A88DC407460',
    });
    expect(thumbnails()).toEqual([]);
  });

  it('skips an object deleted before its event arrived', async () => {
    await expect(handler(objectCreated('gone.png'), fakeContext())).resolves.toMatchObject({
      skipped: 'object-missing',
      key: 'gone.png',
    });
    expect(thumbnails()).toEqual([]);
  });

  it('fails permanently, storing nothing, on a PNG that does not decode', async () => {
    await upload('broken.png', pngOf(16, 16, halves(16)).subarray(0, 40));
    await expect(handler(objectCreated('broken.png'), fakeContext())).rejects.toMatchObject({
      name: 'InvalidImageError',
      code: 'INVALID_IMAGE',
    });
    expect(thumbnails()).toEqual([]);
  });
});
