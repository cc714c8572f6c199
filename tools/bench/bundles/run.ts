// Handler bundles: size, where the bytes come from, and cold start, for every example handler and the generated
// default one: the platform's default bundle (the AWS SDK in it) against the SDK left to the Lambda runtime's copy,
// and against the default bundle loaded without --enable-source-maps.
// Usage: npm run bench:bundles -w tools/bench [-- --runs 11] [--only create-profile,send-welcome-email]
//
// Each variant is bundleHandler's own output. Each cold start is a fresh `node` process
// (../cold-start.ts, ../cold-start-probe.cjs) that requires the bundle and invokes the handler once, on the AWS code path (no PAVED_LOCAL): the
// idempotency record in DynamoDB, the stores in S3, email through SES, publishing to EventBridge, all answered by a
// fake endpoint served here (AWS_ENDPOINT_URL). An external SDK loads from the workspace's node_modules, the stand-in
// for the copy in the Lambda runtime's image. Variants are interleaved run by run.
import { AWS_SDK_MODULES, DEFAULT_EXTERNAL_MODULES, bundleHandler } from '@paved/platform';
import { HANDLER_ENV, exampleEvent, storeBucketVariable, type AnyEventContract } from '@paved/events';
import { apiRequest } from '@paved/testing';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { coldStart } from '../cold-start';
import { median } from '../synth/bundle';
import { startFakeAws, type FakeAws } from './fake-aws';

/** Loads a handler's declaration at run time (a .ts file, through tsx). */
const loadModule = createRequire(__filename);

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '11' }, only: { type: 'string' } },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  throw new Error(`Invalid --runs ${JSON.stringify(values.runs)}: use a whole number from 1, such as 11.`);
}

const WORKSPACE = resolve(__dirname, '..', '..', '..');
/** Inside the workspace (git-ignored), so that an external module resolves from its node_modules. */
const OUT = join(__dirname, '..', 'tmp', 'bundles');

interface VariantSettings {
  readonly name: string;
  readonly external: readonly string[];
  /** Node's flags: the platform sets NODE_OPTIONS=--enable-source-maps on every function. */
  readonly nodeArgs: readonly string[];
}

/** The first is the reference the others' ratios are against: the platform's bundle as it deploys. */
const VARIANTS: readonly VariantSettings[] = [
  { name: 'platform default', external: DEFAULT_EXTERNAL_MODULES, nodeArgs: ['--enable-source-maps'] },
  {
    name: "SDK external (the runtime's copy)",
    external: AWS_SDK_MODULES,
    nodeArgs: ['--enable-source-maps'],
  },
  { name: 'platform default, no --enable-source-maps', external: DEFAULT_EXTERNAL_MODULES, nodeArgs: [] },
];

interface Target {
  readonly name: string;
  readonly entry: string;
  /** What Lambda passes the handler: an EventBridge event, an SQS or Kinesis batch, or an HTTP API request. */
  readonly event: unknown;
  readonly env: Readonly<Record<string, string>>;
}

interface Declaration {
  readonly contract?: AnyEventContract;
  readonly stores?: readonly string[];
  readonly sendsEmail?: boolean;
  readonly delivery?: { readonly kind: string };
  /** Buckets whose S3 events the handler reads objects of. */
  readonly reads?: readonly { readonly nameMatchers: readonly { readonly prefix: string }[] }[];
}

function targets(): Target[] {
  const found: Target[] = [];
  for (const service of readdirSync(join(WORKSPACE, 'services'))) {
    const handlers = join(WORKSPACE, 'services', service, 'handlers');
    if (existsSync(handlers)) {
      for (const name of readdirSync(handlers).sort()) {
        found.push(handlerTarget(`${service}/${name}`, join(handlers, name, 'src')));
      }
    }
    const apis = join(WORKSPACE, 'services', service, 'apis');
    if (existsSync(apis)) {
      for (const name of readdirSync(apis).sort())
        found.push(apiTarget(`${service}/${name} (API)`, join(apis, name, 'src')));
    }
  }
  found.push(
    handlerTarget(
      'generated default (hygen handler new)',
      join(__dirname, 'fixture', 'generated-default', 'src'),
    ),
  );
  const only = values.only?.split(',').map((name) => name.trim());
  return only ? found.filter((target) => only.some((name) => target.name.includes(name))) : found;
}

function handlerTarget(name: string, src: string): Target {
  // Loaded through tsx, as the platform loads declarations at synth.
  const { subscription } = loadModule(join(src, 'subscription.ts')) as { subscription: Declaration };
  const contract = subscription.contract!;
  const event = exampleEvent(contract, contract.examples[0], { id: '00000000-0000-4000-8000-000000000001' });
  // An S3 event names the bucket as deployed: the declared bucket's name (its prefix, then S3's account-regional
  // suffix), so that the handler may read from it.
  const read = subscription.reads?.[0]?.nameMatchers[0];
  const bucket = (event.detail as { bucket?: { name: string } }).bucket;
  if (read && bucket) bucket.name = `${read.prefix}23456789012-eu-west-1-an`;
  const kind = subscription.delivery?.kind ?? 'direct';
  const env: Record<string, string> = {};
  for (const store of subscription.stores ?? []) env[storeBucketVariable(store)] = `bench-${store}`;
  if (subscription.sendsEmail) env[HANDLER_ENV.mailFrom] = 'bench@example.com';
  return { name, entry: join(src, 'handler.ts'), event: deliver(kind, event), env };
}

function apiTarget(name: string, src: string): Target {
  const { api } = loadModule(join(src, 'api.ts')) as {
    api: Parameters<typeof apiRequest>[0] & { examples: readonly unknown[] };
  };
  return { name, entry: join(src, 'handler.ts'), event: apiRequest(api, { body: api.examples[0] }), env: {} };
}

/** The event as the delivery kind hands it to the function: alone, or as the one record of an SQS or Kinesis batch. */
function deliver(kind: string, event: { id: string }): unknown {
  if (kind === 'queue') {
    return {
      Records: [
        {
          messageId: 'm-1',
          receiptHandle: 'r-1',
          body: JSON.stringify(event),
          attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1765000000000' },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:bench',
          awsRegion: 'eu-west-1',
        },
      ],
    };
  }
  if (kind === 'stream') {
    return {
      Records: [
        {
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: 'p-1',
            sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
            data: Buffer.from(JSON.stringify(event)).toString('base64'),
            approximateArrivalTimestamp: 1765000000,
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: 'shardId-000000000000:49590338271490256608559692538361571095921575989136588898',
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: 'arn:aws:iam::123456789012:role/bench',
          awsRegion: 'eu-west-1',
          eventSourceARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/bench',
        },
      ],
    };
  }
  return event;
}

interface Contributor {
  readonly name: string;
  readonly bytes: number;
}

interface Built {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly contributors: readonly Contributor[];
  /** Output bytes from the AWS SDK (@aws-sdk/*, @smithy/*, @aws-crypto/*). */
  readonly sdkBytes: number;
}

/** bundleHandler's output, its bytes attributed to packages from the build's metafile. */
function build(target: Target, variant: VariantSettings, dir: string): Built {
  const outdir = join(dir, slug(variant.name));
  const bundle = bundleHandler({ entry: target.entry, outdir, external: variant.external });
  const output = Object.values(bundle.metafile!.outputs).find(
    (candidate) => candidate.entryPoint !== undefined,
  );
  if (!output)
    throw new Error(`esbuild wrote no entry-point output for ${target.entry}; cannot attribute its bytes.`);
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = packageOf(resolve(dirname(target.entry), input));
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  const contributors = [...byPackage]
    .map(([name, bytes]) => ({ name, bytes }))
    .filter((contributor) => contributor.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return {
    file: bundle.outfile,
    bytes: bundle.bytes,
    gzipBytes: gzipSync(readFileSync(bundle.outfile), { level: 9 }).length,
    contributors,
    sdkBytes: contributors
      .filter((contributor) => /^@(aws-sdk|smithy|aws-crypto)\//.test(contributor.name))
      .reduce((sum, contributor) => sum + contributor.bytes, 0),
  };
}

/** `.../node_modules/@scope/name/...` → `@scope/name`; a workspace file → its package folder. */
function packageOf(path: string): string {
  const parts = path.split(sep);
  const at = parts.lastIndexOf('node_modules');
  if (at >= 0)
    return parts[at + 1]?.startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : (parts[at + 1] ?? path);
  const relative = path.startsWith(WORKSPACE + sep) ? path.slice(WORKSPACE.length + 1).split(sep) : parts;
  if (relative[0] === 'packages') return `@paved/${relative[1]}`;
  return relative.slice(0, relative[0] === 'services' ? 4 : 2).join('/');
}

interface Sample {
  readonly requireMs: number;
  readonly invokeMs: number;
  readonly totalMs: number;
  readonly requireCpuMs: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly calls: Readonly<Record<string, number>>;
}

async function runProbe(
  target: Target,
  variant: VariantSettings,
  bundle: string,
  eventFile: string,
  aws: FakeAws,
): Promise<Sample> {
  aws.reset();
  const {
    bootMs: _boot,
    result: _result,
    ...sample
  } = await coldStart({
    name: target.name,
    bundle,
    eventFile,
    nodeArgs: variant.nodeArgs,
    env: {
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      [HANDLER_ENV.eventBusName]: 'bench',
      [HANDLER_ENV.idempotencyTable]: 'bench-idempotency',
      [HANDLER_ENV.failureDlqUrl]: `${aws.endpoint}/123456789012/bench-failures`,
      ...target.env,
    },
  });
  return { ...sample, calls: aws.calls() };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const ratio = (after: number, before: number): string => `×${(after / before).toFixed(2)}`;

function slug(name: string): string {
  return name
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

interface Measured {
  readonly target: Target;
  readonly variants: {
    readonly settings: VariantSettings;
    readonly built: Built;
    readonly samples: Sample[];
  }[];
}

async function main(): Promise<void> {
  const aws = await startFakeAws();
  const measured: Measured[] = [];
  try {
    for (const target of targets()) {
      const dir = join(OUT, slug(target.name));
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const eventFile = join(dir, 'event.json');
      writeFileSync(eventFile, JSON.stringify(target.event));
      // Variants that differ only in Node's flags share one bundle.
      const builds = new Map<string, Built>();
      const variants = VARIANTS.map((settings) => {
        const key = JSON.stringify(settings.external);
        const built = builds.get(key) ?? build(target, settings, dir);
        builds.set(key, built);
        return { settings, built, samples: [] as Sample[] };
      });
      const probe = (variant: (typeof variants)[number]) =>
        runProbe(target, variant.settings, variant.built.file, eventFile, aws);
      for (const variant of variants) await probe(variant); // warms the page cache
      for (let run = 0; run < RUNS; run += 1) {
        for (const variant of variants) variant.samples.push(await probe(variant));
      }
      const calls = variants.map((variant) => JSON.stringify(variant.samples.at(-1)!.calls));
      if (new Set(calls).size !== 1) {
        throw new Error(`${target.name}: the variants called AWS differently (${calls.join(' vs ')}).`);
      }
      measured.push({ target, variants });
      process.stderr.write(`${target.name}: done (${calls[0]})\n`);
    }
  } finally {
    await aws.close();
  }
  process.stdout.write(`${report(measured).join('\n')}\n`);
}

function report(measured: readonly Measured[]): string[] {
  const load = (samples: readonly Sample[], key: keyof Omit<Sample, 'calls'>): number =>
    median(samples.map((sample) => sample[key]));
  const lines = [
    `Handler bundles, ${RUNS} fresh processes per variant (medians), Node ${process.version}, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} at the end, ${new Date().toISOString()}`,
    `Variants: ${VARIANTS.map((variant) => `${variant.name}: external ${JSON.stringify(variant.external)}`).join('; ')}.`,
    '',
    '| handler | variant | min | gzip | of which AWS SDK | top contributors | require | first invoke | to first result | CPU: require | CPU: to first result | wall (spawn→exit) | AWS calls |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { target, variants } of measured) {
    const [before] = variants;
    for (const variant of variants) {
      const first = variant === before;
      const vs = (key: keyof Omit<Sample, 'calls'>) =>
        first ? '' : ` (${ratio(load(variant.samples, key), load(before!.samples, key))})`;
      const size = (bytes: number, beforeBytes: number) =>
        `${kb(bytes)}${first ? '' : ` (${ratio(bytes, beforeBytes)})`}`;
      const top = variant.built.contributors
        .slice(0, 4)
        .map((contributor) => `${contributor.name} ${kb(contributor.bytes)}`)
        .join(', ');
      const calls = Object.entries(variant.samples.at(-1)!.calls)
        .map(([service, count]) => `${service} ${count}`)
        .join(', ');
      lines.push(
        `| ${first ? target.name : ''} | ${variant.settings.name} | ${size(variant.built.bytes, before!.built.bytes)} | ${size(variant.built.gzipBytes, before!.built.gzipBytes)} | ${kb(variant.built.sdkBytes)} | ${top} | ${ms(load(variant.samples, 'requireMs'))}${vs('requireMs')} | ${ms(load(variant.samples, 'invokeMs'))}${vs('invokeMs')} | ${ms(load(variant.samples, 'totalMs'))}${vs('totalMs')} | ${ms(load(variant.samples, 'requireCpuMs'))}${vs('requireCpuMs')} | ${ms(load(variant.samples, 'cpuMs'))}${vs('cpuMs')} | ${ms(load(variant.samples, 'wallMs'))}${vs('wallMs')} | ${calls || 'none'} |`,
      );
    }
  }
  lines.push(
    '',
    "`to first result` is from the process's start (Node's own boot included) to the first invocation's answer.",
    'CPU is user + system time: of the require alone, and of the whole process up to the first result. Ratios are',
    'against the first variant. An external SDK is read from node_modules, as the runtime reads its own copy from its',
    `image. ${AWS_SDK_MODULES.join(', ')} and @aws-crypto/* count as the AWS SDK.`,
  );
  return lines;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
