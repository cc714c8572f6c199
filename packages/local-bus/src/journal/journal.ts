import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { JournalError } from '../errors';
import { eventJson, rememberJson } from '../event';
import { type JournalRecord } from './records';

/** Where a record landed: its segment number, known once the batch holding it is written. */
export interface Ticket {
  segment: number;
}

/** A record still needed (an undelivered event, a DLQ message) and how to tell its owner it moved. */
export interface LiveRecord {
  readonly record: JournalRecord;
  readonly rehome: (segment: number) => void;
}

export interface JournalOptions {
  readonly dir: string;
  /** fdatasync each batch that holds an acknowledged event before acknowledging it. */
  readonly fsync: boolean;
  /** Start a new segment file past this size. */
  readonly segmentBytes: number;
  /** Delete segments whose newest record is older than this. */
  readonly retentionMs: number;
  /** Delete the oldest segments while all of them together are larger than this. */
  readonly maxBytes: number;
  /** Records in a segment about to be deleted that must survive it: they are copied forward first. */
  readonly liveRecords: (segment: number) => readonly LiveRecord[];
  readonly now?: () => number;
}

interface Segment {
  readonly n: number;
  readonly path: string;
  size: number;
  lastAt: number;
  /** Accepted events (original, not replays) in the segment: what the archive counts. */
  events: number;
}

const SEGMENT = /^segment-(\d{12})\.ndjson$/;

/**
 * The append-only, segmented journal: every acknowledged event and every delivery outcome, as one JSON object
 * a line. Writes are group-committed: records appended in the same turn of the event loop go out in one
 * write, and one fdatasync covers every acknowledged event in it, so the cost of durability is paid per batch,
 * not per event. Written here rather than taken from a library because it is a few hundred lines of
 * node:fs and the delivery guarantees depend on exactly when fsync happens.
 */
export class Journal {
  private readonly segments: Segment[] = [];
  private current!: Segment;
  private handle!: FileHandle;
  private pending: string[] = [];
  private pendingTickets: Ticket[] = [];
  private pendingEvents = 0;
  private waiters: { resolve: () => void; reject: (error: unknown) => void; written?: () => void }[] = [];
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;
  private readonly now: () => number;

  private constructor(private readonly options: JournalOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Opens the journal in `options.dir`, calling `onRecord` for every record already there, oldest first
   * (a torn last line from a crash is skipped), then starts a fresh segment for new writes.
   */
  static async open(
    options: JournalOptions,
    onRecord: (record: JournalRecord, segment: number) => void,
  ): Promise<Journal> {
    const journal = new Journal(options);
    journal.lock();
    for (const name of readdirSync(options.dir).sort()) {
      const match = SEGMENT.exec(name);
      if (!match) continue;
      const path = join(options.dir, name);
      const stat = statSync(path);
      journal.segments.push({ n: Number(match[1]), path, size: stat.size, lastAt: stat.mtimeMs, events: 0 });
    }
    for (const segment of journal.segments) {
      for await (const record of readSegment(segment.path)) {
        if (record.k === 'acc' && record.origin.kind === 'put') segment.events += 1;
        onRecord(record, segment.n);
      }
    }
    await journal.startSegment();
    return journal;
  }

  /** Appends a record; it is written with the next batch. Nobody waits for it to be durable. */
  append(record: JournalRecord): Ticket {
    return this.enqueue(record);
  }

  /**
   * Appends records and resolves once they are on disk (fdatasync'd when `fsync` is on). `onWritten` is called
   * as soon as they are in the file, before the fdatasync, with where they landed.
   */
  appendDurable(records: readonly JournalRecord[], onWritten?: (ticket: Ticket) => void): Promise<Ticket> {
    let ticket: Ticket = { segment: this.current.n };
    for (const record of records) ticket = this.enqueue(record);
    const written = onWritten && (() => onWritten(ticket));
    const durable = new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject, ...(written ? { written } : {}) });
    });
    this.schedule();
    return durable.then(() => ticket);
  }

  /** Every record in every segment still on disk, oldest first: what replay reads from. */
  async *scan(): AsyncGenerator<JournalRecord> {
    await this.flush();
    for (const segment of [...this.segments]) {
      if (!existsSync(segment.path)) continue;
      yield* readSegment(segment.path);
    }
  }

  /** Archive figures: accepted (not replayed) events and bytes on disk. */
  stats(): { events: number; bytes: number; segments: number } {
    let events = 0;
    let bytes = 0;
    for (const segment of this.segments) {
      events += segment.events;
      bytes += segment.size;
    }
    return { events, bytes, segments: this.segments.length };
  }

  /** Writes what is pending, then deletes segments past retention, copying their live records forward. */
  async compact(): Promise<void> {
    await this.flush();
    const now = this.now();
    let total = this.segments.reduce((sum, s) => sum + s.size, 0);
    while (this.segments.length > 1) {
      const oldest = this.segments[0]!;
      if (oldest === this.current) break;
      if (now - oldest.lastAt <= this.options.retentionMs && total <= this.options.maxBytes) break;
      const live = this.options.liveRecords(oldest.n);
      if (live.length > 0) {
        const ticket = await this.appendDurable(live.map((l) => l.record));
        for (const l of live) l.rehome(ticket.segment);
      }
      unlinkSync(oldest.path);
      this.segments.shift();
      total -= oldest.size;
    }
  }

  /** Flushes, closes the file and releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.handle.close();
    try {
      unlinkSync(join(this.options.dir, 'LOCK'));
    } catch {
      // Already gone: nothing to release.
    }
  }

  /** Resolves once everything appended so far is written. */
  async flush(): Promise<void> {
    while (this.pending.length > 0 || this.waiters.length > 0 || this.flushing) {
      await (this.flushing ?? this.startFlush());
    }
  }

  private enqueue(record: JournalRecord): Ticket {
    if (this.closed)
      throw new JournalError(`The journal in ${this.options.dir} is closed: the bus is stopping.`);
    const ticket: Ticket = { segment: this.current.n };
    this.pending.push(serialize(record));
    this.pendingTickets.push(ticket);
    if (record.k === 'acc' && record.origin.kind === 'put') this.pendingEvents += 1;
    this.schedule();
    return ticket;
  }

  /** Writes what is pending after this turn of the event loop, unless a write is under way (it takes it). */
  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // A failed segment rotation surfaces on the next write, which rejects its waiters with a JournalError.
      this.startFlush().catch(() => undefined);
    });
  }

  private startFlush(): Promise<void> {
    if (this.flushing) return this.flushing;
    // Cleared when it settles, never inside writeBatches: without fsync it can run to the end synchronously.
    const run = this.writeBatches().finally(() => {
      this.flushing = undefined;
      if (this.pending.length > 0 || this.waiters.length > 0) this.schedule();
    });
    this.flushing = run;
    return run;
  }

  private async writeBatches(): Promise<void> {
    while (this.pending.length > 0 || this.waiters.length > 0) {
      const buffer = Buffer.from(this.pending.join(''));
      const tickets = this.pendingTickets;
      const waiters = this.waiters;
      const events = this.pendingEvents;
      this.pending = [];
      this.pendingTickets = [];
      this.waiters = [];
      this.pendingEvents = 0;
      try {
        // A synchronous write: it only copies into the page cache (microseconds), cheaper than a round trip
        // through libuv's thread pool; the fdatasync that waits for the disk stays asynchronous.
        let offset = 0;
        while (offset < buffer.length) offset += writeSync(this.handle.fd, buffer, offset);
        for (const ticket of tickets) ticket.segment = this.current.n;
        this.current.size += buffer.length;
        this.current.lastAt = this.now();
        this.current.events += events;
        for (const waiter of waiters) {
          try {
            waiter.written?.();
          } catch (error) {
            waiter.reject(error);
          }
        }
        if (this.options.fsync && waiters.length > 0) await this.handle.datasync();
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        const failure = new JournalError(
          `Could not write the journal in ${this.options.dir}: ${String(error)}. Check free disk space and permissions.`,
          { cause: error },
        );
        for (const waiter of waiters) waiter.reject(failure);
      }
      if (this.current.size >= this.options.segmentBytes) {
        await this.handle.close();
        await this.startSegment();
      }
    }
  }

  private async startSegment(): Promise<void> {
    const n = (this.segments.at(-1)?.n ?? 0) + 1;
    const path = join(this.options.dir, `segment-${String(n).padStart(12, '0')}.ndjson`);
    this.handle = await open(path, 'a');
    this.current = { n, path, size: 0, lastAt: this.now(), events: 0 };
    this.segments.push(this.current);
  }

  private lock(): void {
    mkdirSync(this.options.dir, { recursive: true });
    const lockPath = join(this.options.dir, 'LOCK');
    if (existsSync(lockPath)) {
      const pid = Number(readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
        throw new JournalError(
          `The data directory ${this.options.dir} is in use by another bus (pid ${pid}). Stop that bus, or start this one with --data-dir <another directory>.`,
        );
      }
    }
    writeFileSync(lockPath, String(process.pid));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One journal line. An accepted event's JSON is made once and shared with delivery (see eventJson). */
function serialize(record: JournalRecord): string {
  if (record.k !== 'acc') return JSON.stringify(record) + '\n';
  const { event, ...rest } = record;
  return `${eventPrefix(rest)}${eventJson(event)}}\n`;
}

/** What comes before an accepted event's JSON on its journal line (the event is the line's last field). */
function eventPrefix(rest: Omit<Extract<JournalRecord, { k: 'acc' }>, 'event'>): string {
  return `${JSON.stringify(rest).slice(0, -1)},"event":`;
}

async function* readSegment(path: string): AsyncGenerator<JournalRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length === 0) continue;
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      // A torn line: the bus was killed mid-write. Nothing in it was acknowledged (acks wait for the write).
      continue;
    }
    if (record.k === 'acc') {
      // The event's text as written (its detail as the producer wrote it: see withDetailText), not the parsed
      // event written back, which would round numbers beyond double precision.
      const { event, ...rest } = record;
      const prefix = eventPrefix(rest);
      if (line.startsWith(prefix) && line.endsWith('}')) rememberJson(event, line.slice(prefix.length, -1));
    }
    yield record;
  }
}
