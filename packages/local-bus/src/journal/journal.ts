import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { JournalError } from '../errors';
import { frame } from './framing';
import { nodeFs, type JournalFs } from './journal-fs';
import { lockJournal } from './lock';
import { isNewEvent, type JournalRecord } from './records';
import { readSegment, type CorruptRegion } from './segment-reader';
import { SEGMENT_NAME, SegmentWriter, type Segment } from './segment-writer';

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
  /** Delete segments whose newest record is this old or older (0: every segment but the current one). */
  readonly retentionMs: number;
  /** Delete the oldest segments while all of them together are larger than this. */
  readonly maxBytes: number;
  /** Records in a segment about to be deleted that must survive it: they are copied forward first. */
  readonly liveRecords: (segment: number) => readonly LiveRecord[];
  readonly now?: () => number;
  /** Where damaged segments found at startup and failed writes are reported. @default stderr */
  readonly log?: (message: string) => void;
  /** The file calls writes go through: tests inject failures here. @default node:fs */
  readonly fs?: JournalFs;
}

/** What `GET /_paved/health` shows of the journal. */
export interface JournalHealth {
  readonly segments: number;
  readonly bytes: number;
  /** Regions of segments that could not be read back at startup (those of deleted segments drop out). */
  readonly corrupt: readonly CorruptRegion[];
  /** Writes and fdatasyncs that failed since startup (their records were not acknowledged), and the last. */
  readonly failures: { readonly write: number; readonly sync: number; readonly last?: string };
}

/**
 * The append-only, segmented journal: every acknowledged event and every delivery outcome, one framed JSON
 * record a line (see framing.ts). Writes are group-committed: records appended in the same turn of the event
 * loop go out in one write, and one fdatasync covers every acknowledged event in it, so the cost of durability
 * is paid per batch, not per event. Written here rather than taken from a library because it is a few hundred
 * lines of node:fs and the delivery guarantees depend on exactly when fsync happens.
 */
export class Journal {
  private readonly segments: Segment[] = [];
  private writer!: SegmentWriter;
  private pending: string[] = [];
  private pendingTickets: Ticket[] = [];
  private pendingEvents = 0;
  private waiters: { resolve: () => void; reject: (error: unknown) => void; written?: () => void }[] = [];
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;
  private readonly corrupt: CorruptRegion[] = [];
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  private constructor(private readonly options: JournalOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((message) => process.stderr.write(`paved journal: ${message}\n`));
  }

  /**
   * Opens the journal in `options.dir`, calling `onRecord` for every intact record already there, oldest
   * first, then starts a fresh segment for new writes. Damaged regions (a torn last record, corrupt bytes) are
   * skipped, logged and kept for {@link health}.
   */
  static async open(
    options: JournalOptions,
    onRecord: (record: JournalRecord, segment: number) => void,
  ): Promise<Journal> {
    const journal = new Journal(options);
    lockJournal(options.dir);
    for (const name of readdirSync(options.dir).sort()) {
      const match = SEGMENT_NAME.exec(name);
      if (!match) continue;
      const path = join(options.dir, name);
      const stat = statSync(path);
      journal.segments.push({
        n: Number(match[1]),
        path,
        name,
        size: stat.size,
        lastAt: stat.mtimeMs,
        events: 0,
      });
    }
    const onCorrupt = (region: CorruptRegion) => journal.reportRegion(region);
    for (const segment of journal.segments) {
      for await (const record of readSegment(segment.path, { onCorrupt })) {
        if (record.k === 'acc' && isNewEvent(record.origin)) segment.events += 1;
        onRecord(record, segment.n);
      }
    }
    journal.writer = new SegmentWriter(
      { dir: options.dir, fs: options.fs ?? nodeFs, log: journal.log, now: journal.now },
      journal.segments,
      (journal.segments.at(-1)?.n ?? 0) + 1,
    );
    journal.writer.start();
    return journal;
  }

  /** Appends a record; it is written with the next batch. Nobody waits for it to be durable. */
  append(record: JournalRecord): Ticket {
    return this.enqueue(record);
  }

  /**
   * Appends records and resolves once they are on disk (fdatasync'd when `fsync` is on); rejects with a
   * {@link JournalError} if the write or the fdatasync fails. `onWritten` is called as soon as they are in the
   * file, before the fdatasync, with where they landed.
   */
  appendDurable(records: readonly JournalRecord[], onWritten?: (ticket: Ticket) => void): Promise<Ticket> {
    let ticket: Ticket = { segment: this.writer.current.n };
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
      // Up to what is known written: not a batch being written meanwhile, nor the torn end of a failed write.
      yield* readSegment(segment.path, { limit: segment.size });
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

  /** Damaged regions found at startup and failed writes since: for `GET /_paved/health`. */
  health(): JournalHealth {
    const { bytes, segments } = this.stats();
    const { last, ...counts } = this.writer.failures;
    return {
      segments,
      bytes,
      corrupt: [...this.corrupt],
      failures: { ...counts, ...(last ? { last } : {}) },
    };
  }

  /** Writes what is pending, then deletes segments past retention, copying their live records forward. */
  async compact(): Promise<void> {
    await this.flush();
    // Segments started while compacting (copying records forward can fill the current one) wait for the next
    // compaction: their own records would be copied forward again and again.
    const last = this.writer.current.n;
    let total = this.segments.reduce((sum, s) => sum + s.size, 0);
    while (this.segments.length > 1) {
      const oldest = this.segments[0]!;
      if (oldest === this.writer.current || oldest.n > last) break;
      // Aged now, not when compaction began: the segment current then may have just been filled and closed.
      // Strictly younger is kept, so with 0 it goes too.
      if (this.now() - oldest.lastAt < this.options.retentionMs && total <= this.options.maxBytes) break;
      const live = this.options.liveRecords(oldest.n);
      if (live.length > 0) {
        const ticket = await this.appendDurable(live.map((l) => l.record));
        for (const l of live) l.rehome(ticket.segment);
      }
      unlinkSync(oldest.path);
      this.segments.shift();
      total -= oldest.size;
      for (let i = this.corrupt.length - 1; i >= 0; i--)
        if (this.corrupt[i]!.segment === oldest.name) this.corrupt.splice(i, 1);
    }
  }

  /** Flushes, closes the file and releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    this.writer.closeFile();
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
    const ticket: Ticket = { segment: this.writer.current.n };
    this.pending.push(frame(record));
    this.pendingTickets.push(ticket);
    if (record.k === 'acc' && isNewEvent(record.origin)) this.pendingEvents += 1;
    this.schedule();
    return ticket;
  }

  /** Writes what is pending after this turn of the event loop, unless a write is under way (it takes it). */
  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // A failed write or fdatasync rejects the waiters of its batch: nothing is left to report here.
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
        this.writer.write(buffer);
        const current = this.writer.current;
        for (const ticket of tickets) ticket.segment = current.n;
        current.lastAt = this.now();
        current.events += events;
        for (const waiter of waiters) {
          try {
            waiter.written?.();
          } catch (error) {
            waiter.reject(error);
          }
        }
        // Should it fail, these events are already being delivered and their clients are told they failed:
        // they may run unacknowledged, as after a crash before the fdatasync ends (at least once, not lost).
        if (this.options.fsync && waiters.length > 0) await this.writer.sync(waiters.length);
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        // A JournalError saying what failed and what was done about it; PutEvents answers InternalException.
        for (const waiter of waiters) waiter.reject(error);
      }
      this.writer.rotate(this.options.segmentBytes);
    }
  }

  private reportRegion(region: CorruptRegion): void {
    this.corrupt.push(region);
    const where = `${region.bytes} bytes at offset ${region.offset} of journal segment ${join(this.options.dir, region.segment)}`;
    this.log(
      region.reason === 'torn'
        ? `${where} are a torn record: a write cut short by a crash or a failed write. It was never acknowledged (PutEvents answers once the whole write is done), so nothing acknowledged is lost.`
        : `${where} are unreadable (${region.reason === 'checksum' ? 'they do not match their checksum' : 'not a journal record'}): skipped. Every intact record before and after them was recovered, but a record in them, acknowledged or not, is lost. Check the disk (dmesg); this is reported at each start until retention deletes the segment.`,
    );
  }
}
