import { createHash } from 'node:crypto';
import { type KinesisStreamEvent, type SQSEvent } from 'aws-lambda';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
/** 2026-01-01T12:00:00Z: a fixed arrival time, so a test's batches are the same on every run. */
const ARRIVAL_SECONDS = 1_767_268_800;

/** Where a test batch says it came from. */
export interface BatchSource {
  /** The queue's or stream's name, such as the subscription id `orders-notify-warehouse`. @default 'paved-test' */
  readonly name?: string;
}

/** What {@link streamBatchOf} takes. */
export interface StreamBatchOptions extends BatchSource {
  /** The partition key of every record (or of each, by index). @default 'key-1' */
  readonly partitionKey?: string | ((event: unknown, index: number) => string);
}

/**
 * A batch as Lambda receives it from an SQS queue (`delivery: { kind: 'queue' }`): each event the JSON body of one
 * message, with the fields Lambda's SQS event source sets. Message ids are distinct and stable per index.
 *
 * @example
 * const batch = queueBatchOf([valid, invalid], { name: 'orders-notify-warehouse' });
 * await expect(handler(batch, fakeContext())).resolves.toEqual({ batchItemFailures: [batchItemFailure(batch, 1)] });
 */
export function queueBatchOf(events: readonly unknown[], source: BatchSource = {}): SQSEvent {
  const name = source.name ?? 'paved-test';
  return {
    Records: events.map((event, i) => {
      const body = JSON.stringify(event);
      return {
        messageId: `0f1e2d3c-4b5a-4978-8695-${i.toString(16).padStart(12, '0')}`,
        receiptHandle: `AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a${i}`,
        body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(ARRIVAL_SECONDS * 1000),
          SenderId: 'AIDAIENQZJOLO23YVJ4VO',
          ApproximateFirstReceiveTimestamp: String(ARRIVAL_SECONDS * 1000 + 10),
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`,
        awsRegion: REGION,
      };
    }),
  };
}

/**
 * A batch as Lambda reads it from a Kinesis stream (`delivery: { kind: 'stream' }`): each event base64-encoded JSON
 * in one record, in order, with increasing sequence numbers.
 *
 * @example
 * const batch = streamBatchOf(events, { name: 'orders-record-sale-analytics', partitionKey: 'c-1001' });
 */
export function streamBatchOf(
  events: readonly unknown[],
  options: StreamBatchOptions = {},
): KinesisStreamEvent {
  const name = options.name ?? 'paved-test';
  const keyOf = options.partitionKey ?? 'key-1';
  return {
    Records: events.map((event, i) => {
      const sequenceNumber = `49590336171237189370000000000000000000000000000${String(i).padStart(4, '0')}`;
      return {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: typeof keyOf === 'function' ? keyOf(event, i) : keyOf,
          sequenceNumber,
          data: Buffer.from(JSON.stringify(event)).toString('base64'),
          approximateArrivalTimestamp: ARRIVAL_SECONDS + i,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
        awsRegion: REGION,
        eventSourceARN: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`,
      };
    }),
  };
}

/** What a batch handler answers for the record at `index` of `batch` when that record fails. */
export function batchItemFailure(
  batch: SQSEvent | KinesisStreamEvent,
  index: number,
): { readonly itemIdentifier: string } {
  const record = batch.Records[index];
  if (record === undefined)
    throw new RangeError(
      `batchItemFailure: the batch has ${batch.Records.length} records, no record ${index}.`,
    );
  return { itemIdentifier: 'messageId' in record ? record.messageId : record.kinesis.sequenceNumber };
}
