// The benchmark's markdown: synth time and memory per N, the default handler's bundle, and how it was measured.
import { type BundleReport, type LoadTimes } from './bundle';
import { SAMPLE_MS, type Measured } from './measure';

/** CloudFormation's quotas: resources in one stack, and bytes of one template body. */
const CFN_MAX_RESOURCES = 500;
const CFN_MAX_TEMPLATE_BYTES = 1_000_000;

export interface SizeResult {
  readonly handlers: number;
  readonly generateSeconds: number;
  readonly installSeconds: number;
  /** `nx show projects`: the first Nx command of the workspace, which computes the project graph. */
  readonly graph: Measured;
  /** `nx run <service>:synth --skip-nx-cache`. Each later step runs only if the ones before it succeeded. */
  readonly cold?: Measured;
  /** The same with `--exclude-task-dependencies`: the synth task alone, handler bundles already built. */
  readonly synthOnly?: Measured;
  /** The service's CDK app run directly (`node --import tsx src/app.ts`), without the cdk CLI, npm or Nx. */
  readonly appOnly?: Measured;
  /** The same with `CDK_VALIDATION=false`: without aws-cdk-lib's built-in CloudFormation validation. */
  readonly appNoValidation?: Measured;
  /** The synth task alone with every handler's dist/ deleted, so the platform bundles each one during synth. */
  readonly bundledInSynth?: Measured;
  /** The first run that may use the cache: every task misses (the cache is empty) and stores its result. */
  readonly filling?: Measured;
  readonly warm?: Measured;
  readonly oneChange?: Measured;
  /** Each template the last synth wrote: the service stack and the nested stacks of its handlers. */
  readonly stacks: readonly StackSize[] | undefined;
}

/** One synthesized template in cdk.out. */
export interface StackSize {
  readonly file: string;
  readonly resources: number;
  readonly bytes: number;
}

export interface ReportOptions {
  readonly loadRuns: number;
}

/** The stack with the most resources and the largest template (they may differ), and the total over all stacks. */
function largest(stacks: readonly StackSize[] | undefined) {
  if (stacks === undefined || stacks.length === 0) return undefined;
  return {
    count: stacks.length,
    resources: Math.max(...stacks.map((stack) => stack.resources)),
    bytes: Math.max(...stacks.map((stack) => stack.bytes)),
    total: stacks.reduce((sum, stack) => sum + stack.resources, 0),
  };
}

export const mb = (bytes: number | undefined): string =>
  bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

function secs(m: Measured | undefined): string {
  if (m === undefined) return 'skipped';
  if (m.status !== 0)
    return `${m.status === 'timeout' ? 'timed out' : 'failed'} after ${m.seconds.toFixed(0)} s`;
  return `${m.seconds.toFixed(1)} s${m.cpuSeconds === undefined ? '' : ` (CPU ${m.cpuSeconds.toFixed(0)} s)`}`;
}

/** "11 tasks run" or "10 of 11 tasks from cache", from Nx's closing lines. */
export function tasksSummary(m: Measured | undefined): string {
  if (m === undefined) return 'skipped';
  const cached = /for (\d+) out of (\d+) tasks/.exec(m.output);
  if (cached) return `${cached[1]} of ${cached[2]} tasks from cache`;
  const dependsOn = /and (\d+) tasks? (?:it|they) depends? on/.exec(m.output);
  if (dependsOn) return `${Number(dependsOn[1]) + 1} tasks run`;
  return /Successfully ran target/.test(m.output) ? '1 task run' : 'tasks n/a';
}

export function renderReport(
  results: readonly SizeResult[],
  bundle: readonly [BundleReport, LoadTimes] | undefined,
  options: ReportOptions,
): string {
  return [...synthSection(results), ...(bundle ? bundleSection(...bundle) : []), '', method(options)].join(
    '\n',
  );
}

function synthSection(results: readonly SizeResult[]): string[] {
  const lines = ['### Synth time', ''];
  lines.push(
    '| handlers | **cold synth** | **warm synth** | one handler changed | stacks (service + nested) | resources in all | **largest stack: resources** | **largest template** | generate + npm install (not in synth) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    const sizes = largest(r.stacks);
    const generate = `${r.generateSeconds.toFixed(0)} s + ${r.installSeconds.toFixed(0)} s`;
    lines.push(
      `| ${r.handlers} | **${secs(r.cold)}** | **${secs(r.warm)}** | ${secs(r.oneChange)} | ${sizes?.count ?? 'n/a'} | ${sizes?.total ?? 'n/a'} | **${sizes?.resources ?? 'n/a'}** | **${sizes ? kb(sizes.bytes) : 'n/a'}** | ${generate} |`,
    );
  }
  lines.push('', '### Where the cold time goes', '');
  lines.push(
    '| handlers | project graph (`nx show projects`) | synth task alone (bundles built) | CDK app alone | CDK app, CDK_VALIDATION=false | synth task bundling every handler itself (no dist/) | cold again, filling the cache |',
    '|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    lines.push(
      `| ${r.handlers} | ${secs(r.graph)} | ${secs(r.synthOnly)} | ${secs(r.appOnly)} | ${secs(r.appNoValidation)} | ${secs(r.bundledInSynth)} | ${secs(r.filling)} |`,
    );
  }
  lines.push('', '### Peak memory (RSS)', '');
  lines.push(
    '| handlers | cold: process tree | cold: largest process | CDK app | warm: process tree | warm: largest process | one change: process tree | one change: largest process |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    const [cold, app, warm, change] = [r.cold, r.appOnly, r.warm, r.oneChange];
    lines.push(
      `| ${r.handlers} | ${mb(cold?.treePeakBytes)} | ${mb(cold?.largestProcessBytes)} | ${mb(app?.largestProcessBytes)} | ${mb(warm?.treePeakBytes)} | ${mb(warm?.largestProcessBytes)} | ${mb(change?.treePeakBytes)} | ${mb(change?.largestProcessBytes)} |`,
    );
  }
  lines.push('');
  for (const r of results) {
    const steps = [r.cold, r.synthOnly, r.filling, r.warm, r.oneChange];
    lines.push(
      `- N=${r.handlers}: cold ${tasksSummary(r.cold)}, warm ${tasksSummary(r.warm)}, one change ${tasksSummary(r.oneChange)}; ` +
        `1-minute load average at the start of cold / synth task / filling / warm / one change: ${steps.map((m) => m?.loadAtStart ?? '-').join(' / ')}.`,
    );
  }
  for (const r of results) {
    const over = (r.stacks ?? []).flatMap((stack) => [
      ...(stack.resources > CFN_MAX_RESOURCES
        ? [
            `${stack.file} has ${stack.resources} resources (CloudFormation allows ${CFN_MAX_RESOURCES} a stack)`,
          ]
        : []),
      ...(stack.bytes > CFN_MAX_TEMPLATE_BYTES
        ? [`${stack.file} is ${kb(stack.bytes)} (CloudFormation allows ${CFN_MAX_TEMPLATE_BYTES / 1000} KB)`]
        : []),
    ]);
    if (over.length > 0) lines.push(`- **N=${r.handlers} would not deploy:** ${over.join('; ')}.`);
  }
  const measured = results.flatMap((r) =>
    r.cold?.status === 0 && r.synthOnly?.status === 0
      ? [{ n: r.handlers, cold: r.cold, synth: r.synthOnly }]
      : [],
  );
  if (measured.length >= 2) {
    const [first, last] = [measured[0]!, measured[measured.length - 1]!];
    const perHandler = (a: Measured, b: Measured) =>
      ((b.seconds - a.seconds) / (last.n - first.n)).toFixed(2);
    lines.push(
      `- Marginal cost of a handler (N=${first.n} → ${last.n}): cold ${perHandler(first.cold, last.cold)} s, synth task alone ${perHandler(first.synth, last.synth)} s.`,
    );
  }
  const hundred = results.find((r) => r.handlers === 100);
  if (hundred) {
    const verdict = (m: Measured | undefined, limit: number) =>
      m?.status === 0 && m.seconds < limit ? 'met' : 'NOT met';
    lines.push(
      `- Targets at 100 handlers: cold < 90 s ${verdict(hundred.cold, 90)}; warm < 15 s ${verdict(hundred.warm, 15)}.`,
    );
  }
  return lines;
}

function bundleSection(b: BundleReport, load: LoadTimes): string[] {
  const lines = [
    '',
    '### Generated default handler (`hygen handler new ... --event orders.OrderCreated`)',
    '',
  ];
  const sizeVerdict = b.bytes < 100 * 1024 ? 'target < 100 KB met' : 'target < 100 KB NOT met';
  const loadVerdict = load.requireMs < 50 ? 'target < 50 ms met' : 'target < 50 ms NOT met';
  lines.push(
    '| bundle (minified index.js) | inputs | require() in a fresh process | with --enable-source-maps | spawn + require − bare spawn |',
    '|---:|---:|---:|---:|---:|',
    `| ${kb(b.bytes)} (${sizeVerdict}) | ${b.inputCount} | ${load.requireMs.toFixed(1)} ms (${loadVerdict}) | ${load.requireSourceMapsMs.toFixed(1)} ms | ${load.spawnDeltaMs.toFixed(1)} ms (bare spawn ${load.baselineSpawnMs.toFixed(0)} ms) |`,
  );
  lines.push('', 'Where the bytes are (esbuild metafile, bytes in output):', '');
  lines.push('| package | bytes | share |', '|---|---:|---:|');
  for (const p of b.packages.slice(0, 10)) {
    lines.push(`| ${p.name} | ${kb(p.bytes)} | ${((100 * p.bytes) / b.bytes).toFixed(0)}% |`);
  }
  lines.push('', '| largest files | bytes |', '|---|---:|');
  for (const f of b.files.slice(0, 10))
    lines.push(`| ${f.name.replace(/^.*node_modules\//, '')} | ${kb(f.bytes)} |`);
  return lines;
}

function method(options: ReportOptions): string {
  return (
    'Method: each N in its own scratch copy of the workspace (scratchWorkspace); times are wall time of each command, ' +
    'run as scratchWorkspace runs commands (NX_DAEMON=false, no TUI) with nx.json as committed (parallel 2); CPU = user + system ' +
    'seconds of the processes the tree waited for (GNU time), which other work on the machine hardly changes; it leaves out ' +
    "esbuild's own process, which esbuild's worker thread starts and never waits for (about 0.5 s of CPU a bundle). Process tree = highest sum of RSS " +
    `over the command and all its descendants, read from /proc every ${SAMPLE_MS} ms (pages shared between processes count in each); ` +
    "largest process = GNU time's maximum RSS (%M). " +
    "CDK's 500-resources-a-stack check is on, as in every service; stacks, resources and template sizes are read from the " +
    'cdk.out of the last synth (the service stack and each nested stack of handlers). ' +
    `Load time = median of ${options.loadRuns} fresh \`node\` processes each timing require() with process.hrtime, and separately ` +
    'the median wall time of `node -e "require(bundle)"` minus that of `node -e ""`.'
  );
}
