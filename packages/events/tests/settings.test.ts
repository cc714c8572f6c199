import {
  DEFAULT_BUS_NAME,
  HANDLER_ENV,
  MAX_PUT_EVENTS_ENTRIES,
  MAX_PUT_EVENTS_ENTRY_BYTES,
  putEventsEntrySize,
  storeBucketVariable,
} from '../src';

describe('putEventsEntrySize', () => {
  it('counts Source, DetailType and Detail in UTF-8 bytes', () => {
    expect(
      putEventsEntrySize({ Source: 'myapp.orders', DetailType: 'OrderCreated', Detail: '{"orderId":"o-1"}' }),
    ).toBe(41);
    // "é" is 2 bytes and "🚚" 4 in UTF-8, though 1 and 2 UTF-16 units.
    expect(putEventsEntrySize({ Source: 'a', DetailType: 'é', Detail: '"🚚"' })).toBe(1 + 2 + 6);
  });

  it('counts Time as 14 bytes and each resource by its bytes, but not the bus name', () => {
    const entry = { Source: 'a', DetailType: 'b', Detail: '{}', EventBusName: 'a-very-long-bus-name' };
    expect(putEventsEntrySize(entry)).toBe(4);
    expect(putEventsEntrySize({ ...entry, Time: new Date() })).toBe(18);
    expect(putEventsEntrySize({ ...entry, Resources: ['arn:1', 'arn:22'] })).toBe(4 + 5 + 6);
  });

  it('uses the current AWS quotas: 10 entries and 1 MB per call', () => {
    expect(MAX_PUT_EVENTS_ENTRIES).toBe(10);
    expect(MAX_PUT_EVENTS_ENTRY_BYTES).toBe(1_048_576);
  });
});

describe('names that cross packages', () => {
  it("names a store's bucket variable after the store", () => {
    expect(storeBucketVariable('stock')).toBe('STOCK_BUCKET');
    expect(storeBucketVariable('sale-records')).toBe('SALE_RECORDS_BUCKET');
  });

  it('keeps the names the platform, the local bus and deployed functions already use', () => {
    expect(DEFAULT_BUS_NAME).toBe('paved');
    expect(HANDLER_ENV).toEqual({
      eventBusName: 'PAVED_EVENT_BUS_NAME',
      local: 'PAVED_LOCAL',
      outboxDir: 'PAVED_OUTBOX_DIR',
      mailFrom: 'MAIL_FROM',
      localS3Dir: 'PAVED_S3_DIR',
      idempotencyTable: 'PAVED_IDEMPOTENCY_TABLE',
      localIdempotencyDir: 'PAVED_IDEMPOTENCY_DIR',
      failureDlqUrl: 'PAVED_FAILURE_DLQ_URL',
      rerunReplays: 'PAVED_RERUN_REPLAYS',
    });
  });
});
