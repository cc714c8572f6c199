// Benchmark of `nx run <service>:synth` as a service grows: for each N, a scratch copy of the workspace gets a
// service with N generated handlers, then synth is timed cold (no Nx cache), warm (nothing changed) and after one
// handler changed, with peak memory; then the generated default handler's bundle is sized, attributed and loaded.
// Usage: npm run bench:synth -w tools/bench [-- --sizes 10,50,100,200]
// Options: --load-runs 20, --timeout 900 (seconds a command), --service perf, --keep (leave the scratch copies),
// --layout-only (only how the handlers spread over nested stacks, synthesized in this process: seconds, not hours).
// CDK's 500-resources-a-stack check stays on: the platform spreads handlers over nested stacks, and each stack's
// resource count and template size is read back from cdk.out.
import { scratchWorkspace, type Scratch } from '@paved/testing';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyseBundle, measureLoad, type BundleReport, type LoadTimes } from './bundle';
import { measureLayout, renderLayout } from './layout';
import { measure, stopAll, type Measured } from './measure';
import { mb, renderReport, tasksSummary, type SizeResult } from './report';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,50,100,200' },
    'load-runs': { type: 'string', default: '20' },
    timeout: { type: 'string', default: '900' },
    // Not `bench`: that is this package's own Nx project name, and two projects may not share one.
    service: { type: 'string', default: 'perf' },
    keep: { type: 'boolean', default: false },
    'layout-only': { type: 'boolean', default: false },
  },
});
const SIZES = values.sizes.split(',').map((size) => Number(size.trim()));
if (SIZES.some((size) => !Number.isInteger(size) || size < 1)) {
  throw new Error(
    `Invalid --sizes ${JSON.stringify(values.sizes)}: use positive whole numbers separated by commas, such as 10,50,100.`,
  );
}
const LOAD_RUNS = Number(values['load-runs']);
const TIMEOUT_SECONDS = Number(values.timeout);
const SERVICE = values.service;
const EVENT = 'orders.OrderCreated';
const REPORT_OPTIONS = { loadRuns: LOAD_RUNS };

/** The scratch workspace being benchmarked, so Ctrl-C removes it too. */
let current: Scratch | undefined;

const log = (message: string): void => {
  process.stderr.write(`[bench:synth ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};

function mustRun(scratch: Scratch, what: string, command: string, args: readonly string[]): number {
  const started = performance.now();
  const result = scratch.run(command, args);
  if (result.status !== 0) {
    throw new Error(
      `${what} failed (exit ${result.status}) in ${scratch.root}:\n${result.output.slice(-4000)}`,
    );
  }
  return (performance.now() - started) / 1000;
}

function logResult(label: string, result: Measured): void {
  const status = result.status === 0 ? 'ok' : `FAILED (${result.status})`;
  const cpu = result.cpuSeconds?.toFixed(1) ?? 'n/a';
  log(
    `  ${label}: ${status} in ${result.seconds.toFixed(1)} s (CPU ${cpu} s, load ${result.loadAtStart}), ${tasksSummary(result)}, peak ${mb(result.treePeakBytes)}`,
  );
  if (result.status !== 0) log(result.output.slice(-3000));
}

async function nx(scratch: Scratch, label: string, args: readonly string[]): Promise<Measured> {
  log(`  ${label}: npx nx ${args.join(' ')}`);
  const result = await measure(scratch.root, 'npx', ['nx', ...args], TIMEOUT_SECONDS);
  logResult(label, result);
  return result;
}

function generate(scratch: Scratch, handlers: number): number {
  // Nothing is linked per handler (PAVED_SKIP_INSTALL): one npm install follows the last one.
  process.env['PAVED_SKIP_INSTALL'] = '1';
  const hygen = join(scratch.root, 'node_modules', '.bin', 'hygen');
  let seconds = mustRun(scratch, 'hygen service new', hygen, ['service', 'new', '--name', SERVICE]);
  for (let i = 1; i <= handlers; i += 1) {
    const args = ['handler', 'new', '--service', SERVICE, '--name', `h${i}`, '--event', EVENT];
    seconds += mustRun(scratch, `hygen handler new h${i}`, hygen, args);
    if (i % 10 === 0 || i === handlers)
      log(`N=${handlers}: generated ${i}/${handlers} handlers (${seconds.toFixed(0)} s)`);
  }
  return seconds;
}

type Steps = Omit<SizeResult, 'handlers' | 'generateSeconds' | 'installSeconds' | 'graph' | 'stacks'>;

/** The service's CDK app run directly, handed what the cdk CLI would hand it: an output folder and cdk.json's context. */
async function runApp(
  scratch: Scratch,
  label: string,
  env: Readonly<Record<string, string>> = {},
): Promise<Measured> {
  log(`  ${label}: node --import tsx src/app.ts`);
  const app = join(scratch.root, 'services', SERVICE);
  const outdir = mkdtempSync(join(tmpdir(), 'paved-bench-cdk-out-'));
  const { context = {} } = JSON.parse(readFileSync(join(app, 'cdk.json'), 'utf8')) as { context?: object };
  const result = await measure(app, 'node', ['--import', 'tsx', 'src/app.ts'], TIMEOUT_SECONDS, {
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify(context),
    ...env,
  });
  rmSync(outdir, { recursive: true, force: true });
  logResult(label, result);
  return result;
}

async function measureSynth(scratch: Scratch): Promise<Steps> {
  const synth = `${SERVICE}:synth`;
  const ok = (m: Measured | undefined) => m?.status === 0;
  const steps: { -readonly [K in keyof Steps]: Steps[K] } = {};
  steps.cold = await nx(scratch, 'cold', ['run', synth, '--skip-nx-cache']);
  if (!ok(steps.cold)) return steps;

  // Where the cold time goes: the synth task with every bundle already built, the CDK app without the cdk CLI,
  // the app without aws-cdk-lib's built-in CloudFormation validation (WASM), and synth bundling every handler
  // itself (the platform's fallback when dist/ is missing) instead of N build tasks.
  const synthOnly = ['run', synth, '--skip-nx-cache', '--exclude-task-dependencies'];
  steps.synthOnly = await nx(scratch, 'synth task alone', synthOnly);
  if (!ok(steps.synthOnly)) return steps;
  steps.appOnly = await runApp(scratch, 'CDK app alone');
  steps.appNoValidation = await runApp(scratch, 'CDK app, CDK_VALIDATION=false', { CDK_VALIDATION: 'false' });
  for (let i = 1; existsSync(handlerDir(scratch, i)); i += 1) {
    rmSync(join(handlerDir(scratch, i), 'dist'), { recursive: true, force: true });
  }
  steps.bundledInSynth = await nx(scratch, 'synth bundling every handler itself', synthOnly);

  // --skip-nx-cache neither reads nor writes the cache (Nx's task orchestrator stores results only when it may read
  // them), so a plain run fills it before the warm one: a second cold sample.
  steps.filling = await nx(scratch, 'cold, filling the cache', ['run', synth]);
  if (!ok(steps.filling)) return steps;
  steps.warm = await nx(scratch, 'warm', ['run', synth]);
  if (!ok(steps.warm)) return steps;
  // Nx hashes content, not mtimes: an edited line makes h1's build and the service's synth miss the cache.
  appendFileSync(join(handlerDir(scratch, 1), 'src', 'h1.ts'), `// bench: edited at ${Date.now()}\n`);
  steps.oneChange = await nx(scratch, 'one handler changed', ['run', synth]);
  return steps;
}

const handlerDir = (scratch: Scratch, i: number): string =>
  join(scratch.root, 'services', SERVICE, 'handlers', `h${i}`);

/** Every template the synth wrote (the service stack and each nested stack of handlers): the largest decides. */
function readTemplate(scratch: Scratch): Pick<SizeResult, 'stacks'> {
  const cdkOut = join(scratch.root, 'services', SERVICE, 'cdk.out');
  const files = existsSync(cdkOut)
    ? readdirSync(cdkOut).filter((name) => name.endsWith('.template.json'))
    : [];
  if (files.length === 0) return { stacks: undefined };
  return {
    stacks: files.map((file) => {
      const template = JSON.parse(readFileSync(join(cdkOut, file), 'utf8')) as { Resources?: object };
      return {
        file,
        resources: Object.keys(template.Resources ?? {}).length,
        bytes: statSync(join(cdkOut, file)).size,
      };
    }),
  };
}

async function benchmarkSize(
  handlers: number,
  bundle: { value?: [BundleReport, LoadTimes] },
): Promise<SizeResult> {
  log(`N=${handlers}: copying the workspace`);
  const scratch = scratchWorkspace();
  current = scratch;
  log(`N=${handlers}: scratch workspace at ${scratch.root}`);
  try {
    const generateSeconds = generate(scratch, handlers);
    log(`N=${handlers}: npm install`);
    const installSeconds = mustRun(scratch, 'npm install', 'npm', [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
    ]);
    // The first Nx command of a workspace computes its project graph; timed apart from the tasks.
    const graph = await nx(scratch, 'project graph', ['show', 'projects']);
    if (graph.status !== 0)
      throw new Error(`Nx could not compute the project graph of ${scratch.root}; see above.`);
    const steps = await measureSynth(scratch);
    if (bundle.value === undefined) {
      // The generated default handler is the same whatever N, so it is measured once.
      const entry = join(scratch.root, 'services', SERVICE, 'handlers', 'h2', 'src', 'handler.ts');
      log(`bundling ${entry} and loading it ${LOAD_RUNS} times in fresh processes`);
      const report = analyseBundle(entry, scratch.root);
      bundle.value = [report, measureLoad(report.outfile, LOAD_RUNS)];
    }
    return { handlers, generateSeconds, installSeconds, graph, ...steps, ...readTemplate(scratch) };
  } finally {
    current = undefined;
    if (values.keep) log(`kept ${scratch.root}`);
    else scratch.remove();
  }
}

async function main(): Promise<void> {
  if (values['layout-only']) {
    const layouts = SIZES.flatMap((size) =>
      (['direct', 'mixed'] as const).map((variant) => {
        log(`N=${size} (${variant}): synthesizing in process`);
        return measureLayout(size, variant);
      }),
    );
    process.stdout.write(`${renderLayout(layouts)}\n`);
    return;
  }
  const results: SizeResult[] = [];
  const bundle: { value?: [BundleReport, LoadTimes] } = {};
  for (const size of SIZES) {
    try {
      results.push(await benchmarkSize(size, bundle));
    } catch (error) {
      log(`N=${size}: ${(error as Error).message}`);
    }
    // Printed as they come, so a run cut short still leaves its numbers.
    log(`results so far:\n${renderReport(results, bundle.value, REPORT_OPTIONS)}`);
  }
  process.stdout.write(`${renderReport(results, bundle.value, REPORT_OPTIONS)}\n`);
  const failed = results.length < SIZES.length || results.some((r) => r.oneChange?.status !== 0);
  if (failed) process.exitCode = 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopAll();
    if (current && !values.keep) current.remove();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

void main();
