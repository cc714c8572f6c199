import { OrderCreated } from '@paved/orders-contracts';
import { expectStoredOnce, fakeContext, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { type SQSEvent } from 'aws-lambda';
import { handler } from '../src/handler';

const outbox = useLocalOutbox();

/** A batch as Lambda receives it from the queue: each event the body of an SQS message. */
function queueBatchOf(events: readonly unknown[]): SQSEvent {
  return {
    Records: events.map((event, i) => ({
      messageId: `0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f${i}`,
      receiptHandle: `AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a${i}`,
      body: JSON.stringify(event),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1767268800000',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1767268800010',
      },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:orders-notify-warehouse',
      awsRegion: 'us-east-1',
    })),
  };
}

const samples = loadSampleEvents(OrderCreated);

describe('notify-warehouse handler', () => {
  it('hands the warehouse one pick list per order, however often the order arrives', async () => {
    const { event } = samples.get('example-1');
    await expect(
      expectStoredOnce((one, context) => handler(queueBatchOf([one]), context), event, outbox, 'warehouse'),
    ).resolves.toEqual({
      key: 'pick-lists/o-1001.json',
      stored: {
        orderId: 'o-1001',
        lines: [
          { sku: 'BOOK-ANALYTICAL-ENGINE', quantity: 1 },
          { sku: 'PEN-FOUNTAIN', quantity: 2 },
        ],
        totalUnits: 3,
      },
    });
  });

  it('reports only the order that does not match the contract, and hands the warehouse the others', async () => {
    const { event } = samples.get('example-1');
    const { event: invalid } = samples.invalid[0]!;
    const batch = queueBatchOf([
      invalid,
      { ...event, id: 'e-2', detail: { ...event.detail, orderId: 'o-2' } },
    ]);
    // No failure DLQ here (PAVED_FAILURE_DLQ_URL unset): the invalid order cannot be parked, so it is retried.
    await expect(handler(batch, fakeContext())).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: batch.Records[0]!.messageId }],
    });
    expect(outbox.list('warehouse')).toContain('pick-lists/o-2.json');
  });
});
