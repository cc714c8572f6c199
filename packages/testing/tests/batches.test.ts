import { createHash } from 'node:crypto';
import { batchItemFailure, queueBatchOf, streamBatchOf } from '../src';

const events = [
  { id: 'e-1', detail: { customerId: 'c-1' } },
  { id: 'e-2', detail: { customerId: 'c-2' } },
];

describe('queueBatchOf', () => {
  it("builds Lambda's SQS records: one message per event, its body the event, its MD5 the body's", () => {
    const batch = queueBatchOf(events, { name: 'orders-notify-warehouse' });
    expect(batch.Records).toHaveLength(2);
    expect(batch.Records.map((record) => JSON.parse(record.body))).toEqual(events);
    for (const record of batch.Records) {
      expect(record.md5OfBody).toBe(createHash('md5').update(record.body).digest('hex'));
      expect(record.eventSource).toBe('aws:sqs');
      expect(record.eventSourceARN).toBe('arn:aws:sqs:us-east-1:123456789012:orders-notify-warehouse');
    }
    expect(new Set(batch.Records.map((record) => record.messageId)).size).toBe(2);
    expect(batchItemFailure(batch, 1)).toEqual({ itemIdentifier: batch.Records[1]!.messageId });
  });
});

describe('streamBatchOf', () => {
  it("builds Lambda's Kinesis records: base64 events in order, keyed as asked", () => {
    const batch = streamBatchOf(events, {
      partitionKey: (event) => (event as (typeof events)[number]).detail.customerId,
    });
    expect(
      batch.Records.map((record) => JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString())),
    ).toEqual(events);
    expect(batch.Records.map((record) => record.kinesis.partitionKey)).toEqual(['c-1', 'c-2']);
    const sequence = batch.Records.map((record) => record.kinesis.sequenceNumber);
    expect([...sequence].sort()).toEqual(sequence);
    expect(new Set(sequence).size).toBe(2);
    expect(batch.Records[0]!.eventID).toBe(`shardId-000000000000:${sequence[0]}`);
    for (const record of batch.Records) {
      expect(record).toMatchObject({
        eventSource: 'aws:kinesis',
        eventName: 'aws:kinesis:record',
        eventVersion: '1.0',
      });
      expect(record.kinesis.kinesisSchemaVersion).toBe('1.0');
    }
    expect(batchItemFailure(batch, 0)).toEqual({ itemIdentifier: sequence[0] });
  });

  it('says which record is missing when asked for one the batch does not have', () => {
    expect(() => batchItemFailure(streamBatchOf(events), 2)).toThrow('the batch has 2 records, no record 2');
  });
});
