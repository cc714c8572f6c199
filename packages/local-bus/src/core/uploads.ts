import { AWS_DEFAULT_BUS_NAME, S3ObjectCreated } from '@paved/events';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type BusCore } from './bus-core';
import { eventTime, type BusEvent } from './event';

/** An object uploaded to a local bucket (`PUT /_paved/s3/<bucket>/<key>`, `paved s3 cp`). */
export interface UploadRequest {
  readonly bucket: string;
  readonly key: string;
  readonly body: Buffer;
  /** The client's address: the event's `source-ip-address`. */
  readonly sourceIp: string;
  /** The HTTP request, for its record. */
  readonly path: string;
}

/** What an upload answers: the object, and the S3 event it put on the `default` bus. */
export interface UploadResult {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly versionId: string;
  /** S3's request id: the upload's id, and the S3 event's `causedBy`. */
  readonly requestId: string;
  readonly eventId: string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const VERSION_ID = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';

const randomText = (alphabet: string, length: number): string =>
  [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');

let lastSequencer = 0n;

/**
 * Increasing hex, as S3's `sequencer` is for the writes to one key ("a larger sequencer is a later write"), in the
 * 18 upper-case digits S3 sends.
 */
function nextSequencer(now: number): string {
  lastSequencer = BigInt(now) * 1000n > lastSequencer ? BigInt(now) * 1000n : lastSequencer + 1n;
  return lastSequencer.toString(16).toUpperCase().padStart(18, '0');
}

/**
 * An object key as S3 writes it into event notifications: URL-encoded, a space as `+` ("The s3 key ... is URL
 * encoded", notification-content-structure in the S3 user guide), the `/` of its folders kept.
 */
export function eventKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

/**
 * Stores an uploaded object in its local bucket, then puts on the `default` bus the event S3 sends for it, as a
 * bucket with EventBridge notifications on does (the platform's `EventSourceBucket` deploys every declared bucket
 * so): source `aws.s3`, detail-type `Object Created`, `resources` the bucket's ARN, and the detail of
 * "EventBridge event message structure" (ev-events in the S3 user guide): the bucket's name, the object's key
 * (URL-encoded), size, ETag (the MD5 of the bytes in hex, as S3 gives a single-part upload), `version-id` (the
 * deployed buckets are versioned) and sequencer, S3's request id, the requester (the account), the client's
 * address and the reason `PutObject`. The event is journaled before this resolves; the `default` bus's route
 * forwards it to the paved bus when a subscription consumes it.
 */
export async function upload(core: BusCore, request: UploadRequest): Promise<UploadResult> {
  const startedAt = Date.now();
  const bucket = core.buckets.get(request.bucket);
  await core.buckets.store(bucket, request.key, request.body);
  const requestId = randomText(ALPHANUMERIC, 16);
  const etag = createHash('md5').update(request.body).digest('hex');
  const versionId = randomText(VERSION_ID, 32);
  const now = Date.now();
  const detail = {
    version: '0',
    bucket: { name: bucket.name },
    object: {
      key: eventKey(request.key),
      size: request.body.length,
      etag,
      'version-id': versionId,
      sequencer: nextSequencer(now),
    },
    'request-id': requestId,
    requester: core.place.accountId,
    'source-ip-address': request.sourceIp,
    reason: 'PutObject',
  };
  const event: BusEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': S3ObjectCreated.detailType,
    source: S3ObjectCreated.source,
    account: core.place.accountId,
    time: eventTime(now),
    region: core.place.region,
    resources: [`arn:aws:s3:::${bucket.name}`],
    detail,
  };
  await core.put(AWS_DEFAULT_BUS_NAME, event, { kind: 'upload', requestId });
  core.recorder.record({
    k: 'req',
    id: requestId,
    kind: 'upload',
    method: 'PUT',
    path: request.path,
    status: 200,
    at: startedAt,
    durationMs: Date.now() - startedAt,
    events: [event.id],
    target: `s3://${bucket.name}/${request.key}`,
  });
  return {
    bucket: bucket.name,
    key: request.key,
    size: request.body.length,
    etag,
    versionId,
    requestId,
    eventId: event.id,
  };
}
