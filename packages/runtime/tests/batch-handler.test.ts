import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { defineSubscription, type DeliveryKindOptions, HANDLER_ENV } from '@paved/events';
import { type KinesisStreamEvent, type KinesisStreamRecord, type SQSEvent, type SQSRecord } from 'aws-lambda';
import {
  BatchDeliveryError,
  createPublisher,
  defineBatchHandler,
  getEventContext,
  PermanentError,
} from '../src';
import { OrderCreated, StockReserved } from './support/contracts';
import { answer, eventBridge, PutEventsCommand, sentCalls } from './support/event-bridge';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { useFailureDlq } from './support/failure-dlq';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders-record-sale-failure-dlq';

const subscriptionWith = (delivery: DeliveryKindOptions) =>
  defineSubscription({
    name: 'record-sale',
    service: 'orders',
    contract: OrderCreated,
    entry: __filename,
    description: 'Records a sale.',
    delivery,
  });

const queued = subscriptionWith({ kind: 'queue', batchSize: 10 });
const streamed = subscriptionWith({ kind: 'stream', partitionKey: '$.detail.customerId' });

/** An order event as EventBridge delivers it, with its own id and order id. */
function order(n: number, detail: Record<string, unknown> = {}): Record<string, unknown> {
  const event = loadEvent('order-created');
  return {
    ...event,
    id: `e-${n}`,
    detail: { ...(event['detail'] as object), orderId: `o-${n}`, ...detail },
  };
}

/** An SQS record as Lambda's event source mapping passes it: the body is the event EventBridge sent to the queue. */
function sqsRecord(body: unknown, n: number): SQSRecord {
  return {
    messageId: `m-${n}`,
    receiptHandle: `AQEB-${n}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1773480413000',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1773480413010',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:orders-record-sale',
    awsRegion: 'eu-west-1',
  };
}

/** A Kinesis record as Lambda's event source mapping passes it: `data` is the event, base64. */
function kinesisRecord(body: unknown, n: number): KinesisStreamRecord {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: 'c-42',
      sequenceNumber: `4959033617123718937${n}`,
      data: Buffer.from(text, 'utf8').toString('base64'),
      approximateArrivalTimestamp: 1773480413.123,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:4959033617123718937${n}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/orders-record-sale',
    awsRegion: 'eu-west-1',
    eventSourceARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders-record-sale',
  };
}

const sqsEvent = (...bodies: unknown[]): SQSEvent => ({
  Records: bodies.map((body, i) => sqsRecord(body, i + 1)),
});
const kinesisEvent = (...bodies: unknown[]): KinesisStreamEvent => ({
  Records: bodies.map((body, i) => kinesisRecord(body, i + 1)),
});

const { logs, sent } = useFailureDlq(QUEUE_URL, 'dlq-1');

/** The events sent to the failure DLQ, by id, with their error code. */
const parked = () =>
  sent().map(({ record, attributes }) => ({
    id: (record['requestPayload'] as { id?: string }).id,
    code: attributes?.['PAVED_ERROR_CODE']?.StringValue,
  }));

describe('defineBatchHandler: queue delivery (SQS)', () => {
  it('handles every record of a batch, in order, and reports no failure', async () => {
    const seen: string[] = [];
    const handler = defineBatchHandler(queued, (detail) => {
      seen.push(detail.orderId);
    });
    await expect(handler(sqsEvent(order(1), order(2), order(3)), fakeContext())).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(seen).toEqual(['o-1', 'o-2', 'o-3']);
  });

  it('reports the records the function failed on by message id, and handles the rest', async () => {
    const seen: string[] = [];
    const handler = defineBatchHandler(queued, (detail) => {
      if (detail.orderId === 'o-2' || detail.orderId === 'o-4') throw new Error('warehouse API timed out');
      seen.push(detail.orderId);
    });
    await expect(handler(sqsEvent(order(1), order(2), order(3), order(4)), fakeContext())).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-2' }, { itemIdentifier: 'm-4' }],
    });
    expect(seen).toEqual(['o-1', 'o-3']);
    expect(parked()).toEqual([]);
    const summary = logs()
      .lines()
      .find((line) => line['message'] === 'Batch handled with failed records: they are retried');
    expect(summary).toMatchObject({
      delivery: 'queue',
      records: 4,
      failed: 2,
      failedRecords: ['m-2', 'm-4'],
    });
  });

  it('answers with every record when every record fails, rather than throwing', async () => {
    const handler = defineBatchHandler(queued, () => {
      throw new Error('down');
    });
    await expect(handler(sqsEvent(order(1), order(2)), fakeContext())).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }],
    });
  });

  it('sends an invalid record, and one failing permanently, to the failure DLQ at once, and handles the rest', async () => {
    const fn = jest.fn((detail: { orderId: string }) => {
      if (detail.orderId === 'o-3') throw new PermanentError('order o-3 was cancelled');
    });
    const handler = defineBatchHandler(queued, fn);
    const invalid = loadEvent('order-created-invalid');
    await expect(
      handler(sqsEvent(order(1), invalid, order(3), 'not json', order(5)), fakeContext()),
    ).resolves.toEqual({ batchItemFailures: [] });
    expect(fn.mock.calls.map(([detail]) => detail.orderId)).toEqual(['o-1', 'o-3', 'o-5']);
    expect(parked()).toEqual([
      { id: invalid['id'], code: 'INVALID_EVENT' },
      { id: 'e-3', code: 'PERMANENT_FAILURE' },
      { id: undefined, code: 'INVALID_EVENT' },
    ]);
  });

  it('reports an invalid record as failed when it cannot be sent to the failure DLQ, so it is not lost', async () => {
    delete process.env[HANDLER_ENV.failureDlqUrl];
    const handler = defineBatchHandler(queued, () => undefined);
    await expect(
      handler(sqsEvent(order(1), loadEvent('order-created-invalid')), fakeContext()),
    ).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
  });

  it('runs each event once per idempotency key, even twice in one batch or in a later batch', async () => {
    const fn = jest.fn();
    const handler = defineBatchHandler(queued, fn);
    await handler(sqsEvent(order(1), order(1), order(2)), fakeContext());
    await handler(sqsEvent(order(2)), fakeContext());
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("logs each record with its event's id, correlation id and trace id", async () => {
    const handler = defineBatchHandler(queued, (_detail, { logger }) => logger.info('recording'));
    const correlated = loadEvent('order-created-correlated');
    await handler(sqsEvent(order(1), correlated), fakeContext());
    const lines = logs()
      .lines()
      .filter((line) => line['message'] === 'recording');
    expect(lines.map((line) => [line['event_id'], line['correlation_id']])).toEqual([
      ['e-1', 'e-1'],
      [correlated['id'], 'checkout-7f3a'],
    ]);
    for (const line of lines) expect(line['trace_id']).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[0]!['trace_id']).not.toEqual(lines[1]!['trace_id']);
  });

  it("publishes from each record with that record's correlation and causation", async () => {
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).callsFake(answer());
    const publisher = createPublisher({
      client: new EventBridgeClient({ region: 'eu-west-1' }),
      eventBusName: 'orders-bus',
    });
    const handler = defineBatchHandler(queued, async (detail) => {
      expect(getEventContext()?.causationId).toBeDefined();
      await publisher.publish(StockReserved, { orderId: detail.orderId, skus: ['SKU-1'] });
    });
    await handler(sqsEvent(order(1), loadEvent('order-created-correlated')), fakeContext());
    const metas = sentCalls()
      .flat()
      .map((entry) => JSON.parse(entry.Detail ?? '')._meta as Record<string, string>);
    expect(metas.map((meta) => [meta['correlationId'], meta['causationId']])).toEqual([
      ['e-1', 'e-1'],
      ['checkout-7f3a', '3b8e6a52-51c4-4f0e-a7d9-0e4f6c2b8a17'],
    ]);
  });

  it('handles one event invoked without a batch, as a redrive from the failure DLQ does, and throws when it fails', async () => {
    const fn = jest.fn((detail: { orderId: string }) => {
      if (detail.orderId === 'o-2') throw new Error('still down');
    });
    const handler = defineBatchHandler(queued, fn);
    await expect(handler(order(1) as unknown as SQSEvent, fakeContext())).resolves.toEqual({
      batchItemFailures: [],
    });
    await expect(handler(order(2) as unknown as SQSEvent, fakeContext())).rejects.toMatchObject({
      code: 'HANDLER_FAILED',
    });
  });

  it('refuses Kinesis records: the mapping points at the wrong source', async () => {
    const handler = defineBatchHandler(queued, () => undefined);
    const error = await handler(kinesisEvent(order(1)) as unknown as SQSEvent, fakeContext()).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(BatchDeliveryError);
    expect(error).toMatchObject({
      code: 'BATCH_DELIVERY_MISMATCH',
      message:
        'Handler orders-record-sale has queue delivery and expects aws:sqs records, but received one from "aws:kinesis". ' +
        "Point the event source mapping at the handler's own queue, or change its delivery.",
    });
  });
});

describe('defineBatchHandler: stream delivery (Kinesis)', () => {
  it('decodes each record from base64 and handles the batch in order', async () => {
    const seen: string[] = [];
    const handler = defineBatchHandler(streamed, (detail) => {
      seen.push(detail.orderId);
    });
    await expect(handler(kinesisEvent(order(1), order(2), order(3)), fakeContext())).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(seen).toEqual(['o-1', 'o-2', 'o-3']);
  });

  it('reports the failed record by sequence number, and leaves the records after it for the retry, in order', async () => {
    const seen: string[] = [];
    const handler = defineBatchHandler(streamed, (detail) => {
      if (detail.orderId === 'o-2') throw new Error('analytics store throttled');
      seen.push(detail.orderId);
    });
    await expect(
      handler(kinesisEvent(order(1), order(2), order(3), order(4)), fakeContext()),
    ).resolves.toEqual({
      batchItemFailures: [
        { itemIdentifier: '49590336171237189372' },
        { itemIdentifier: '49590336171237189373' },
        { itemIdentifier: '49590336171237189374' },
      ],
    });
    expect(seen).toEqual(['o-1']);
  });

  it('parks an invalid record in the failure DLQ and goes on with the shard', async () => {
    const seen: string[] = [];
    const handler = defineBatchHandler(streamed, (detail) => {
      seen.push(detail.orderId);
    });
    const invalid = loadEvent('order-created-invalid');
    await expect(handler(kinesisEvent(order(1), invalid, order(3)), fakeContext())).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(seen).toEqual(['o-1', 'o-3']);
    expect(parked()).toEqual([{ id: invalid['id'], code: 'INVALID_EVENT' }]);
  });

  it('refuses SQS records: the mapping points at the wrong source', async () => {
    const handler = defineBatchHandler(streamed, () => undefined);
    await expect(handler(sqsEvent(order(1)) as unknown as KinesisStreamEvent, fakeContext())).rejects.toThrow(
      'expects aws:kinesis records, but received one from "aws:sqs"',
    );
  });
});

describe('defineBatchHandler: declaration', () => {
  it('refuses a subscription with direct delivery, naming the fix', () => {
    const direct = subscriptionWith({ kind: 'direct' });
    expect(() => defineBatchHandler(direct, () => undefined)).toThrow(
      new BatchDeliveryError(
        'Handler orders-record-sale has direct delivery: its function is invoked with one event at a time, never a batch. ' +
          "Declare delivery: { kind: 'queue' } or { kind: 'stream', partitionKey: '$.detail.<field>' } in its subscription, or use defineHandler.",
      ),
    );
  });
});
