/**
 * Every name and limit that crosses a package boundary, in one place: the platform sets these environment
 * variables, the local bus sets their local equivalents, and the runtime and adapters read them. A name spelled
 * on both sides of a boundary drifts; a name imported from here cannot.
 */

/** The custom bus every rule lives on, on AWS and locally, unless a stage configures another. */
export const DEFAULT_BUS_NAME = 'paved';

/** The bus AWS services put their events on, and where a PutEvents entry without `EventBusName` goes. */
export const AWS_DEFAULT_BUS_NAME = 'default';

/** Environment variables a handler's function is given, by what they mean. */
export const HANDLER_ENV = {
  /** The bus a publishing handler puts its events on (set on every function). */
  eventBusName: 'PAVED_EVENT_BUS_NAME',
  /** `1` when the handler runs on the local bus: side effects then go to files instead of AWS. */
  local: 'PAVED_LOCAL',
  /** Where local side effects are written (emails in `email/`, each store in a folder of its own). */
  outboxDir: 'PAVED_OUTBOX_DIR',
  /** The verified SES address a handler that sends email sends from. */
  mailFrom: 'MAIL_FROM',
  /** Where the local bus keeps the objects of declared buckets (`<dir>/<bucket name>/<key>`); unset on AWS. */
  localS3Dir: 'PAVED_S3_DIR',
  /** The DynamoDB table of the service's idempotency records (set by the platform on every handler). */
  idempotencyTable: 'PAVED_IDEMPOTENCY_TABLE',
  /**
   * Where idempotency records are kept locally, one file per record (the local bus sets `<dataDir>/idempotency`):
   * shared by every worker and kept across restarts. Unset with `PAVED_LOCAL=1`: in memory, for this process only.
   */
  localIdempotencyDir: 'PAVED_IDEMPOTENCY_DIR',
  /**
   * The URL of the function's own failure DLQ (set by the platform): a permanent failure is sent there at once,
   * as an on-failure record marked with {@link PERMANENT_FAILURE_ATTRIBUTES}, instead of being retried.
   */
  failureDlqUrl: 'PAVED_FAILURE_DLQ_URL',
  /**
   * Names of archive replays, comma-separated, whose events run again even when already handled (as if each carried
   * {@link RERUN_FIELD}): how to force a replay on AWS, where a replayed event cannot carry a field of ours.
   */
  rerunReplays: 'PAVED_RERUN_REPLAYS',
} as const;

/**
 * The envelope field (beside `replay-name`) that makes a delivery run the handler again although the event was
 * handled: a redrive from a dead-letter queue sets it to `redrive:<DLQ message id>`, a forced replay to
 * `replay:<replay name>`. The handler's idempotency record is then keyed by the event's key and this value, so the
 * handler runs once more (once per value: the same redrive delivered twice still runs once), while what it already
 * did (emails sent, events published) keeps its own records and is not done again. An envelope field rather than
 * `detail._meta`: it describes this delivery, not the event, and it leaves the detail (and its payload hash) as
 * the producer wrote it. A string of 1-256 characters; anything else is ignored.
 */
export const RERUN_FIELD = 'paved-rerun';

/**
 * The SQS message attributes the runtime sets on a failure it sends to the function's failure DLQ itself, without
 * Lambda's retries (an invalid event, a `PermanentError`): `PAVED_FAILURE` is `permanent` and `PAVED_ERROR_CODE` the
 * error's `code`. The body is the record Lambda's on-failure destination writes, so every reader of the queue reads
 * both alike; these attributes are what tells them apart (`readDeadLetter` in `@paved/platform` reads them).
 */
export const PERMANENT_FAILURE_ATTRIBUTES = {
  /** Attribute name; its value is {@link PERMANENT_FAILURE_ATTRIBUTES.permanent}. */
  failure: 'PAVED_FAILURE',
  permanent: 'permanent',
  /** Attribute name; its value is the error's stable `code`, such as `INVALID_EVENT`. */
  errorCode: 'PAVED_ERROR_CODE',
} as const;

/** What a store's name must look like: it names a folder locally and an environment variable on AWS. */
export const STORE_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * The environment variable a handler reads one of its stores' bucket name from: `stock` → `STOCK_BUCKET`,
 * `sale-records` → `SALE_RECORDS_BUCKET`.
 */
export function storeBucketVariable(store: string): string {
  return `${store.toUpperCase().replace(/-/g, '_')}_BUCKET`;
}

/** The most entries one PutEvents call accepts (and the fewest: 1). */
export const MAX_PUT_EVENTS_ENTRIES = 10;

/**
 * The largest PutEvents entry, and the largest sum of entry sizes in one call, in bytes: 1 MB
 * (AWS raised it from 256 KB on 2026-01-29: "More room to build: serverless services now support
 * payloads up to 1 MB", https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb/;
 * the PutEvents API reference, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html,
 * now reads "the total entry size must be less than 1MB"). Taken as 1 MiB, as SQS and Lambda count it.
 */
export const MAX_PUT_EVENTS_ENTRY_BYTES = 1024 * 1024;

/** The fields of a PutEvents entry that count towards its size, as the SDK and the wire both carry them. */
export interface SizedPutEventsEntry {
  readonly Time?: unknown;
  readonly Source?: string | undefined;
  readonly DetailType?: string | undefined;
  readonly Detail?: string | undefined;
  readonly Resources?: readonly string[] | undefined;
}

/**
 * The size of a PutEvents entry as EventBridge counts it against {@link MAX_PUT_EVENTS_ENTRY_BYTES}:
 * 14 bytes for `Time` if set, plus the UTF-8 bytes of `Source`, `DetailType`, `Detail` and each of
 * `Resources`. `EventBusName` and `TraceHeader` do not count.
 * See "Calculating Amazon EventBridge PutEvents event entry size",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/calculate-putevents-entry-size.html.
 *
 * @example
 * putEventsEntrySize({ Source: 'myapp.orders', DetailType: 'OrderCreated', Detail: '{"orderId":"o-1"}' }); // 41
 */
export function putEventsEntrySize(entry: SizedPutEventsEntry): number {
  let size = entry.Time === undefined ? 0 : 14;
  size += utf8Bytes(entry.Source) + utf8Bytes(entry.DetailType) + utf8Bytes(entry.Detail);
  for (const resource of entry.Resources ?? []) size += utf8Bytes(resource);
  return size;
}

function utf8Bytes(value: string | undefined): number {
  return value === undefined ? 0 : Buffer.byteLength(value, 'utf8');
}
