import { type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** The most entries one PutEvents call accepts. */
export const MAX_PUT_EVENTS_ENTRIES = 10;

/**
 * The largest PutEvents entry, and the largest sum of entry sizes in one call, in bytes: 1 MB
 * (AWS raised it from 256 KB on 2026-01-29: "More room to build: serverless services now support
 * payloads up to 1 MB", https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb/;
 * the PutEvents API reference, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html,
 * now reads "the total entry size must be less than 1MB"). Taken as 1 MiB, as SQS and Lambda count it.
 */
export const MAX_PUT_EVENTS_ENTRY_BYTES = 1024 * 1024;

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
export function putEventsEntrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : 14;
  size += utf8Bytes(entry.Source) + utf8Bytes(entry.DetailType) + utf8Bytes(entry.Detail);
  for (const resource of entry.Resources ?? []) size += utf8Bytes(resource);
  return size;
}

function utf8Bytes(value: string | undefined): number {
  return value === undefined ? 0 : Buffer.byteLength(value, 'utf8');
}

/**
 * Splits entry positions into PutEvents calls: in input order, at most {@link MAX_PUT_EVENTS_ENTRIES}
 * per call and at most {@link MAX_PUT_EVENTS_ENTRY_BYTES} in total. Every size must already fit the limit.
 */
export function chunkBySize(positions: readonly number[], sizes: readonly number[]): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let currentBytes = 0;
  for (const position of positions) {
    const size = sizes[position] ?? 0;
    if (
      current.length === MAX_PUT_EVENTS_ENTRIES ||
      (current.length > 0 && currentBytes + size > MAX_PUT_EVENTS_ENTRY_BYTES)
    ) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(position);
    currentBytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
