import { readFileSync } from 'node:fs';
import { eventJson } from '../src/core/event';
import { Journal, type JournalOptions } from '../src/journal/journal';
import { type AcceptedRecord } from '../src/journal/records';
import { type CorruptRegion } from '../src/journal/segment-reader';

/** An accepted event with id `id`. */
export function accepted(seq: number, id = `e${seq}`): AcceptedRecord {
  return {
    k: 'acc',
    seq,
    at: 0,
    bus: 'paved',
    rules: ['r'],
    origin: { kind: 'put' },
    event: {
      version: '0',
      id,
      'detail-type': 't',
      source: 's',
      account: '0',
      time: '2025-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { pad: 'x'.repeat(120) },
    },
  };
}

export function journalOptions(dir: string, overrides: Partial<JournalOptions> = {}): JournalOptions {
  return {
    dir,
    fsync: true,
    segmentBytes: 1024 ** 2,
    retentionMs: Number.MAX_SAFE_INTEGER,
    maxBytes: Number.MAX_SAFE_INTEGER,
    liveRecords: () => [],
    log: () => undefined,
    ...overrides,
  };
}

export interface Recovered {
  /** Ids of the accepted events read back, in journal order. */
  readonly ids: string[];
  /** Each accepted event's text as the journal kept it. */
  readonly texts: Map<string, string>;
  readonly regions: readonly CorruptRegion[];
  readonly logs: readonly string[];
}

/** What a bus starting on `dir` would recover: opens the journal from disk (no close before: a crash), reads it. */
export async function recover(dir: string): Promise<Recovered> {
  const ids: string[] = [];
  const texts = new Map<string, string>();
  const logs: string[] = [];
  const journal = await Journal.open(journalOptions(dir, { log: (m) => logs.push(m) }), (record) => {
    if (record.k !== 'acc') return;
    ids.push(record.event.id);
    texts.set(record.event.id, eventJson(record.event));
  });
  const { corrupt } = journal.health();
  await journal.close();
  return { ids, texts, regions: corrupt, logs };
}

/** Byte offset and length of each line of a file, newline included (line 0 is a framed segment's header). */
export function linesOf(path: string): { offset: number; bytes: number }[] {
  const data = readFileSync(path);
  const lines: { offset: number; bytes: number }[] = [];
  for (let start = 0, nl = data.indexOf(0x0a); nl >= 0; start = nl + 1, nl = data.indexOf(0x0a, start))
    lines.push({ offset: start, bytes: nl + 1 - start });
  return lines;
}

interface Row {
  readonly scenario: string;
  readonly acknowledged: number;
  readonly recovered: number;
  readonly lost: number;
  readonly reported: string;
}

/** Acknowledged and recovered counts per scenario, printed as a table once the suite is done. */
export class Tally {
  private readonly rows: Row[] = [];

  /** Records a scenario's figures; returns the acknowledged ids that were not recovered (none, if all is well). */
  add(scenario: string, acknowledged: Iterable<string>, recovered: Recovered, note = ''): string[] {
    const found = new Set(recovered.ids);
    const acked = [...acknowledged];
    const lost = acked.filter((id) => !found.has(id));
    const regions = recovered.regions.map((r) => `${r.reason} ${r.bytes}B@${r.offset}`).join(', ');
    this.rows.push({
      scenario,
      acknowledged: acked.length,
      recovered: found.size,
      lost: lost.length,
      reported: [regions || 'nothing', note].filter(Boolean).join('; '),
    });
    return lost;
  }

  print(): void {
    const head = ['scenario', 'acknowledged', 'recovered', 'lost', 'reported'];
    const cells = this.rows.map((r) => [
      r.scenario,
      `${r.acknowledged}`,
      `${r.recovered}`,
      `${r.lost}`,
      r.reported,
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const line = (c: string[]) =>
      c.map((v, i) => (i === 0 || i === 4 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
    process.stdout.write(`journal faults:\n${[head, ...cells].map(line).join('\n')}\n`);
  }
}
