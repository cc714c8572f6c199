import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AWS_SDK_MODULES,
  BUNDLE_MANIFEST_FILE,
  BundlingError,
  DEFAULT_EXTERNAL_MODULES,
  bundleHandler,
  findPrebuiltBundle,
} from '../src';
import { subscription as reserveStock } from './fixtures/handlers/reserve-stock/src/subscription';

const CLI = join(__dirname, '..', 'bin', 'bundle-handler.js');

describe('bundleHandler', () => {
  let work: string;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'paved-bundle-'));
  });

  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('bundles a zod + Powertools Logger handler into one minified CommonJS file with a linked source map', () => {
    const bundle = bundleHandler({ entry: reserveStock.entry, outdir: work });
    expect(bundle.handler).toBe('index.handler');
    expect(existsSync(join(work, 'index.js.map'))).toBe(true);
    const code = readFileSync(bundle.outfile, 'utf8');
    expect(code).toContain('//# sourceMappingURL=index.js.map');
    expect(code).toMatch(/module\.exports/);
    const map = JSON.parse(readFileSync(join(work, 'index.js.map'), 'utf8')) as { sourcesContent?: unknown };
    expect(map.sourcesContent).toBeUndefined();
    // The budget that catches `import { z } from 'zod'` (about 455 KB of zod alone) or an unshaken SDK. The bundle is
    // 662 KB (December 2026): about 193 KB of handler, runtime, zod/mini (22 KB), Powertools (Logger, Metrics,
    // idempotency with JMESPath) and OpenTelemetry tracing, and about 470 KB of AWS SDK: the DynamoDB client of the
    // idempotency records and the SQS client that sends permanent failures, both behind dynamic imports, so they are
    // parsed but only initialized when used. The next test budgets the part without the SDK.
    expect(bundle.bytes).toBeLessThan(700 * 1024);
    // @paved/events is side-effect free: what the handler does not use (the pattern engine, the AWS contracts,
    // the declarations of buckets, APIs and routes) stays out.
    for (const unused of [
      'RuleIndex',
      'InvalidEventPatternError',
      'Object Created',
      'anything-but',
      'defineApi',
    ]) {
      expect(code).not.toContain(unused);
    }
  });

  it('carries zod/mini, never zod classic: contracts, envelope and runtime validate with the small build', () => {
    bundleHandler({ entry: reserveStock.entry, outdir: work });
    // The manifest lists every file esbuild read (its metafile's inputs), even those tree-shaken to nothing.
    const { inputs } = JSON.parse(readFileSync(join(work, BUNDLE_MANIFEST_FILE), 'utf8')) as {
      inputs: Record<string, string>;
    };
    const zod = Object.keys(inputs).filter((input) => input.includes('node_modules/zod/'));
    expect(zod).toContainEqual(expect.stringContaining('node_modules/zod/v4/mini/'));
    expect(zod.filter((input) => input.includes('zod/v4/classic/'))).toEqual([]);
  });

  it('exports the handler so that Lambda can call it', async () => {
    const bundle = bundleHandler({ entry: reserveStock.entry, outdir: work });
    const { handler } = (await import(bundle.outfile)) as {
      handler: (event: unknown, context: unknown) => Promise<{ reservationId: string }>;
    };
    const event = {
      version: '0',
      id: 'e-1',
      'detail-type': 'OrderCreated',
      source: 'paved.fixtures.orders',
      account: '111111111111',
      time: '2025-01-01T00:00:00Z',
      region: 'eu-west-1',
      resources: [],
      detail: { orderId: 'o-7', customerId: 'c-1', lines: [{ sku: 's', quantity: 1 }], total: 3 },
    };
    const log = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    // Run as the local bus runs it: idempotency records in memory rather than in DynamoDB.
    process.env['PAVED_LOCAL'] = '1';
    try {
      const context = {
        functionName: 'reserve-stock',
        awsRequestId: 'r-1',
        invokedFunctionArn: 'arn:fn',
        getRemainingTimeInMillis: () => 10_000,
      };
      await expect(handler(event, context)).resolves.toEqual({ reservationId: 'r-o-7' });
    } finally {
      delete process.env['PAVED_LOCAL'];
      log.mockRestore();
    }
  });

  it('rejects an entry that does not export the handler, listing what it does export', () => {
    const entry = join(work, 'handler.ts');
    writeFileSync(entry, 'export const main = async () => 1;\nexport const other = 2;\n');
    expect(() => bundleHandler({ entry, outdir: join(work, 'dist') })).toThrow(
      `${entry} does not export "handler" (it exports "main", "other"). Export the handler as \`export const handler = ...\`, or set the subscription's exportName.`,
    );
    expect(bundleHandler({ entry, outdir: join(work, 'dist'), exportName: 'main' }).handler).toBe(
      'index.main',
    );
  });

  it('reports esbuild errors with the file, the line and the fix', () => {
    const entry = join(work, 'handler.ts');
    writeFileSync(entry, "import { missing } from './nowhere';\nexport const handler = () => missing;\n");
    try {
      bundleHandler({ entry, outdir: join(work, 'dist') });
      throw new Error('expected a BundlingError');
    } catch (error) {
      expect(error).toBeInstanceOf(BundlingError);
      expect((error as BundlingError).code).toBe('BUNDLING_FAILED');
      expect((error as Error).message).toContain('Could not resolve "./nowhere"');
      expect((error as Error).message).toContain('handler.ts:1:');
    }
  });

  it('bundles the AWS SDK by default, so that the version tested is the version that runs', () => {
    expect(DEFAULT_EXTERNAL_MODULES).toEqual([]);
    // The runtime's idempotency records go through the DynamoDB client, so every handler's bundle carries an SDK client.
    const bundle = bundleHandler({ entry: reserveStock.entry, outdir: work });
    const code = readFileSync(bundle.outfile, 'utf8');
    // (Only the optional CRT signer stays a require, inside a try: the SDK falls back to its JavaScript signer.)
    expect(code).not.toMatch(/require\("@(aws-sdk\/client-|aws-sdk\/core|smithy\/)/);
    expect(code).toContain('DynamoDBClient');
    // SigV4's credential scope suffix, from @smithy/signature-v4.
    expect(code).toContain('aws4_request');
  });

  it('leaves the AWS SDK to the Lambda runtime with AWS_SDK_MODULES, within the budget of the rest', () => {
    const bundle = bundleHandler({ entry: reserveStock.entry, outdir: work, external: AWS_SDK_MODULES });
    const code = readFileSync(bundle.outfile, 'utf8');
    expect(code).toContain('require("@aws-sdk/client-dynamodb")');
    expect(code).not.toContain('aws4_request');
    // 193 KB (December 2026): zod/mini (22 KB; zod classic was 89 KB), Powertools idempotency with JMESPath (~50 KB),
    // the runtime (~25 KB), OpenTelemetry (~45 KB), Logger (17 KB), Metrics (10 KB). What a handler costs beyond the
    // SDK it calls.
    expect(bundle.bytes).toBeLessThan(210 * 1024);
  });

  it('leaves modules named external to the Lambda runtime', () => {
    const entry = join(work, 'handler.ts');
    writeFileSync(
      entry,
      "import { EventBridgeClient } from '@aws-sdk/client-eventbridge';\nexport const handler = () => new EventBridgeClient({});\n",
    );
    const external = bundleHandler({ entry, outdir: join(work, 'external'), external: ['@aws-sdk/*'] });
    expect(readFileSync(external.outfile, 'utf8')).toContain('require("@aws-sdk/client-eventbridge")');
    expect(external.bytes).toBeLessThan(2 * 1024);
  });
});

describe('findPrebuiltBundle', () => {
  let work: string;
  let entry: string;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'paved-prebuilt-'));
    entry = join(work, 'src', 'handler.ts');
    mkdirSync(join(work, 'src'));
    writeFileSync(join(work, 'src', 'greeting.ts'), "export const greeting = 'hello';\n");
    writeFileSync(
      entry,
      "import { greeting } from './greeting';\nexport const handler = async () => greeting;\n",
    );
  });

  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('finds a bundle whose inputs are unchanged', () => {
    bundleHandler({ entry, outdir: join(work, 'dist') });
    expect(findPrebuiltBundle({ entry, outdir: join(work, 'dist') })).toEqual(
      expect.objectContaining({ handler: 'index.handler', inputCount: 2 }),
    );
  });

  it('treats the bundle as stale once any input changes, an imported module included', () => {
    bundleHandler({ entry, outdir: join(work, 'dist') });
    writeFileSync(join(work, 'src', 'greeting.ts'), "export const greeting = 'bonjour';\n");
    expect(findPrebuiltBundle({ entry, outdir: join(work, 'dist') })).toBeUndefined();
  });

  it('treats the bundle as stale for another entry or export name', () => {
    bundleHandler({ entry, outdir: join(work, 'dist') });
    expect(
      findPrebuiltBundle({ entry: join(work, 'src', 'greeting.ts'), outdir: join(work, 'dist') }),
    ).toBeUndefined();
    expect(findPrebuiltBundle({ entry, outdir: join(work, 'dist'), exportName: 'main' })).toBeUndefined();
  });

  it('finds nothing where no manifest, or only a broken one, exists', () => {
    expect(findPrebuiltBundle({ entry, outdir: join(work, 'dist') })).toBeUndefined();
    bundleHandler({ entry, outdir: join(work, 'dist') });
    writeFileSync(join(work, 'dist', BUNDLE_MANIFEST_FILE), '{"manifestVer');
    expect(findPrebuiltBundle({ entry, outdir: join(work, 'dist') })).toBeUndefined();
  });

  it('does not write the manifest when told not to (synth-time bundling)', () => {
    bundleHandler({ entry, outdir: join(work, 'dist'), writeManifest: false });
    expect(existsSync(join(work, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(work, 'dist', BUNDLE_MANIFEST_FILE))).toBe(false);
  });
});

describe('bin/bundle-handler.js', () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'paved-cli-'));
    writeFileSync(join(work, 'handler.ts'), 'export const handler = async () => 42;\n');
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('bundles the entry into the output directory, relative to the cwd, and says what it made', () => {
    const result = spawnSync(process.execPath, [CLI, 'handler.ts', 'dist'], { cwd: work, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^Bundled handler\.ts → dist\/index\.js \([\d.]+ KB, 1 inputs, index\.handler\) in \d+ ms\n$/,
    );
    expect(findPrebuiltBundle({ entry: join(work, 'handler.ts'), outdir: join(work, 'dist') })).toBeDefined();
  });

  it('exits 1 with the error code and the fix on a bad entry', () => {
    const result = spawnSync(process.execPath, [CLI, 'missing.ts', 'dist'], { cwd: work, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('BUNDLING_FAILED: Cannot bundle "missing.ts": no such file');
  });

  it('exits 1 with the usage on bad arguments', () => {
    const result = spawnSync(process.execPath, [CLI, 'handler.ts', '--external'], {
      cwd: work,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--external needs a value. Usage: paved-bundle <entry> <outdir>');
  });
});
