import { MAX_PUT_EVENTS_ENTRIES, MAX_PUT_EVENTS_ENTRY_BYTES } from '@paved/events';

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
