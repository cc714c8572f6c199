import * as zlib from 'node:zlib';
import { eventJson, rememberJson } from '../core/event';
import { type AcceptedRecord, type JournalRecord } from './records';

/**
 * First line of every segment written in the framed format. Segments without it are the earlier format (one
 * bare JSON object a line) and are still read.
 */
export const HEADER = '# paved-journal 2: each line is <payload bytes> <crc32 hex> <json>';
const HEADER_LINE = Buffer.from(HEADER + '\n');

/** Why a region of a segment could not be read. */
export type RegionReason =
  /** The segment ends inside a record: a write cut short by a crash or a failed write. Never acknowledged. */
  | 'torn'
  /** A complete line whose bytes do not match its checksum, or whose length is not the one it declares. */
  | 'checksum'
  /** A complete line that is not a record at all. */
  | 'malformed';

/** What one line of a segment holds. */
export type Decoded =
  | { readonly ok: true; readonly record: JournalRecord }
  | { readonly ok: false; readonly reason: RegionReason };

const SPACE = 0x20;

// node:zlib has crc32 from Node 20.15; the workspace supports Node 20.11 on, so older ones get this table.
const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32: (data: string | Buffer) => number =
  (zlib as { crc32?: (data: string | Buffer) => number }).crc32 ??
  ((data) => {
    let c = 0xffffffff;
    for (const byte of typeof data === 'string' ? Buffer.from(data) : data)
      c = TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  });

/** The header line a new segment starts with. */
export function headerLine(): Buffer {
  return HEADER_LINE;
}

/**
 * A record as one framed line: `<payload bytes> <crc32> <json>\n`. A string, not bytes: a batch's lines are
 * encoded in one go when written, which keeps framing to about a microsecond a record.
 */
export function frame(record: JournalRecord): string {
  let json = serialize(record);
  // A raw line break can only be whitespace between JSON tokens (inside strings JSON escapes it): one in an
  // event's Detail, kept as its producer wrote it, would split the record in two. A space means the same.
  if (json.includes('\n')) json = json.replace(/\n/g, ' ');
  return `${Buffer.byteLength(json)} ${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

/**
 * Reads one line (without its newline). `framed` says the segment started with {@link HEADER}, so a bare
 * JSON line in it is not trusted. `rest` is set when the line held a whole, intact record followed by a
 * damaged byte where its newline should be, then more: the next record, to be read as a line of its own.
 */
export function decodeLine(line: Buffer, framed: boolean): Decoded & { rest?: Buffer } {
  if (line[0] === 0x7b /* { */) return framed ? { ok: false, reason: 'malformed' } : parse(line.toString());
  const lengthEnd = line.indexOf(SPACE);
  const crcEnd = lengthEnd + 9;
  if (lengthEnd < 1 || lengthEnd > 10 || line[crcEnd] !== SPACE) return { ok: false, reason: 'malformed' };
  const lengthText = line.toString('latin1', 0, lengthEnd);
  const crcText = line.toString('latin1', lengthEnd + 1, crcEnd);
  if (!/^\d+$/.test(lengthText) || !/^[0-9a-f]{8}$/.test(crcText)) return { ok: false, reason: 'malformed' };
  const length = Number(lengthText);
  const start = crcEnd + 1;
  if (line.length < start + length) return { ok: false, reason: 'checksum' };
  const payload = line.subarray(start, start + length);
  if (crc32(payload) !== parseInt(crcText, 16)) return { ok: false, reason: 'checksum' };
  const decoded = parse(payload.toString());
  if (line.length === start + length || !decoded.ok) return decoded;
  return { ...decoded, rest: line.subarray(start + length + 1) };
}

function parse(json: string): Decoded {
  let record: JournalRecord;
  try {
    record = JSON.parse(json) as JournalRecord;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (record === null || typeof record !== 'object' || typeof record.k !== 'string')
    return { ok: false, reason: 'malformed' };
  if (record.k === 'acc') {
    // The event's text as written (its detail as the producer wrote it: see withDetailText), not the parsed
    // event written back, which would round numbers beyond double precision.
    const { event, ...rest } = record;
    const prefix = eventPrefix(rest);
    if (json.startsWith(prefix) && json.endsWith('}')) rememberJson(event, json.slice(prefix.length, -1));
  }
  return { ok: true, record };
}

/** A record's JSON. An accepted event's is made once and shared with delivery (see eventJson). */
function serialize(record: JournalRecord): string {
  if (record.k !== 'acc') return JSON.stringify(record);
  const { event, ...rest } = record;
  return `${eventPrefix(rest)}${eventJson(event)}}`;
}

/** What comes before an accepted event's JSON in its record (the event is the record's last field). */
function eventPrefix(rest: Omit<AcceptedRecord, 'event'>): string {
  return `${JSON.stringify(rest).slice(0, -1)},"event":`;
}
