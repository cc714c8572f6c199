// What moving contracts to zod/mini saved on the runtime path, with the same messages: OrderCreated's detail schema
// as contracts were authored before (zod classic) against the way they are authored now (zod/mini, with the English
// locale @paved/events sets), each alone, bundled with the platform's esbuild options. Checks that both report exactly
// the contract's outcome (data, or every issue's code, path, message and other fields) on the contract's invalid
// samples and on hand-made ones, then measures size and require + two parses in fresh processes.
// Usage: npm run bench:bundles:validation -w tools/bench [-- --runs 21]
import { handlerBuildOptions } from '@paved/platform';
import { OrderCreated, OrderCreatedSchema } from '@paved/orders-contracts';
import { loadSampleEvents } from '@paved/testing';
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { median } from '../synth/bundle';

/** Loads a built bundle into this process, to compare its outcomes with the contract's. */
const loadModule = createRequire(__filename);

const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' } } });
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  throw new Error(`Invalid --runs ${JSON.stringify(values.runs)}: use a whole number from 1, such as 21.`);
}
const OUT = join(__dirname, '..', 'tmp', 'bundles', 'validation');

type SafeParse = (detail: unknown) => { success: boolean; data?: unknown; error?: { issues: unknown[] } };

function build(name: string): { file: string; bytes: number; gzipBytes: number } {
  const file = join(OUT, `${name}.js`);
  // bundleHandler's own options, without a source map (only the size and load time of the code are compared).
  esbuild.buildSync(
    handlerBuildOptions({
      entry: join(__dirname, 'validation', `order-created.${name}.ts`),
      outfile: file,
      external: [],
      minify: true,
      sourcemap: false,
    }),
  );
  const code = readFileSync(file);
  return { file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** The details to compare on: the contract's valid example, its invalid samples, and cases those do not cover. */
function details(): unknown[] {
  const samples = loadSampleEvents(OrderCreated);
  const valid = samples.valid[0]!.event.detail as Record<string, unknown>;
  const line = (valid['lines'] as Record<string, unknown>[])[0]!;
  return [
    valid,
    ...samples.invalid.map((sample) => sample.event.detail),
    null,
    'text',
    [],
    {},
    { ...valid, orderId: '' },
    { ...valid, email: 'not-an-email' },
    { ...valid, currency: 'eur' },
    { ...valid, lines: [] },
    { ...valid, lines: 'none' },
    { ...valid, lines: [{ ...line, sku: '', quantity: 1.5, unitPriceMinor: -1 }] },
    { ...valid, lines: [{}] },
    { ...valid, totalMinor: Number.POSITIVE_INFINITY },
    { ...valid, totalMinor: -0.5 },
    { ...valid, createdAt: 'yesterday' },
    { ...valid, createdAt: '2026-01-01' },
    { ...valid, extra: true },
  ];
}

function outcome(result: ReturnType<SafeParse>): string {
  return JSON.stringify(result.success ? { data: result.data } : { issues: result.error!.issues });
}

function load(file: string): { requireCpuMs: number; parseCpuMs: number; wallMs: number } {
  const probe = `const c0=process.cpuUsage();const m=require(${JSON.stringify(file)});const c1=process.cpuUsage(c0);
const ok=m.safeParse(${JSON.stringify(details()[0])});const bad=m.safeParse({});const c2=process.cpuUsage(c0);
if(!ok.success||bad.success)process.exit(2);
process.stdout.write(JSON.stringify({requireCpuMs:(c1.user+c1.system)/1000,parseCpuMs:(c2.user+c2.system-c1.user-c1.system)/1000}))`;
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-e', probe], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '' },
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`Loading ${file} failed (${result.status}): ${result.stderr}`);
  return { ...(JSON.parse(result.stdout) as { requireCpuMs: number; parseCpuMs: number }), wallMs };
}

function main(): void {
  mkdirSync(OUT, { recursive: true });
  const variants = [
    { name: 'zod classic (before)', build: build('classic'), samples: [] as ReturnType<typeof load>[] },
    { name: 'zod/mini + en locale (now)', build: build('mini'), samples: [] as ReturnType<typeof load>[] },
  ];
  // Same outcomes as the contract itself, detail by detail.
  const contract: SafeParse = (detail) => OrderCreatedSchema.safeParse(detail);
  const inputs = details();
  for (const variant of variants) {
    const { safeParse } = loadModule(variant.build.file) as { safeParse: SafeParse };
    const differing = inputs.filter((detail) => outcome(safeParse(detail)) !== outcome(contract(detail)));
    if (differing.length > 0) {
      throw new Error(
        `${variant.name} does not report what the contract reports for ${differing.length} of ${inputs.length} details, such as ${JSON.stringify(differing[0])}: ${outcome(safeParse(differing[0]))} instead of ${outcome(contract(differing[0]))}.`,
      );
    }
  }
  for (const variant of variants) load(variant.build.file); // warms the page cache
  for (let run = 0; run < RUNS; run += 1)
    for (const variant of variants) variant.samples.push(load(variant.build.file));

  const [before] = variants;
  const m = (variant: (typeof variants)[number], key: keyof ReturnType<typeof load>) =>
    median(variant.samples.map((sample) => sample[key]));
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const lines = [
    `OrderCreated's validation alone, ${RUNS} fresh processes per variant (medians), Node ${process.version}, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
    `Both report exactly the contract's outcome (data, or issues with code, path and message) on ${inputs.length} details.`,
    '',
    '| validation | min | gzip | CPU: require | CPU: two parses | wall (spawn→exit) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...variants.map((variant) => {
      const r = (value: number, reference: number) =>
        variant === before ? '' : ` (×${(value / reference).toFixed(2)})`;
      return `| ${variant.name} | ${kb(variant.build.bytes)}${r(variant.build.bytes, before!.build.bytes)} | ${kb(variant.build.gzipBytes)}${r(variant.build.gzipBytes, before!.build.gzipBytes)} | ${m(variant, 'requireCpuMs').toFixed(1)} ms${r(m(variant, 'requireCpuMs'), m(before!, 'requireCpuMs'))} | ${m(variant, 'parseCpuMs').toFixed(1)} ms${r(m(variant, 'parseCpuMs'), m(before!, 'parseCpuMs'))} | ${m(variant, 'wallMs').toFixed(1)} ms${r(m(variant, 'wallMs'), m(before!, 'wallMs'))} |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
