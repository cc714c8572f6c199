// Benchmark of `nx run <service>:synth` as a service grows: for each N, a scratch copy of the workspace gets a
// service with N generated handlers, then synth is timed cold (no Nx cache), warm (nothing changed) and after one
// handler changed, with peak memory; then the generated default handler's bundle is sized, attributed and loaded.
// Usage: npm run bench:synth -w tools/bench [-- --sizes 10,50,100 --load-runs 20 --timeout 900 --service perf --keep]
import { scratchWorkspace, type Scratch } from '@paved/testing';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyseBundle, measureLoad, type BundleReport, type LoadTimes } from './bundle';
import { measure, SAMPLE_MS, type Measured } from './measure';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,50,100' },
    'load-runs': { type: 'string', default: '20' },
    timeout: { type: 'string', default: '900' },
    // Not `bench`: that is this package's own Nx project name, and two projects may not share one.
    service: { type: 'string', default: 'perf' },
    keep: { type: 'boolean', default: false },
  },
});
const SIZES = values.sizes.split(',').map((size) => Number(size.trim()));
if (SIZES.some((size) => !Number.isInteger(size) || size < 1)) {
  throw new Error(`Invalid --sizes ${JSON.stringify(values.sizes)}: use positive whole numbers separated by commas, such as 10,50,100.`);
}
const LOAD_RUNS = Number(values['load-runs']);
const TIMEOUT_SECONDS = Number(values.timeout);
const SERVICE = values.service;
const EVENT = 'orders.OrderCreated';

interface SizeResult {
  readonly handlers: number;
  readonly generateSeconds: number;
  readonly installSeconds: number;
  readonly graph: Measured;
  /** Each step runs only if the one before it succeeded. */
  readonly cold?: Measured;
  readonly synthOnly?: Measured;
  readonly warm?: Measured;
  readonly oneChange?: Measured;
  readonly resources: number | undefined;
  readonly templateBytes: number | undefined;
}

const log = (message: string): void => {
  process.stderr.write(`[bench:synth ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};

function mustRun(scratch: Scratch, what: string, command: string, args: readonly string[]): number {
  const started = performance.now();
  const result = scratch.run(command, args);
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}) in ${scratch.root}:\n${result.output.slice(-4000)}`);
  return (performance.now() - started) / 1000;
}

async function nx(scratch: Scratch, label: string, args: readonly string[]): Promise<Measured> {
  log(`  ${label}: npx nx ${args.join(' ')}`);
  const result = await measure(scratch.root, 'npx', ['nx', ...args], TIMEOUT_SECONDS);
  log(`  ${label}: ${result.status === 0 ? 'ok' : `FAILED (${result.status})`} in ${result.seconds.toFixed(1)} s, ${tasksSummary(result)}, peak ${mb(result.treePeakBytes)}`);
  if (result.status !== 0) log(result.output.slice(-3000));
  return result;
}

async function benchmarkSize(handlers: number, bundleReport: { value?: [BundleReport, LoadTimes] }): Promise<SizeResult> {
  log(`N=${handlers}: copying the workspace`);
  const scratch = scratchWorkspace();
  log(`N=${handlers}: scratch workspace at ${scratch.root}`);
  try {
    // Generation links nothing (one npm install after the last handler) and is reported apart from synth.
    process.env['PAVED_SKIP_INSTALL'] = '1';
    const hygen = join(scratch.root, 'node_modules', '.bin', 'hygen');
    let generateSeconds = mustRun(scratch, 'hygen service new', hygen, ['service', 'new', '--name', SERVICE]);
    for (let i = 1; i <= handlers; i += 1) {
      generateSeconds += mustRun(scratch, `hygen handler new h${i}`, hygen, ['handler', 'new', '--service', SERVICE, '--name', `h${i}`, '--event', EVENT]);
      if (i % 10 === 0 || i === handlers) log(`N=${handlers}: generated ${i}/${handlers} handlers (${generateSeconds.toFixed(0)} s)`);
    }
    log(`N=${handlers}: npm install`);
    const installSeconds = mustRun(scratch, 'npm install', 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund']);

    // The first Nx command of a workspace computes its project graph; timed apart so `cold` is the tasks' cost.
    const graph = await nx(scratch, 'project graph', ['show', 'projects']);
    if (graph.status !== 0) throw new Error(`Nx could not compute the project graph of ${scratch.root}; see the output above.`);
    const steps: Pick<SizeResult, 'cold' | 'synthOnly' | 'warm' | 'oneChange'> = {};
    const synth = `${SERVICE}:synth`;
    const ok = (m: Measured | undefined) => m?.status === 0;
    steps.cold = await nx(scratch, 'cold', ['run', synth, '--skip-nx-cache']);
    if (ok(steps.cold)) {
      steps.synthOnly = await nx(scratch, 'synth task alone', ['run', synth, '--skip-nx-cache', '--exclude-task-dependencies']);
    }
    if (ok(steps.synthOnly)) steps.warm = await nx(scratch, 'warm', ['run', synth]);
    if (ok(steps.warm)) {
      // A content change (Nx hashes content, not mtimes): h1's build and the service's synth miss the cache.
      appendFileSync(join(scratch.root, 'services', SERVICE, 'handlers', 'h1', 'src', 'h1.ts'), `// bench: changed at ${Date.now()}\n`);
      steps.oneChange = await nx(scratch, 'one handler changed', ['run', synth]);
    }

    const cdkOut = join(scratch.root, 'services', SERVICE, 'cdk.out');
    const templateFile = existsSync(cdkOut) ? readdirSync(cdkOut).find((file) => file.endsWith('.template.json')) : undefined;
    const template = templateFile === undefined ? undefined : join(cdkOut, templateFile);
    const resources = template
      ? Object.keys((JSON.parse(readFileSync(template, 'utf8')) as { Resources?: object }).Resources ?? {}).length
      : undefined;
    const templateBytes = template ? statSync(template).size : undefined;

    if (bundleReport.value === undefined) {
      // The generated default handler is the same for every N, so it is measured once.
      const entry = join(scratch.root, 'services', SERVICE, 'handlers', 'h2', 'src', 'handler.ts');
      log(`bundling ${entry} and loading it ${LOAD_RUNS}× in fresh processes`);
      const report = analyseBundle(entry, scratch.root);
      bundleReport.value = [report, measureLoad(report.outfile, LOAD_RUNS)];
    }
    return { handlers, generateSeconds, installSeconds, graph, ...steps, resources, templateBytes };
  } finally {
    if (values.keep) log(`kept ${scratch.root}`);
    else scratch.remove();
  }
}

const mb = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const secs = (m: Measured | undefined): string => {
  if (m === undefined) return 'skipped';
  return m.status === 0 ? `${m.seconds.toFixed(1)} s` : `${m.status === 'timeout' ? 'timed out' : 'failed'} after ${m.seconds.toFixed(0)} s`;
};

/** "101 run" or "100 of 101 from cache", from Nx's closing lines. */
function tasksSummary(m: Measured | undefined): string {
  if (m === undefined) return 'skipped';
  const dependsOn = /and (\d+) tasks? (?:it|they) depends? on/.exec(m.output);
  const cached = /for (\d+) out of (\d+) tasks/.exec(m.output);
  if (cached) return `${cached[1]} of ${cached[2]} tasks from cache`;
  return dependsOn ? `${Number(dependsOn[1]) + 1} tasks run` : 'tasks n/a';
}

function report(results: readonly SizeResult[], bundle: [BundleReport, LoadTimes] | undefined): string {
  const lines: string[] = [];
  lines.push('### Synth time', '');
  lines.push('| handlers | generate (not in synth) | npm install | project graph | **cold synth** | of which synth task | **warm synth** | after one handler changed | resources | template |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    lines.push(
      `| ${r.handlers} | ${r.generateSeconds.toFixed(0)} s (${(r.generateSeconds / r.handlers).toFixed(1)} s each) | ${r.installSeconds.toFixed(0)} s | ${secs(r.graph)} | **${secs(r.cold)}** | ${secs(r.synthOnly)} | **${secs(r.warm)}** | ${secs(r.oneChange)} | ${r.resources ?? 'n/a'} | ${r.templateBytes === undefined ? 'n/a' : kb(r.templateBytes)} |`,
    );
  }
  lines.push('', '### Peak memory (RSS)', '');
  lines.push('| handlers | cold: process tree | cold: largest process | warm: process tree | warm: largest process | one change: process tree | one change: largest process |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    lines.push(
      `| ${r.handlers} | ${mb(r.cold?.treePeakBytes)} | ${mb(r.cold?.largestProcessBytes)} | ${mb(r.warm?.treePeakBytes)} | ${mb(r.warm?.largestProcessBytes)} | ${mb(r.oneChange?.treePeakBytes)} | ${mb(r.oneChange?.largestProcessBytes)} |`,
    );
  }
  lines.push('', 'Cache use: ' + results.map((r) => `N=${r.handlers} cold ${tasksSummary(r.cold)}, warm ${tasksSummary(r.warm)}, one change ${tasksSummary(r.oneChange)}`).join('; ') + '.');
  const measured = results.flatMap((r) => (r.cold?.status === 0 && r.synthOnly?.status === 0 ? [{ n: r.handlers, cold: r.cold, synth: r.synthOnly }] : []));
  if (measured.length >= 2) {
    const [first, last] = [measured[0]!, measured[measured.length - 1]!];
    const perHandler = (a: Measured, b: Measured) => ((b.seconds - a.seconds) / (last.n - first.n)).toFixed(2);
    lines.push(`Marginal cost per handler (N=${first.n} → ${last.n}): cold ${perHandler(first.cold, last.cold)} s, synth task alone ${perHandler(first.synth, last.synth)} s.`);
  }
  const hundred = results.find((r) => r.handlers === 100);
  if (hundred) {
    const pass = (m: Measured | undefined, limit: number) => (m?.status === 0 && m.seconds < limit ? 'met' : 'NOT met');
    lines.push(`Targets at 100 handlers: cold < 90 s ${pass(hundred.cold, 90)}, warm < 15 s ${pass(hundred.warm, 15)}.`);
  }

  if (bundle) {
    const [b, load] = bundle;
    lines.push('', '### Generated default handler (`--event orders.OrderCreated`)', '');
    lines.push('| bundle (minified, index.js) | inputs | require() in a fresh process | with --enable-source-maps | spawn + require − bare spawn |');
    lines.push('|---:|---:|---:|---:|---:|');
    lines.push(
      `| ${kb(b.bytes)} ${b.bytes < 100 * 1024 ? '(target < 100 KB met)' : '(target < 100 KB NOT met)'} | ${b.inputCount} | ${load.requireMs.toFixed(1)} ms ${load.requireMs < 50 ? '(target < 50 ms met)' : '(target < 50 ms NOT met)'} | ${load.requireSourceMapsMs.toFixed(1)} ms | ${load.spawnDeltaMs.toFixed(1)} ms (bare spawn ${load.baselineSpawnMs.toFixed(0)} ms) |`,
    );
    lines.push('', 'Where the bytes are (esbuild metafile, bytes in output):', '');
    lines.push('| package | bytes | share |', '|---|---:|---:|');
    for (const p of b.packages.slice(0, 10)) lines.push(`| ${p.name} | ${kb(p.bytes)} | ${((100 * p.bytes) / b.bytes).toFixed(0)}% |`);
    lines.push('', '| largest files | bytes |', '|---|---:|');
    for (const f of b.files.slice(0, 10)) lines.push(`| ${f.name.replace(/^.*node_modules\//, '')} | ${kb(f.bytes)} |`);
    if (b.mismatch) lines.push('', `Warning: ${b.mismatch}.`);
  }
  lines.push(
    '',
    `Method: wall time of each \`npx nx ...\` command (NX_DAEMON=false, as scratchWorkspace runs commands; nx.json parallel as committed). ` +
      `Process tree = highest sum of RSS over the command and all its descendants, read from /proc every ${SAMPLE_MS} ms (pages shared between processes count in each); ` +
      `largest process = GNU time's maximum RSS (%M). Load time = median of ${bundle?.[1].runs ?? LOAD_RUNS} fresh \`node\` processes each timing require() with process.hrtime, ` +
      `and separately the median wall time of \`node -e "require(bundle)"\` minus that of \`node -e ""\`.`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const results: SizeResult[] = [];
  const bundle: { value?: [BundleReport, LoadTimes] } = {};
  for (const size of SIZES) {
    try {
      results.push(await benchmarkSize(size, bundle));
    } catch (error) {
      log(`N=${size}: ${(error as Error).message}`);
    }
    // Partial results are printed as they come, so a run cut short still leaves its numbers.
    log(`results so far:\n${report(results, bundle.value)}`);
  }
  process.stdout.write(`${report(results, bundle.value)}\n`);
  if (results.length < SIZES.length) process.exitCode = 1;
}

void main();
