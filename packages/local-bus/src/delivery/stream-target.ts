import { type StreamDelivery } from '@paved/events';
import { createHash, randomUUID } from 'node:crypto';
import { type FunctionRule } from '../core/rules';
import { type FunctionError } from '../journal/records';
import { invokeBatch, recordBatchAttempts, Timers, type BufferedTarget } from './batch';
import { dlqRecord, outcomeRecord, type Delivery, type RetryContext } from './delivery';
import { type Target } from './functions';

/** The stream's one shard: its parallelization factor runs that many batches of it at once, by partition key. */
const SHARD_ID = 'shardId-000000000000';

/** Why Lambda gave up on stream records: the on-failure record's `requestContext.condition`. */
export type StreamFailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

interface StreamRecord {
  readonly delivery: Delivery;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly arrivedAt: number;
  invokes: number;
  readonly done: () => void;
}

/** Records of one partition-key hash range: read in order, one batch at a time. */
interface Lane {
  readonly records: StreamRecord[];
  busy: boolean;
  wake: number | undefined;
}

/** A batch being worked on: its records, its retries so far, and its attempts. */
interface Batch {
  readonly records: StreamRecord[];
  readonly id: string;
  readonly retries: number;
  attempt: number;
}

/**
 * The record Lambda's Kinesis event source mapping sends to its on-failure destination for records it gave up on (see
 * "Retain discarded batch records for a Kinesis Data Streams event source" in the Lambda developer guide), plus the
 * records themselves in `payload`, as its S3 destination adds them (an SQS destination on AWS gets the metadata only):
 * so `paved dlq redrive` can deliver them again.
 */
export interface StreamFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: StreamFailureCondition;
    readonly approximateInvokeCount: number;
  };
  readonly responseContext: {
    readonly statusCode: number;
    readonly executedVersion: string;
    readonly functionError?: string;
  };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly KinesisBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
  readonly payload: { readonly Records: readonly object[] };
}

/**
 * EventBridge → Kinesis → Lambda for one rule (`delivery: { kind: 'stream' }`): the rule puts each event (its input)
 * on the rule's stream with the partition key its `partitionKey` path reads from the event (the event's id when the
 * path finds nothing: EventBridge's documented default partition key), and an event source mapping reads the shard
 * in order and invokes the function with a KinesisStreamEvent of up to `batchSize` records, gathering up to
 * `maxBatchingWindowSeconds`. `parallelizationFactor` batches of the shard run at once, split by partition key, so
 * records with the same key are always handled in order.
 *
 * A batch that fails (the function throws, or names records in `batchItemFailures`: the records before the lowest one
 * named are checkpointed, and the batch is retried from it, as Lambda does) is split in two when
 * `bisectBatchOnError` (splitting uses no retry), else retried, up to `retryAttempts`; records older than
 * `maxRecordAgeSeconds` are not invoked again. What is given up goes to the handler's failure DLQ as Lambda's stream
 * on-failure record (one message per record, so each can be redriven), and the shard moves on. Delays and ages are
 * scaled by the bus's `timeScale`.
 *
 * Durable as the queue is: an event stays pending for the rule until its record is handled or dead-lettered, and a
 * restart puts the pending ones on the stream again, in their order.
 */
export class StreamTarget implements BufferedTarget {
  private readonly lanes: Lane[];
  private readonly timers = new Timers();

  constructor(
    private readonly rule: FunctionRule,
    private readonly target: Target,
    private readonly settings: StreamDelivery,
    private readonly context: RetryContext,
  ) {
    this.lanes = Array.from({ length: settings.parallelizationFactor }, () => ({
      records: [],
      busy: false,
      wake: undefined,
    }));
  }

  send(delivery: Delivery): Promise<void> {
    return new Promise((resolve) => {
      const partitionKey = partitionKeyOf(delivery, this.settings.partitionKey);
      const lane = this.lanes[laneOf(partitionKey, this.lanes.length)]!;
      lane.records.push({
        delivery,
        // Kinesis sequence numbers grow within a shard; the accepted record's seq grows too, across restarts.
        sequenceNumber: `4959${String(delivery.accepted.seq).padStart(52, '0')}`,
        partitionKey,
        arrivedAt: Date.now(),
        invokes: 0,
        done: resolve,
      });
      this.read(lane, 0);
    });
  }

  close(): void {
    this.timers.clear();
  }

  private read(lane: Lane, ms: number): void {
    const at = Date.now() + ms;
    if (lane.wake !== undefined && lane.wake <= at) return;
    lane.wake = at;
    this.timers.after(ms, () => {
      if (lane.wake === at) lane.wake = undefined;
      this.next(lane);
    });
  }

  /** Takes the lane's next batch once it is full or its window has passed, unless one is running. */
  private next(lane: Lane): void {
    if (lane.busy || this.context.closed || lane.records.length === 0) return;
    const { batchSize, maxBatchingWindowSeconds } = this.settings;
    const wait =
      lane.records[0]!.arrivedAt + maxBatchingWindowSeconds * 1000 * this.context.timeScale - Date.now();
    if (lane.records.length < batchSize && wait > 0) return this.read(lane, wait);
    const records = lane.records.splice(0, batchSize);
    lane.busy = true;
    void this.process({ records, id: randomUUID(), retries: 0, attempt: 0 }).finally(() => {
      lane.busy = false;
      this.read(lane, 0);
    });
  }

  /** Works a batch off until every record is handled or given up, in order: the lane waits for it. */
  private async process(first: Batch): Promise<void> {
    const { context, settings } = this;
    const work: Batch[] = [first];
    for (let batch = work.shift(); batch; batch = work.shift()) {
      const maxAgeMs = settings.maxRecordAgeSeconds * 1000 * context.timeScale;
      const now = Date.now();
      const expired = batch.records.filter((r) => now - r.arrivedAt > maxAgeMs);
      if (expired.length > 0) this.giveUp(expired, 'RecordAgeExceeded', randomUUID(), undefined);
      const records = batch.records.filter((r) => now - r.arrivedAt <= maxAgeMs);
      if (records.length === 0) continue;
      const current: Batch =
        records.length === batch.records.length ? batch : { ...batch, records, id: randomUUID(), attempt: 0 };
      current.attempt += 1;
      for (const record of records) record.invokes += 1;
      const requestId = randomUUID();
      const invocation = await invokeBatch(
        this.target,
        requestId,
        JSON.stringify({ Records: records.map((record) => this.kinesisRecord(record)) }),
        records.map((record) => record.sequenceNumber),
      );
      if (context.closed) return;
      const items = records.map((r) => ({ delivery: r.delivery, id: r.sequenceNumber, invokes: r.invokes }));
      recordBatchAttempts(context, 'stream', current, items, invocation);
      // Lambda's checkpoint: everything before the lowest failed sequence number is done; the rest is retried.
      const failedAt = records.findIndex((r) => invocation.failed.has(r.sequenceNumber));
      const done = failedAt < 0 ? records : records.slice(0, failedAt);
      for (const record of done) {
        context.record(outcomeRecord(record.delivery.accepted, this.rule.name, 'succeeded'));
        record.done();
      }
      if (failedAt < 0) continue;
      const rest = records.slice(failedAt);
      if (settings.bisectBatchOnError && rest.length > 1) {
        const half = Math.ceil(rest.length / 2);
        work.unshift(
          { records: rest.slice(0, half), id: randomUUID(), retries: current.retries, attempt: 0 },
          { records: rest.slice(half), id: randomUUID(), retries: current.retries, attempt: 0 },
        );
        continue;
      }
      const retries = current.retries + 1;
      if (retries > settings.retryAttempts) {
        this.giveUp(rest, 'RetryAttemptsExhausted', requestId, invocation.error);
        continue;
      }
      await new Promise<void>((resolve) =>
        this.timers.after(Math.min(1000 * 2 ** (retries - 1), 60_000) * context.timeScale, resolve),
      );
      if (context.closed) return;
      work.unshift(
        rest.length === records.length
          ? { ...current, retries }
          : { records: rest, id: randomUUID(), retries, attempt: 0 },
      );
    }
  }

  /** Sends records the mapping gives up on to the failure DLQ, one on-failure record each; the shard moves on. */
  private giveUp(
    records: readonly StreamRecord[],
    condition: StreamFailureCondition,
    requestId: string,
    error: FunctionError | undefined,
  ): void {
    const { context, rule } = this;
    for (const record of records) {
      const arrival = new Date(record.arrivedAt).toISOString();
      const body: StreamFailureRecord = {
        requestContext: {
          requestId,
          functionArn: rule.targetArn,
          condition,
          approximateInvokeCount: record.invokes,
        },
        responseContext: {
          statusCode: 200,
          executedVersion: '$LATEST',
          ...(error && error.errorType !== 'BatchItemFailure' ? { functionError: 'Unhandled' } : {}),
        },
        version: '1.0',
        timestamp: new Date().toISOString(),
        KinesisBatchInfo: {
          shardId: SHARD_ID,
          startSequenceNumber: record.sequenceNumber,
          endSequenceNumber: record.sequenceNumber,
          approximateArrivalOfFirstRecord: arrival,
          approximateArrivalOfLastRecord: arrival,
          batchSize: 1,
          streamArn: rule.buffer?.arn ?? '',
        },
        payload: { Records: [this.kinesisRecord(record)] },
      };
      context.record(dlqRecord(record.delivery, rule.failureQueue, JSON.stringify(body), {}));
      const why =
        condition === 'RecordAgeExceeded'
          ? `older than maxRecordAgeSeconds (${this.settings.maxRecordAgeSeconds})`
          : `retryAttempts (${this.settings.retryAttempts}) exhausted: ${error?.errorType}: ${error?.errorMessage}`;
      context.record(
        outcomeRecord(
          record.delivery.accepted,
          rule.name,
          'failed',
          rule.failureQueue,
          `${condition}: ${why}`,
        ),
      );
      record.done();
    }
  }

  /** One record as Lambda's Kinesis event source mapping delivers it (see KinesisStreamRecord in @types/aws-lambda). */
  private kinesisRecord(record: StreamRecord): object {
    const { place } = this.context;
    return {
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: record.partitionKey,
        sequenceNumber: record.sequenceNumber,
        data: Buffer.from(record.delivery.payload, 'utf8').toString('base64'),
        approximateArrivalTimestamp: record.arrivedAt / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${SHARD_ID}:${record.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: `arn:aws:iam::${place.accountId}:role/${this.rule.name}`,
      awsRegion: place.region,
      eventSourceARN: this.rule.buffer?.arn,
    };
  }
}

/**
 * The partition key EventBridge's Kinesis target gives an event: the value at the rule target's `PartitionKeyPath`
 * (`$.detail.customerId`), as text. When the path finds nothing (or null), the event's id, which is EventBridge's
 * documented partition key for a target without `KinesisParameters`: such events keep no order among themselves.
 */
export function partitionKeyOf(delivery: Delivery, path: string): string {
  let value: unknown = delivery.accepted.event;
  for (const field of path.slice(2).split('.')) {
    value =
      value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
  }
  if (value === undefined || value === null) return delivery.accepted.event.id;
  return (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 256);
}

/** Which of `lanes` a partition key's records go to: Kinesis hashes keys with MD5, so does this. */
function laneOf(partitionKey: string, lanes: number): number {
  return createHash('md5').update(partitionKey).digest().readUInt32BE(0) % lanes;
}
