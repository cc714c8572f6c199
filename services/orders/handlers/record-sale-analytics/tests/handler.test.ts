import { OrderCreated } from '@paved/orders-contracts';
import { expectStoredOnce, fakeContext, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { type KinesisStreamEvent } from 'aws-lambda';
import { handler } from '../src/handler';
import { toSaleRecord } from '../src/record-sale-analytics';

const outbox = useLocalOutbox();

/** A batch as Lambda reads it from the stream: each event base64 in a Kinesis record, in order. */
function streamBatchOf(events: readonly unknown[]): KinesisStreamEvent {
  return {
    Records: events.map((event, i) => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: String((event as { detail?: { customerId?: unknown } }).detail?.customerId),
        sequenceNumber: `4959033617123718937000000000000000000000000000000${i}`,
        data: Buffer.from(JSON.stringify(event)).toString('base64'),
        approximateArrivalTimestamp: 1767268800 + i,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:4959033617123718937000000000000000000000000000000${i}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/orders-record-sale-analytics',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/orders-record-sale-analytics',
    })),
  };
}

const samples = loadSampleEvents(OrderCreated);

describe('record-sale-analytics handler', () => {
  it.each(samples.valid)(
    'records the sale of $file once, in its day partition, however often it arrives',
    async ({ event }) => {
      const sale = await expectStoredOnce(
        (one, context) => handler(streamBatchOf([one]), context),
        event,
        outbox,
        'analytics',
      );
      expect(sale.key).toBe(`sales/day=${event.detail.createdAt.slice(0, 10)}/${event.detail.orderId}.json`);
      expect(sale.stored).toEqual(toSaleRecord(event.detail));
    },
  );

  it('records every sale of a batch in one invocation', async () => {
    const { event } = samples.valid[0]!;
    const orders = ['o-1', 'o-2', 'o-3'].map((orderId, i) => ({
      ...event,
      id: `e-${i}`,
      detail: { ...event.detail, orderId },
    }));
    await expect(handler(streamBatchOf(orders), fakeContext())).resolves.toEqual({ batchItemFailures: [] });
    const day = event.detail.createdAt.slice(0, 10);
    expect(outbox.list('analytics').filter((key) => key.endsWith('.json'))).toEqual(
      expect.arrayContaining(['o-1', 'o-2', 'o-3'].map((id) => `sales/day=${day}/${id}.json`)),
    );
  });

  it('reports an order that does not match the contract, and the ones after it, for the stream to retry in order', async () => {
    const { event } = samples.valid[0]!;
    const { event: invalid } = samples.invalid[0]!;
    const batch = streamBatchOf([event, invalid, { ...event, id: 'e-after' }]);
    // No failure DLQ here (PAVED_FAILURE_DLQ_URL unset): the invalid order cannot be parked, so it is retried.
    await expect(handler(batch, fakeContext())).resolves.toEqual({
      batchItemFailures: batch.Records.slice(1).map((record) => ({
        itemIdentifier: record.kinesis.sequenceNumber,
      })),
    });
  });
});
