import { MAX_PUT_EVENTS_ENTRIES, MAX_PUT_EVENTS_ENTRY_BYTES, putEventsEntrySize } from '../src';
import { chunkBySize } from '../src/publisher/limits';

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

describe('chunkBySize', () => {
  it('keeps input order, at most 10 per chunk', () => {
    const positions = Array.from({ length: 23 }, (_, i) => i);
    expect(
      chunkBySize(
        positions,
        positions.map(() => 100),
      ).map((chunk) => chunk.length),
    ).toEqual([10, 10, 3]);
  });

  it('starts a new chunk when the next entry would take the total over the limit', () => {
    const sizes = [600_000, 448_576, 1, 1_048_576, 5];
    expect(chunkBySize([0, 1, 2, 3, 4], sizes)).toEqual([[0, 1], [2], [3], [4]]);
  });

  it('chunks only the positions given, such as the entries to retry', () => {
    expect(chunkBySize([7, 2], [1, 1, 1, 1, 1, 1, 1, 1])).toEqual([[7, 2]]);
  });
});
