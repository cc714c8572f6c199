/**
 * Event-pattern matching benchmark: paved's RuleIndex against Node's JSON.parse floor and against
 * serverless-offline-aws-eventbridge, on the shared workload (100,000 events given as JSON text, rule
 * sets of 10 to 10,000 patterns). See tools/bench/README.md.
 */
import { RuleIndex } from '@paved/events';
import { runPeer } from './peer';
import { defaultDataDir, ensureWorkload, EXPECTED_MATCHES, readEvents, readRules } from './workload';

interface Options {
  dir: string;
  events: number;
  rs: number[];
  passes: number;
  peerEvents: number;
  peerSeconds: number;
}

/** Share of the JSON.parse floor paved must reach, and what AWS's Java event-ruler reaches (bench README). */
const TARGETS: Readonly<Record<number, number>> = { 100: 0.75, 1000: 0.5, 10000: 0.35 };
const EVENT_RULER: Readonly<Record<number, number>> = { 100: 0.71, 1000: 0.42, 10000: 0.12 };

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    dir: defaultDataDir(),
    events: 100_000,
    rs: [10, 100, 1000, 10000],
    passes: 5,
    peerEvents: 2000,
    peerSeconds: 10,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ''];
    if (flag === '--dir') options.dir = value;
    else if (flag === '--events') options.events = Number(value);
    else if (flag === '--rs') options.rs = value.split(',').map(Number);
    else if (flag === '--passes') options.passes = Number(value);
    else if (flag === '--peer-events') options.peerEvents = Number(value);
    else if (flag === '--peer-seconds') options.peerSeconds = Number(value);
    else
      throw new Error(
        `Unknown option ${flag}. Options: --dir --events --rs --passes --peer-events --peer-seconds`,
      );
  }
  return options;
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapUsed(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return (performance.now() - start) / 1000;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  ensureWorkload(options.dir, options.events, options.rs);
  const events = readEvents(options.dir, options.events);
  const sliced = readEvents(options.dir, options.events, true);
  console.log(
    `${fmt(events.length)} events (JSON text, parsed in the loop), median of ${options.passes} interleaved passes, one thread.`,
  );
  if (!gc) console.log('(run with node --expose-gc for exact heap figures)');
  const rows: string[][] = [];
  const peerNotes: string[] = [];
  let wrong = false;
  for (const r of options.rs) {
    const rules = readRules(options.dir, r);
    const before = heapUsed();
    const index = new RuleIndex();
    // Loading includes the first match: the index chooses its anchors lazily, at the first event.
    const loadSeconds = time(() => {
      rules.forEach((rule, i) => index.add(`rule-${i}`, rule));
      index.matchesJson(events[0] as string);
    });
    const parse: number[] = [];
    const paved: number[] = [];
    const parseSliced: number[] = [];
    const pavedSliced: number[] = [];
    let total = 0;
    let totalSliced = 0;
    for (let pass = 0; pass < options.passes; pass++) {
      parse.push(time(() => events.forEach((e) => JSON.parse(e))));
      paved.push(
        time(() => {
          total = 0;
          for (const e of events) total += index.matchesJson(e).length;
        }),
      );
      parseSliced.push(time(() => sliced.forEach((e) => JSON.parse(e))));
      pavedSliced.push(
        time(() => {
          totalSliced = 0;
          for (const e of sliced) totalSliced += index.matchesJson(e).length;
        }),
      );
    }
    const heapMb = (heapUsed() - before) / 1e6;
    const expected = EXPECTED_MATCHES[r];
    if (expected !== undefined && (total !== expected || totalSliced !== expected)) wrong = true;
    const peer = runPeer(rules, events.slice(0, options.peerEvents), options.peerSeconds);
    const pavedRate = events.length / median(paved);
    const parseRate = events.length / median(parse);
    const peerRate = peer.events / peer.seconds;
    peerNotes.push(
      `R=${r}: ${peer.skipped} wildcard rules skipped (unsupported), ${fmt(peer.errors)} evaluations threw`,
    );
    const ratio = pavedRate / parseRate;
    const slicedRatio = median(parseSliced) / median(pavedSliced);
    rows.push([
      fmt(r),
      fmt(loadSeconds * 1000, 0),
      fmt(heapMb, 1),
      fmt(pavedRate),
      fmt(parseRate),
      `${fmt(ratio, 2)}${TARGETS[r] !== undefined ? (ratio >= (TARGETS[r] as number) ? ' ✓' : ` ✗ (<${TARGETS[r]})`) : ''}`,
      fmt(slicedRatio, 2),
      EVENT_RULER[r] !== undefined ? fmt(EVENT_RULER[r] as number, 2) : '',
      `${fmt(total)}${expected === undefined ? '' : total === expected ? ' ✓' : ` ✗ (AWS: ${fmt(expected)})`}`,
      `${fmt(peerRate, 1)} (${fmt(peer.events)} ev)`,
      `${fmt(pavedRate / peerRate)}×`,
    ]);
  }
  const header = [
    'R',
    'load ms',
    'heap MB',
    'paved ev/s',
    'JSON.parse ev/s',
    'paved/parse',
    'sliced text',
    'event-ruler/parse',
    'matches',
    'sls-offline ev/s',
    'paved/sls',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i] as number)).join('  ');
  console.log(['', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''].join('\n'));
  console.log(
    'sliced text: paved/parse with each event a slice of the file read as one string (slower to read in place).',
  );
  console.log(
    "event-ruler/parse: AWS's Java matcher against the JSON.parse floor, from the shared bench README.",
  );
  console.log(
    `sls-offline: serverless-offline-aws-eventbridge 2.2.4 on the first events, time-boxed. ${peerNotes.join('; ')}.`,
  );
  if (wrong) {
    console.error('Total matches differ from AWS (event-ruler) for some R: see the matches column.');
    process.exitCode = 1;
  }
}

main();
