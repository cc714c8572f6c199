import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeLine, frame, headerLine } from '../src/journal/framing';
import { Journal, type JournalOptions, type LiveRecord } from '../src/journal/journal';
import { lockJournal } from '../src/journal/lock';
import { type AcceptedRecord, type JournalRecord } from '../src/journal/records';
import { tempDir } from './helpers';

const DAY = 86_400_000;

function accepted(seq: number): AcceptedRecord {
  return {
    k: 'acc',
    seq,
    at: 0,
    bus: 'paved',
    rules: ['r'],
    origin: { kind: 'put' },
    event: {
      version: '0',
      id: `e${seq}`,
      'detail-type': 't',
      source: 's',
      account: '0',
      time: '2025-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { pad: 'x'.repeat(100) },
    },
  };
}

/** Bytes of one event's line (every test event's is the same length): segments rotate after three. */
const LINE = Buffer.byteLength(frame(accepted(1)));
/** Every segment starts with a header line naming its format. */
const HEADER = headerLine().length;

const segmentFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name.startsWith('segment-'))
    .sort();
const linesOf = (dir: string, file: string): JournalRecord[] =>
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const decoded = decodeLine(Buffer.from(line), true);
      if (!decoded.ok) throw new Error(`unreadable journal line (${decoded.reason}): ${line}`);
      return decoded.record;
    });

describe('journal retention', () => {
  let dir: string;
  let clock: number;
  let live: (segment: number) => LiveRecord[];
  const open = (
    overrides: Partial<JournalOptions> = {},
    onRecord: (r: JournalRecord, s: number) => void = () => undefined,
  ) =>
    Journal.open(
      {
        dir,
        fsync: false,
        segmentBytes: 3 * LINE,
        retentionMs: 7 * DAY,
        maxBytes: 1024 ** 3,
        liveRecords: (s) => live(s),
        now: () => clock,
        ...overrides,
      },
      onRecord,
    );

  beforeEach(() => {
    dir = tempDir();
    clock = Date.now();
    live = () => [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes events from..from+n-1, one durable batch each: three to a segment. */
  async function fill(journal: Journal, n: number, from = 1): Promise<void> {
    for (let seq = from; seq < from + n; seq++) await journal.appendDurable([accepted(seq)]);
  }

  it('rotates segments at their size', async () => {
    const journal = await open();
    await fill(journal, 9);
    await journal.flush();
    expect(segmentFiles(dir)).toEqual([
      'segment-000000000001.ndjson',
      'segment-000000000002.ndjson',
      'segment-000000000003.ndjson',
      'segment-000000000004.ndjson',
    ]);
    expect(journal.stats()).toMatchObject({ events: 9, segments: 4 });
    await journal.close();
  });

  it('deletes segments past the retention, after copying the records still needed into the current one', async () => {
    const journal = await open();
    await fill(journal, 7);
    const before = segmentFiles(dir);
    expect(before).toHaveLength(3);
    const moved: number[] = [];
    // Event 2 (in the first segment) is still undelivered; nothing else is needed.
    live = (segment) => (segment === 1 ? [{ record: accepted(2), rehome: (to) => moved.push(to) }] : []);
    clock += 8 * DAY;
    await journal.compact();

    expect(segmentFiles(dir)).toEqual([before[2]]);
    expect(moved).toEqual([3]);
    const kept = linesOf(dir, before[2]!).map((r) => (r as AcceptedRecord).seq);
    expect(kept).toEqual([7, 2]);
    expect(journal.stats()).toMatchObject({ segments: 1 });
    await journal.close();

    // After a restart, the copied record is there to recover, in its new segment.
    const recovered: [number, number][] = [];
    const reopened = await open({}, (record, segment) =>
      recovered.push([(record as AcceptedRecord).seq, segment]),
    );
    expect(recovered).toEqual([
      [7, 3],
      [2, 3],
    ]);
    await reopened.close();
  });

  it('keeps segments younger than the retention, and the one being written whatever its age', async () => {
    const journal = await open();
    await fill(journal, 6);
    clock += 6 * DAY;
    await journal.compact();
    expect(segmentFiles(dir)).toHaveLength(3);
    clock += 30 * DAY;
    await journal.compact();
    expect(segmentFiles(dir)).toEqual(['segment-000000000003.ndjson']);
    await journal.close();
  });

  it('deletes the oldest segments while the journal is larger than its bound, however young', async () => {
    const journal = await open({ maxBytes: 4 * LINE });
    await fill(journal, 9);
    await journal.compact();
    // Nine lines in three full segments and an empty current one: the two oldest go, leaving three lines.
    expect(segmentFiles(dir)).toEqual(['segment-000000000003.ndjson', 'segment-000000000004.ndjson']);
    expect(journal.stats()).toMatchObject({ bytes: 2 * HEADER + 3 * LINE, segments: 2 });
    await journal.close();
  });

  it('says when records are in the file, before the fdatasync that makes them durable', async () => {
    const journal = await open({ fsync: true });
    const seen: string[] = [];
    const durable = journal.appendDurable([accepted(1)], (ticket) => {
      seen.push(
        `written to segment ${ticket.segment}: ${linesOf(dir, 'segment-000000000001.ndjson').length} line`,
      );
    });
    void durable.then(() => seen.push('durable'));
    await durable;
    expect(seen).toEqual(['written to segment 1: 1 line', 'durable']);
    await journal.close();
  });

  it('answers a durable append with nothing in it, instead of waiting for the next write', async () => {
    const journal = await open();
    await expect(journal.appendDurable([])).resolves.toEqual({ segment: 1 });
    await journal.close();
  });
});

describe('the journal lock', () => {
  it.each(['', '0', '-1', 'not-a-pid'])(
    'takes a LOCK left as %j by a bus killed while writing it',
    (content) => {
      const dir = tempDir();
      writeFileSync(join(dir, 'LOCK'), content);
      lockJournal(dir);
      expect(readFileSync(join(dir, 'LOCK'), 'utf8')).toBe(String(process.pid));
    },
  );
});
