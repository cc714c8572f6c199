import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { decodeLine, HEADER, type RegionReason } from './framing';
import { type JournalRecord } from './records';

/** Bytes of a segment that could not be read back: reported at startup and in `GET /_paved/health`. */
export interface CorruptRegion {
  /** The segment's file name in the journal directory. */
  readonly segment: string;
  /** Where the region starts, in bytes from the start of the file. */
  readonly offset: number;
  readonly bytes: number;
  readonly reason: RegionReason;
}

export interface ReadOptions {
  /** Read no further than this many bytes: the part of a segment being written that is known complete. */
  readonly limit?: number;
  /** Called for each unreadable region, after the records around it were yielded. */
  readonly onCorrupt?: (region: CorruptRegion) => void;
}

const HEADER_BYTES = Buffer.from(HEADER);

/**
 * Every intact record of a segment, oldest first. A line that cannot be read is reported as a region and
 * skipped; reading resumes at the next newline, so one damaged record costs only itself. Adjacent damaged
 * lines are reported as one region.
 */
export async function* readSegment(path: string, options: ReadOptions = {}): AsyncGenerator<JournalRecord> {
  const segment = basename(path);
  let pending: CorruptRegion | undefined;
  const report = (offset: number, bytes: number, reason: RegionReason): void => {
    if (pending && pending.offset + pending.bytes === offset) {
      // One region however many lines the damage spans; the worse reason wins, as torn means "never acknowledged".
      pending = {
        ...pending,
        bytes: pending.bytes + bytes,
        reason: pending.reason === 'torn' ? reason : pending.reason,
      };
      return;
    }
    if (pending) options.onCorrupt?.(pending);
    pending = { segment, offset, bytes, reason };
  };

  let framed: boolean | undefined;
  /** Reads one complete line (no newline) at `offset`; `bytes` counts its newline. */
  function* line(text: Buffer, offset: number, bytes: number): Generator<JournalRecord> {
    if (framed === undefined) {
      framed = text.equals(HEADER_BYTES);
      if (framed) return;
    }
    if (text.length === 0) {
      if (framed) report(offset, bytes, 'malformed');
      return;
    }
    const decoded = decodeLine(text, framed);
    if (!decoded.ok) return report(offset, bytes, decoded.reason);
    yield decoded.record;
    if (decoded.rest) {
      // The record was intact but the byte after it, its newline, was not: that byte alone is lost.
      const restAt = offset + text.length - decoded.rest.length;
      report(restAt - 1, 1, 'checksum');
      yield* line(decoded.rest, restAt, bytes - (restAt - offset));
    }
  }

  let carry: Buffer = Buffer.alloc(0);
  let offset = 0;
  const end = options.limit === undefined ? undefined : options.limit - 1;
  if (end === undefined || end >= 0) {
    for await (const chunk of createReadStream(path, { end, highWaterMark: 1024 * 1024 })) {
      const buffer = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
      let start = 0;
      for (let nl = buffer.indexOf(0x0a); nl >= 0; nl = buffer.indexOf(0x0a, start)) {
        yield* line(buffer.subarray(start, nl), offset, nl + 1 - start);
        offset += nl + 1 - start;
        start = nl + 1;
      }
      carry = buffer.subarray(start);
    }
  }
  // A last line without its newline: the write that made it never finished.
  if (carry.length > 0) report(offset, carry.length, 'torn');
  if (pending) options.onCorrupt?.(pending);
}
