import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { buildSync } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  ftruncateSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { withDetailText } from '../src/core/event';
import { frame, headerLine } from '../src/journal/framing';
import { Journal } from '../src/journal/journal';
import { type JournalHealth } from '../src/journal/journal';
import { toAwsError } from '../src/protocol/aws-json';
import { FaultyFs } from './fixtures/faulty-fs';
import { accepted, journalOptions, linesOf, recover, Tally } from './journal-fault-helpers';
import { getJson, startTestBus, tempDir, waitFor } from './helpers';

const SEGMENT_1 = 'segment-000000000001.ndjson';
const tally = new Tally();
afterAll(() => tally.print());

describe('journal faults', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A journal on `dir` with failures to switch on, and `put(n)`: n events in one durable append. */
  async function faultyJournal() {
    const fs = new FaultyFs();
    const logs: string[] = [];
    const journal = await Journal.open(
      journalOptions(dir, { fs, log: (m) => logs.push(m) }),
      () => undefined,
    );
    const acknowledged = new Set<string>();
    let seq = 0;
    const put = async (n: number) => {
      const records = Array.from({ length: n }, () => accepted(++seq));
      const ticket = await journal.appendDurable(records);
      for (const r of records) acknowledged.add(r.event.id);
      return ticket;
    };
    const failures: unknown[] = [];
    const tryPut = (n: number) => put(n).catch((error: unknown) => void failures.push(error));
    return { fs, logs, journal, acknowledged, put, tryPut, failures };
  }

  describe('a full disk', () => {
    it('cuts a failed write back to the last complete record, so what is acknowledged after space is freed survives a crash', async () => {
      const { fs, logs, journal, acknowledged, put, tryPut, failures } = await faultyJournal();
      for (let i = 0; i < 5; i++) await put(3);
      fs.space = 1000;
      for (let i = 0; i < 6; i++) await tryPut(3);
      expect(failures.length).toBeGreaterThan(0);
      expect(failures[0]).toMatchObject({
        code: 'JOURNAL_UNAVAILABLE',
        message: expect.stringMatching(
          /^Could not write \d+ bytes to journal segment .*segment-000000000001\.ndjson \(\d+ written\): Error: ENOSPC: injected failure, write\. The segment was cut back to its last complete record \(offset \d+\)\. The events in this write were not acknowledged\. Free disk space/,
        ),
      });
      // What PutEvents answers for it.
      expect(toAwsError(failures[0])).toMatchObject({ awsType: 'InternalException', status: 500 });
      expect(readFileSync(join(dir, SEGMENT_1)).at(-1)).toBe(0x0a);

      fs.space = undefined;
      for (let i = 0; i < 5; i++) await put(3);
      const after = await recover(dir);
      expect(tally.add('full disk (injected ENOSPC, short writes)', acknowledged, after)).toEqual([]);
      expect(after.regions).toEqual([]);
      // Nothing of a failed write was kept.
      expect(after.ids.filter((id) => !acknowledged.has(id))).toEqual([]);
      // One report for the run of failures, one when writes work again.
      expect(logs).toEqual([
        (failures[0] as Error).message,
        `Journal writes succeed again, after ${failures.length} failed.`,
      ]);
      await journal.close();
    });

    it('moves to a new segment when the torn write cannot be cut back either, and recovery reports the torn end', async () => {
      const { fs, journal, acknowledged, put, tryPut, failures } = await faultyJournal();
      for (let i = 0; i < 5; i++) await put(3);
      const good = statSync(join(dir, SEGMENT_1)).size;
      fs.space = 100;
      fs.failTruncate = true;
      for (let i = 0; i < 3; i++) await tryPut(3);
      expect(failures).toHaveLength(3);
      expect(failures[0]).toMatchObject({
        code: 'JOURNAL_UNAVAILABLE',
        message: expect.stringContaining(
          `Cutting the segment back to offset ${good} failed too (Error: EIO: injected failure, ftruncate), so nothing more is written to it: new records go to a new segment`,
        ),
      });
      // While the disk is full, not even a new segment's header fits.
      expect(failures[1]).toMatchObject({
        message: expect.stringMatching(/^Could not start journal segment/),
      });

      fs.space = undefined;
      fs.failTruncate = false;
      const ticket = await put(3);
      expect(ticket.segment).toBeGreaterThan(1);
      for (let i = 0; i < 4; i++) await put(3);
      // Nothing followed the torn bytes in the old segment.
      expect(statSync(join(dir, SEGMENT_1)).size).toBe(good + 100);

      const after = await recover(dir);
      expect(tally.add('full disk, ftruncate fails too', acknowledged, after)).toEqual([]);
      expect(after.regions).toEqual([{ segment: SEGMENT_1, offset: good, bytes: 100, reason: 'torn' }]);
      expect(after.logs[0]).toBe(
        `100 bytes at offset ${good} of journal segment ${join(dir, SEGMENT_1)} are a torn record: a write cut short by a crash or a failed write. It was never acknowledged (PutEvents answers once the whole write is done), so nothing acknowledged is lost.`,
      );
      await journal.close();
    });

    it('answers PutEvents with InternalException on a real full tmpfs, and keeps every event it acknowledged', async () => {
      const disk = join(dir, 'disk');
      mkdirSync(disk);
      const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk], {
        encoding: 'utf8',
      });
      if (mounted.status !== 0) {
        // Not root, or not allowed here: the injected full disk above covers the journal's side.
        tally.add(
          'full tmpfs through the bus',
          [],
          { ids: [], texts: new Map(), regions: [], logs: [] },
          'not run: cannot mount',
        );
        expect(mounted.stderr || mounted.error?.message).toBeTruthy();
        return;
      }
      try {
        await fullTmpfs(disk);
      } finally {
        spawnSync('umount', [disk]);
      }
    });
  });

  async function fullTmpfs(disk: string): Promise<void> {
    const t = await startTestBus(() => [], { dir: disk });
    const acknowledged = new Set<string>();
    const put = async () => {
      const Entries = Array.from({ length: 5 }, (_, n) => ({
        Source: 's',
        DetailType: 't',
        Detail: JSON.stringify({ n, pad: 'x'.repeat(300) }),
        EventBusName: 'paved',
      }));
      const result = await t.client.send(new PutEventsCommand({ Entries }));
      for (const entry of result.Entries ?? []) acknowledged.add(entry.EventId!);
    };
    try {
      for (let i = 0; i < 3; i++) await put();
      // Fill the disk, then free a few pages: some more events fit, then a write is cut short.
      const filler = join(disk, 'filler');
      const fd = openSync(filler, 'w');
      try {
        for (;;) writeSync(fd, Buffer.alloc(64 * 1024));
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      ftruncateSync(fd, fstatSync(fd).size - 12 * 1024);
      closeSync(fd);
      const refused: unknown[] = [];
      for (let i = 0; i < 20 && refused.length < 3; i++)
        await put().catch((error) => void refused.push(error));
      expect(refused).toHaveLength(3);
      expect(refused[0]).toMatchObject({
        name: 'InternalException',
        message: expect.stringContaining('ENOSPC'),
      });
      unlinkSync(filler);
      for (let i = 0; i < 5; i++) await put();

      const health = await getJson<{ journal: JournalHealth }>(t.bus, '/_paved/health');
      expect(health.body.journal.failures.write).toBeGreaterThanOrEqual(3);
      expect(health.body.journal.failures.last).toContain('ENOSPC');
      // A crash now: read the journal from disk as the next start would, without stopping the bus.
      const after = await recover(join(disk, 'data', 'journal'));
      expect(tally.add('full tmpfs through the bus (PutEvents)', acknowledged, after)).toEqual([]);
      expect(after.regions).toEqual([]);
    } finally {
      await t.stop(false);
    }
  }

  it('refuses the waiters of a failed fdatasync and never writes that segment again', async () => {
    const { fs, logs, journal, acknowledged, put, tryPut, failures } = await faultyJournal();
    for (let i = 0; i < 5; i++) await put(3);
    fs.failSyncs = 1;
    await tryPut(3);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      code: 'JOURNAL_UNAVAILABLE',
      message: `fdatasync of journal segment ${join(dir, SEGMENT_1)} failed: Error: EIO: injected failure, fdatasync. The 1 appends waiting for it were not acknowledged, and the segment is written no more (after a failed fsync its contents cannot be trusted): new records go to a new segment. Check the disk (dmesg) and free space.`,
    });
    expect(toAwsError(failures[0])).toMatchObject({ awsType: 'InternalException', status: 500 });
    expect(logs).toEqual([(failures[0] as Error).message]);
    const retiredSize = statSync(join(dir, SEGMENT_1)).size;

    for (let i = 0; i < 5; i++) expect(await put(3)).toEqual({ segment: 2 });
    expect(statSync(join(dir, SEGMENT_1)).size).toBe(retiredSize);
    expect(journal.health().failures).toMatchObject({ write: 0, sync: 1 });

    const after = await recover(dir);
    // The refused batch was written before its fdatasync failed: it may come back, unacknowledged.
    expect(
      tally.add('fdatasync fails (EIO)', acknowledged, after, 'refused batch of 3 kept in page cache'),
    ).toEqual([]);
    await journal.close();
  });

  it('loses no acknowledged event when killed with SIGKILL at random points of group commit', async () => {
    const bundle = join(dir, 'journal-writer.js');
    buildSync({
      entryPoints: [join(__dirname, 'fixtures', 'journal-writer.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      outfile: bundle,
      logLevel: 'silent',
    });
    const journalDir = join(dir, 'journal');
    const acknowledged = new Set<string>();
    let seed = Number(process.env['JOURNAL_KILL_SEED'] ?? Date.now() % 100_000);
    const firstSeed = seed;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const iterations = 40;
    for (let i = 0; i < iterations; i++) {
      const child = spawn(process.execPath, [bundle, journalDir, `k${i}`], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const closed = new Promise((resolve) => child.once('close', resolve));
      if (random() < 0.2) {
        // Sometimes while it is still recovering or starting its segment.
        await sleep(random() * 40);
      } else {
        await waitFor(() => out.startsWith('ready\n') || err, 10_000, 'the writer to start');
        expect(err).toBe('');
        await sleep(10 + random() * 240);
      }
      child.kill('SIGKILL');
      await closed;
      const lines = out.split('\n');
      lines.pop(); // Not ended by a newline: cut by the kill, not a whole id.
      for (const line of lines) if (line !== 'ready') acknowledged.add(line);
    }
    const after = await recover(journalDir);
    const lost = tally.add(
      `kill -9 x${iterations} under load (seed ${firstSeed})`,
      acknowledged,
      after,
      `${readdirSync(journalDir).length - 1} segments`,
    );
    expect(lost).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(100);
    // A kill leaves at most a torn end; nothing else is damaged.
    expect(after.regions.filter((r) => r.reason !== 'torn')).toEqual([]);
  }, 60_000);

  describe('a truncated last segment', () => {
    it('recovers every record before a torn end and reports where the torn record starts and how long it is', async () => {
      const { journal, acknowledged, put } = await faultyJournal();
      for (let i = 0; i < 10; i++) await put(2);
      await journal.close();
      const path = join(dir, SEGMENT_1);
      const end = statSync(path).size;
      // A crash in the middle of writing one more record.
      const torn = Buffer.from(frame(accepted(99, 'unacknowledged')));
      appendFileSync(path, torn.subarray(0, 150));

      const after = await recover(dir);
      expect(tally.add('truncated last segment', acknowledged, after)).toEqual([]);
      expect(after.ids).toHaveLength(20);
      expect(after.regions).toEqual([{ segment: SEGMENT_1, offset: end, bytes: 150, reason: 'torn' }]);
    });

    it('still reads a segment of the earlier format (bare JSON lines), with its torn end reported', async () => {
      const records = Array.from({ length: 10 }, (_, i) => accepted(i + 1));
      const lines = records.map((r) => JSON.stringify(r) + '\n');
      lines[3] = lines[3]!.replace('"pad":', '"n":12345678901234567890,"pad":');
      const text = lines.join('') + lines[0]!.slice(0, 40);
      writeFileSync(join(dir, SEGMENT_1), text);

      const after = await recover(dir);
      expect(
        tally.add(
          'earlier format, torn end',
          records.map((r) => r.event.id),
          after,
        ),
      ).toEqual([]);
      expect(after.regions).toEqual([
        { segment: SEGMENT_1, offset: Buffer.byteLength(text) - 40, bytes: 40, reason: 'torn' },
      ]);
      // An event's text is kept as written: its digits too.
      expect(after.texts.get('e4')).toContain('"n":12345678901234567890');
    });
  });

  describe('a corrupt byte mid-segment', () => {
    /** 30 acknowledged events, closed; then `damage` changes the file given record 15's line. */
    async function damaged(damage: (data: Buffer, line: { offset: number; bytes: number }) => void) {
      const { journal, acknowledged, put } = await faultyJournal();
      for (let i = 0; i < 30; i++) await put(1);
      await journal.close();
      const path = join(dir, SEGMENT_1);
      const line = linesOf(path)[15]!; // Line 0 is the header: event e15 is line 15.
      const data = readFileSync(path);
      damage(data, line);
      writeFileSync(path, data);
      return { acknowledged, line, after: await recover(dir) };
    }

    it('reports a record whose byte changed, though it still parses as JSON, and recovers every other', async () => {
      const { acknowledged, line, after } = await damaged((data, at) => {
        const x = data.indexOf('xxxx', at.offset);
        data[x] = 'y'.charCodeAt(0);
      });
      expect(tally.add('byte flipped inside a record', acknowledged, after)).toEqual(['e15']);
      expect(after.ids).toHaveLength(29);
      expect(after.regions).toEqual([
        { segment: SEGMENT_1, offset: line.offset, bytes: line.bytes, reason: 'checksum' },
      ]);
      expect(after.logs).toEqual([
        `${line.bytes} bytes at offset ${line.offset} of journal segment ${join(dir, SEGMENT_1)} are unreadable (they do not match their checksum): skipped. Every intact record before and after them was recovered, but a record in them, acknowledged or not, is lost. Check the disk (dmesg); this is reported at each start until retention deletes the segment.`,
      ]);
    });

    it('reports a record cut in two by a byte turned into a newline as one region', async () => {
      const { acknowledged, line, after } = await damaged((data, at) => {
        data[data.indexOf('xxxx', at.offset)] = 0x0a;
      });
      expect(tally.add('byte inside a record turned into a newline', acknowledged, after)).toEqual(['e15']);
      expect(after.regions).toEqual([
        { segment: SEGMENT_1, offset: line.offset, bytes: line.bytes, reason: 'checksum' },
      ]);
    });

    it('recovers both records around a damaged newline, losing only that byte', async () => {
      const { acknowledged, line, after } = await damaged((data, at) => {
        data[at.offset + at.bytes - 1] = 'z'.charCodeAt(0);
      });
      expect(tally.add("a record's newline damaged", acknowledged, after)).toEqual([]);
      expect(after.ids).toHaveLength(30);
      expect(after.regions).toEqual([
        { segment: SEGMENT_1, offset: line.offset + line.bytes - 1, bytes: 1, reason: 'checksum' },
      ]);
    });
  });

  it('keeps a record whole when its Detail, kept as the producer wrote it, has line breaks', async () => {
    const { journal, put } = await faultyJournal();
    const record = accepted(1, 'multi-line');
    withDetailText(record.event, '{\n  "n": 12345678901234567890\n}');
    await journal.appendDurable([record]);
    await put(2);
    await journal.close();
    const after = await recover(dir);
    expect(after.ids).toEqual(['multi-line', 'e1', 'e2']);
    expect(after.regions).toEqual([]);
    expect(after.texts.get('multi-line')).toContain('"detail":{   "n": 12345678901234567890 }');
  });

  it('shows damaged regions in GET /_paved/health and recovers the events around them', async () => {
    const journalDir = join(dir, 'data', 'journal');
    mkdirSync(journalDir, { recursive: true });
    const lines = [
      headerLine(),
      Buffer.from(frame(accepted(1, 'before'))),
      Buffer.from(frame(accepted(2, 'damaged'))),
      Buffer.from(frame(accepted(3, 'after'))),
    ];
    const offset = lines[0]!.length + lines[1]!.length;
    const damaged = lines[2]!;
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 10) ^ 0x01, damaged.length - 10);
    writeFileSync(join(journalDir, SEGMENT_1), Buffer.concat(lines));

    const t = await startTestBus(() => [], { dir });
    try {
      const health = await getJson<{ journal: JournalHealth }>(t.bus, '/_paved/health');
      expect(health.body.journal).toMatchObject({
        corrupt: [{ segment: SEGMENT_1, offset, bytes: lines[2]!.length, reason: 'checksum' }],
        failures: { write: 0, sync: 0 },
      });
      expect((await getJson(t.bus, '/_paved/events/before')).status).toBe(200);
      expect((await getJson(t.bus, '/_paved/events/after')).status).toBe(200);
      expect((await getJson(t.bus, '/_paved/events/damaged')).status).toBe(404);
    } finally {
      await t.stop(false);
    }
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
