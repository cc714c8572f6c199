// The OpenTelemetry choice, measured: a traced handler against an untraced one, bundle size and cold start.
// Usage: npm run bench:tracing -w tools/bench [-- --runs 15]
//
// Variants (the handler is fixture/handler.ts: validate an event, publish one event):
// - untraced: the runtime with its tracer setup stubbed out (only @opentelemetry/api's no-op left): also the handler
//   bundle of the layer approach, where the layer brings the SDK;
// - bundled: what the platform deploys (bundleHandler, unchanged), PAVED_TRACING=xray: the runtime registers its
//   OpenTelemetry SDK (sdk-trace, async-hooks context, OTLP protobuf serializer) and sends spans over UDP to the X-Ray
//   daemon address (nothing listens here: a UDP send does not wait for one);
// - layer (ADOT): the untraced bundle with AWS's OpenTelemetry distro preloaded from node_modules, unbundled, as the
//   layer's `otel-instrument` wrapper does (`--require .../register` via NODE_OPTIONS), in its default Lambda setup,
//   with a lean instrumentation list, and in its fast-start (lite) mode.
// Each run is a fresh `node` process (../cold-start.ts) timing boot + preload, require, and the first invocation, which
// publishes to a fake EventBridge endpoint served by this process. Variants are interleaved run by run.
import { DEFAULT_EXTERNAL_MODULES, bundleHandler, handlerBuildOptions } from '@paved/platform';
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { coldStart } from '../cold-start';
import { median } from '../synth/bundle';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  throw new Error(`Invalid --runs ${JSON.stringify(values.runs)}: use a whole number from 1, such as 15.`);
}

const here = __dirname;
const entry = join(here, 'fixture', 'handler.ts');
/** The event each cold start handles: an order with a trace context in its metadata, as a publisher sends it. */
const EVENT = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'OrderPlaced',
  source: 'bench.orders',
  account: '123456789012',
  time: '2026-12-06T12:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: {
    orderId: 'o-1',
    total: 42,
    _meta: {
      correlationId: 'c-1',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    },
  },
};
/** AWS's OpenTelemetry distro, the package the `AWSOpenTelemetryDistroJs` layer runs, pinned. */
const DISTRO = '@aws/aws-distro-opentelemetry-node-autoinstrumentation';
const DISTRO_VERSION = '0.13.0';

/**
 * The distro installed on its own, as the layer ships it in /opt/nodejs/node_modules: into tools/bench/tmp/tracing/layer
 * (git-ignored) on the first run, with npm, and reused after. Not a dependency of this package: it would put several
 * thousand lines of instrumentations in the workspace's lockfile for one benchmark.
 */
function installDistro(): string {
  const dir = join(here, '..', 'tmp', 'tracing', 'layer');
  const register = join(dir, 'node_modules', ...DISTRO.split('/'), 'build', 'src', 'register.js');
  const installed = join(dir, 'node_modules', ...DISTRO.split('/'), 'package.json');
  if (
    existsSync(installed) &&
    (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version === DISTRO_VERSION
  ) {
    return register;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'paved-bench-adot-layer', private: true }, null, 2)}\n`,
  );
  process.stderr.write(`Installing ${DISTRO}@${DISTRO_VERSION} into ${dir} (first run only)...\n`);
  const npm = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-save', `${DISTRO}@${DISTRO_VERSION}`],
    {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (npm.status !== 0 || !existsSync(register)) {
    throw new Error(
      `Could not install ${DISTRO}@${DISTRO_VERSION} into ${dir} (npm exited with ${npm.status}). Check that the npm registry is reachable, or delete ${dir} and run again.`,
    );
  }
  return register;
}

interface Bundle {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Output bytes from @opentelemetry/* packages. */
  readonly otelBytes: number;
}

/** The platform's own bundle of the fixture: the traced build, byte for byte what a function gets. */
async function bundledBuild(): Promise<Bundle> {
  const bundle = bundleHandler({ entry, outdir: mkdtempSync(join(tmpdir(), 'paved-bench-tracing-')) });
  return described(bundle.outfile, bundle.metafile!);
}

/** The same build with the runtime's tracer setup (telemetry/provider.ts) replaced by a no-op. */
async function untracedBuild(): Promise<Bundle> {
  const stub: esbuild.Plugin = {
    name: 'no-tracer-setup',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /runtime[\\/]src[\\/]telemetry[\\/]provider\.ts$/ }, () => ({
        contents: 'export function tracingFromEnvironment() {}\nexport async function flushTracing() {}\n',
        loader: 'ts',
      }));
    },
  };
  const outfile = join(mkdtempSync(join(tmpdir(), 'paved-bench-untraced-')), 'index.js');
  // bundleHandler's own options (handlerBuildOptions), with the stub.
  const result = await esbuild.build({
    ...handlerBuildOptions({
      entry,
      outfile,
      external: DEFAULT_EXTERNAL_MODULES,
      minify: true,
      sourcemap: true,
    }),
    metafile: true,
    plugins: [stub],
  });
  return described(outfile, result.metafile);
}

/** A bundle's size, gzipped size and the bytes OpenTelemetry adds, from its build's metafile. */
function described(outfile: string, metafile: esbuild.Metafile): Bundle {
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith('index.js'));
  if (!output) throw new Error(`esbuild wrote no index.js for ${entry}.`);
  const otelBytes = Object.entries(output[1].inputs)
    .filter(([input]) => input.includes('node_modules/@opentelemetry/'))
    .reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
  return { file: outfile, bytes: readFileSync(outfile).length, gzipBytes: gzip(outfile), otelBytes };
}

function gzip(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

interface Sample {
  readonly bootMs: number;
  readonly requireMs: number;
  readonly invokeMs: number;
  readonly totalMs: number;
  /** User + system CPU time of the process at its first result. */
  readonly cpuMs: number;
  readonly wallMs: number;
}

interface Variant {
  readonly name: string;
  readonly bundle: Bundle;
  readonly preload?: string;
  readonly env: Readonly<Record<string, string>>;
  readonly samples: Sample[];
}

let eventPath: string | undefined;
/** {@link EVENT} in a file, written once: the probe reads its event from BENCH_EVENT_FILE. */
function eventFile(): string {
  if (!eventPath) {
    eventPath = join(mkdtempSync(join(tmpdir(), 'paved-bench-event-')), 'event.json');
    writeFileSync(eventPath, JSON.stringify(EVENT));
  }
  return eventPath;
}

async function runProbe(variant: Variant, endpoint: string): Promise<Sample> {
  const {
    result,
    requireCpuMs: _requireCpu,
    ...sample
  } = await coldStart({
    name: variant.name,
    bundle: variant.bundle.file,
    eventFile: eventFile(),
    nodeArgs: [
      '--enable-source-maps', // the platform's NODE_OPTIONS on every function
      ...(variant.preload ? ['--require', variant.preload] : []),
    ],
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      PAVED_EVENT_BUS_NAME: 'bench',
      // The memory idempotency store: a cold start without DynamoDB, the same for every variant.
      PAVED_LOCAL: '1',
      ...variant.env,
    },
  });
  if ((result as { published?: number } | undefined)?.published !== 1) {
    throw new Error(`${variant.name}: the handler did not publish: it returned ${JSON.stringify(result)}.`);
  }
  return sample;
}

/** A fake EventBridge: accepts every PutEvents entry. */
function fakeEventBridge(): Promise<{ server: Server; endpoint: string }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const entries = (JSON.parse(body) as { Entries: unknown[] }).Entries;
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      response.end(
        JSON.stringify({
          FailedEntryCount: 0,
          Entries: entries.map((_, index) => ({ EventId: `e-${index}` })),
        }),
      );
    });
  });
  return new Promise((resolvePromise) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolvePromise({ server, endpoint: `http://127.0.0.1:${port}` });
    }),
  );
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const adotRegister = installDistro();
  const untraced = await untracedBuild();
  const bundled = await bundledBuild();
  // Traces only, as paved's own setup: the distro's logs and metrics exporters (and Application Signals) would reach
  // for AWS endpoints this machine cannot call, and paved's metrics are EMF lines already.
  const layerEnv = {
    OTEL_SERVICE_NAME: 'bench',
    OTEL_LOG_LEVEL: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_AWS_APPLICATION_SIGNALS_ENABLED: 'false',
  };
  // The layer's aws-lambda instrumentation replaces the module's `handler` export, which esbuild's CommonJS output
  // makes a getter it cannot redefine ("Cannot redefine property: handler"): ADOT's docs ask TypeScript users to
  // export through module.exports instead. So the layer variants load a one-line module that re-exports the same
  // bundle, the change every paved function would need for the layer.
  const layerDir = mkdtempSync(join(tmpdir(), 'paved-bench-layer-'));
  copyFileSync(untraced.file, join(layerDir, 'bundle.js'));
  copyFileSync(`${untraced.file}.map`, join(layerDir, 'index.js.map'));
  writeFileSync(
    join(layerDir, 'index.js'),
    "module.exports = { handler: require('./bundle.js').handler };\n",
  );
  const layerBundle: Bundle = { ...untraced, file: join(layerDir, 'index.js') };
  const variants: Variant[] = [
    { name: 'untraced', bundle: untraced, env: {}, samples: [] },
    { name: 'bundled OTel (paved)', bundle: bundled, env: { PAVED_TRACING: 'xray' }, samples: [] },
    { name: 'ADOT layer, default', bundle: layerBundle, preload: adotRegister, env: layerEnv, samples: [] },
    {
      name: 'ADOT layer, aws-lambda+aws-sdk+http only',
      bundle: layerBundle,
      preload: adotRegister,
      env: { ...layerEnv, OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'aws-lambda,aws-sdk,http' },
      samples: [],
    },
    {
      name: 'ADOT layer, fast start (lite)',
      bundle: layerBundle,
      preload: adotRegister,
      env: { ...layerEnv, OTEL_AWS_LAMBDA_FAST_START: 'true' },
      samples: [],
    },
  ];
  const { server, endpoint } = await fakeEventBridge();
  try {
    for (const variant of variants) await runProbe(variant, endpoint); // warms the page cache
    for (let run = 0; run < RUNS; run += 1) {
      for (const variant of variants) variant.samples.push(await runProbe(variant, endpoint));
      process.stderr.write(`run ${run + 1}/${RUNS}\n`);
    }
  } finally {
    server.close();
  }

  const base = variants[0]!;
  const medianOf = (variant: Variant, key: keyof Sample) =>
    median(variant.samples.map((sample) => sample[key]));
  const lines = [
    `Tracing cost, ${RUNS} fresh processes per variant (medians), Node ${process.version}, ${new Date().toISOString()}`,
    '',
    '| variant | bundle (min) | gzip | of which @opentelemetry | boot + preload | require | first invoke | to first result | vs untraced | CPU to first result | vs untraced (CPU) | wall (spawn→exit) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...variants.map((variant) => {
      const total = medianOf(variant, 'totalMs');
      const delta = total - medianOf(base, 'totalMs');
      const cpu = medianOf(variant, 'cpuMs');
      const cpuDelta = cpu - medianOf(base, 'cpuMs');
      const signed = (value: number) => (variant === base ? '–' : `${value >= 0 ? '+' : ''}${ms(value)}`);
      return `| ${variant.name} | ${kb(variant.bundle.bytes)} | ${kb(variant.bundle.gzipBytes)} | ${kb(variant.bundle.otelBytes)} | ${ms(medianOf(variant, 'bootMs'))} | ${ms(medianOf(variant, 'requireMs'))} | ${ms(medianOf(variant, 'invokeMs'))} | ${ms(total)} | ${signed(delta)} | ${ms(cpu)} | ${signed(cpuDelta)} | ${ms(medianOf(variant, 'wallMs'))} |`;
    }),
    '',
    'The layer rows load the distro from tmp/tracing/layer/node_modules, as a layer loads it from /opt; a layer adds',
    "nothing to the function's zip (the bundle columns are the function's own code).",
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
