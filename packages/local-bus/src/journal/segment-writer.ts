import { existsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { JournalError } from '../errors';
import { headerLine } from './framing';
import { type JournalFs } from './journal-fs';

export interface Segment {
  readonly n: number;
  readonly path: string;
  /** The file name, as damaged regions name it. */
  readonly name: string;
  size: number;
  lastAt: number;
  /** Accepted events (original, not replays) in the segment: what the archive counts. */
  events: number;
}

export const SEGMENT_NAME = /^segment-(\d{12})\.ndjson$/;
const segmentName = (n: number): string => `segment-${String(n).padStart(12, '0')}.ndjson`;

export interface SegmentWriterOptions {
  readonly dir: string;
  readonly fs: JournalFs;
  readonly log: (message: string) => void;
  readonly now: () => number;
}

/**
 * The segment being written and what happens when writing it fails. Its rule: nothing is ever written after
 * bytes that may be damaged. A failed write is cut back to the last complete batch; a segment that cannot be
 * cut back, or whose fdatasync failed, is retired and the next batch starts a new file.
 */
export class SegmentWriter {
  current!: Segment;
  /** Writes and fdatasyncs that failed, and the last failure's message with its time. */
  readonly failures = { write: 0, sync: 0, last: undefined as string | undefined };
  private fd = -1;
  /** Why the current segment takes no more writes; the next write starts a new segment first. */
  private retired: string | undefined;
  /** Failed writes in a row: only the first of a run is logged, so a full disk does not flood the log. */
  private failing = 0;

  constructor(
    private readonly options: SegmentWriterOptions,
    /** Every segment on disk, oldest first: new ones are added here. */
    private readonly segments: Segment[],
    private nextSegment: number,
  ) {}

  /**
   * Writes a batch at the end of the current segment, starting a new one first if the current one is retired.
   * Throws a {@link JournalError} if it cannot; the file then holds no part of the batch that could be taken
   * for a record followed by good data.
   */
  write(buffer: Buffer): void {
    if (this.retired !== undefined) this.start();
    const good = this.current.size;
    let done = 0;
    try {
      while (done < buffer.length) {
        const wrote = this.options.fs.writeSync(this.fd, buffer, done, buffer.length - done);
        if (wrote <= 0) throw new Error(`short write: the file took ${done} of ${buffer.length} bytes`);
        done += wrote;
      }
    } catch (error) {
      this.failures.write += 1;
      let cleanup: string;
      try {
        this.options.fs.ftruncateSync(this.fd, good);
        cleanup = `The segment was cut back to its last complete record (offset ${good}).`;
      } catch (truncateError) {
        this.retired = 'torn';
        cleanup = `Cutting the segment back to offset ${good} failed too (${String(truncateError)}), so nothing more is written to it: new records go to a new segment, and the next start reports its torn end.`;
      }
      throw this.fail(
        `Could not write ${buffer.length} bytes to journal segment ${this.current.path} (${done} written): ${String(error)}. ${cleanup} The events in this write were not acknowledged. Free disk space or fix permissions: the next write tries again.`,
        error,
        this.retired !== undefined,
      );
    }
    this.current.size += buffer.length;
    if (this.failing > 0) this.options.log(`Journal writes succeed again, after ${this.failing} failed.`);
    this.failing = 0;
  }

  /** fdatasyncs the current segment; `waiting` is how many appends wait for it, for the message if it fails. */
  async sync(waiting: number): Promise<void> {
    try {
      await this.options.fs.fdatasync(this.fd);
    } catch (error) {
      this.failures.sync += 1;
      // After a failed fsync the kernel may have dropped the segment's unwritten pages and marked them clean
      // (PostgreSQL's "fsyncgate"): a later fsync of the same file can succeed without them. So the file is
      // never written again. Nothing is rewritten into the next segment: this batch's waiters are told it
      // failed (their clients send again), and the other records since the last good fdatasync were written
      // without a promise of durability (attempts, outcomes: losing them means a redelivery, as in a crash).
      // Keeping them all in memory to rewrite would buy nothing the contract promises.
      this.retired = 'unsynced';
      throw this.fail(
        `fdatasync of journal segment ${this.current.path} failed: ${String(error)}. The ${waiting} appends waiting for it were not acknowledged, and the segment is written no more (after a failed fsync its contents cannot be trusted): new records go to a new segment. Check the disk (dmesg) and free space.`,
        error,
        true,
      );
    }
  }

  /** Starts a new segment now if the current one is past `segmentBytes` or retired; logs if it cannot. */
  rotate(segmentBytes: number): void {
    if (this.retired === undefined && this.current.size < segmentBytes) return;
    try {
      this.start();
    } catch {
      // Logged; the next write tries again, and fails its waiters if it cannot either.
    }
  }

  /** Closes the current segment, if any, and starts the next one: a new file, never one written before. */
  start(): void {
    this.closeFile();
    const n = this.nextSegment;
    const path = join(this.options.dir, segmentName(n));
    let fd = -1;
    try {
      // 'ax': append, and fail rather than reuse a file an earlier attempt left.
      fd = this.options.fs.openSync(path, 'ax');
      const header = headerLine();
      if (this.options.fs.writeSync(fd, header, 0, header.length) !== header.length)
        throw new Error('short write of the segment header');
    } catch (error) {
      this.failures.write += 1;
      if (fd >= 0) discard(this.options.fs, fd, path);
      // A file left behind keeps its number (the next start reports it): the next attempt takes the next one.
      this.nextSegment = existsSync(path) ? n + 1 : n;
      this.retired ??= 'unstarted';
      throw this.fail(
        `Could not start journal segment ${path}: ${String(error)}. Writes are refused until one can be started: free disk space or fix permissions on ${this.options.dir}.`,
        error,
        false,
      );
    }
    this.fd = fd;
    this.nextSegment = n + 1;
    this.retired = undefined;
    this.current = {
      n,
      path,
      name: segmentName(n),
      size: headerLine().length,
      lastAt: this.options.now(),
      events: 0,
    };
    this.segments.push(this.current);
  }

  /** Closes the file; reports a failing close (it can carry a deferred write error). */
  closeFile(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    try {
      this.options.fs.closeSync(fd);
    } catch (error) {
      this.options.log(`Closing journal segment ${this.current.path} failed: ${String(error)}.`);
    }
  }

  private fail(message: string, cause: unknown, always: boolean): JournalError {
    this.failures.last = `${new Date(this.options.now()).toISOString()} ${message}`;
    if (this.failing === 0 || always) this.options.log(message);
    this.failing += 1;
    return new JournalError(message, { cause });
  }
}

function discard(fs: JournalFs, fd: number, path: string): void {
  try {
    fs.closeSync(fd);
    unlinkSync(path);
  } catch {
    // Left behind: the caller sees it still exists.
  }
}
