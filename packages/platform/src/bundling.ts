import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { BundlingError } from './errors';

/** The file a bundle's code is written to; the Lambda handler string is `index.<exportName>`. */
export const BUNDLE_FILE = 'index.js';
/** Written next to a prebuilt bundle: what went into it, so synth can tell whether it is still current. */
export const BUNDLE_MANIFEST_FILE = 'paved-bundle.json';
/** esbuild's target; kept equal to the Lambda runtime the platform deploys (Node.js 24). */
export const BUNDLE_TARGET = 'node24';

/** The AWS SDK for JavaScript v3 and the Smithy packages it is built on, as esbuild `external` patterns. */
export const AWS_SDK_MODULES: readonly string[] = Object.freeze(['@aws-sdk/*', '@smithy/*']);

/**
 * What {@link bundleHandler} leaves out of a bundle unless told otherwise: nothing, the AWS SDK included.
 *
 * Chosen by measurement (`npm run bench:bundles -w tools/bench`, numbers in tools/bench/README.md): a handler that
 * calls AWS reaches its first result with less CPU and less wall time when its SDK clients are bundled and minified
 * than when they load from the Lambda runtime's own copy (unminified CommonJS, dozens of files read on first use),
 * although its bundle is three times larger. Bundling also removes version skew: the runtime's SDK is whichever
 * version its image ships, older or newer than the one the tests ran against; a bundle carries the locked one.
 */
export const DEFAULT_EXTERNAL_MODULES: readonly string[] = Object.freeze([]);

/**
 * Bumped whenever the fixed esbuild options below change, so every prebuilt bundle made with the old options
 * counts as stale and is rebuilt.
 */
const BUNDLER_REVISION = 1;

/** What {@link bundleHandler} takes. */
export interface BundleHandlerOptions {
  /** The TypeScript (or JavaScript) module whose export is the Lambda entry point. Relative paths resolve from the cwd. */
  readonly entry: string;
  /** Where `index.js`, `index.js.map` and the manifest are written. Created if missing; other files are left alone. */
  readonly outdir: string;
  /** The export Lambda calls. @default 'handler' */
  readonly exportName?: string;
  /**
   * Modules left out of the bundle and loaded from the Lambda runtime instead, such as {@link AWS_SDK_MODULES}.
   * Leaving the SDK out makes the bundle about 600 KB smaller but the cold start slower, and runs whatever SDK
   * version the runtime's image ships rather than the one tested.
   * @default {@link DEFAULT_EXTERNAL_MODULES} (nothing: the AWS SDK is bundled, the version tested is the version that runs)
   */
  readonly external?: readonly string[];
  /** Minify identifiers, syntax and whitespace. @default true */
  readonly minify?: boolean;
  /** Write `index.js.map` (mappings only, no sources) for `--enable-source-maps`. @default true */
  readonly sourcemap?: boolean;
  /** Write the freshness manifest. The CDK construct's synth-time bundling turns it off. @default true */
  readonly writeManifest?: boolean;
}

/** A bundle on disk, as built or as found prebuilt. */
export interface HandlerBundle {
  /** The directory holding `index.js`: the Lambda asset. */
  readonly outdir: string;
  /** Absolute path of `index.js`. */
  readonly outfile: string;
  /** The Lambda handler string, such as `index.handler`. */
  readonly handler: string;
  /** Size of `index.js` in bytes. */
  readonly bytes: number;
  /** How many source files went into it. */
  readonly inputCount: number;
  /** esbuild's metafile of the build (what each input added), when it was built now rather than found prebuilt. */
  readonly metafile?: esbuild.Metafile;
}

interface BundleManifest {
  readonly manifestVersion: 1;
  readonly bundler: string;
  /** Relative to the manifest's directory, so a bundle restored from a shared cache on another machine still matches. */
  readonly entry: string;
  readonly exportName: string;
  readonly options: {
    readonly external: readonly string[];
    readonly minify: boolean;
    readonly sourcemap: boolean;
  };
  readonly bytes: number;
  /** Every input file, relative to the manifest's directory, with the sha256 of its content. */
  readonly inputs: Readonly<Record<string, string>>;
}

/**
 * Bundles one handler with esbuild into a single minified CommonJS file, `index.js`.
 *
 * CommonJS rather than ESM: esbuild tree-shakes ESM inputs whatever the output format (`import * as z from 'zod/mini'`
 * stays small), while a CJS bundle needs no `createRequire` banner for dependencies that `require()` Node
 * built-ins (the AWS SDK among them) and matches how the rest of this workspace compiles.
 *
 * @example
 * const bundle = bundleHandler({ entry: 'src/handler.ts', outdir: 'dist' });
 * console.log(`${bundle.handler}: ${bundle.bytes} bytes`);
 */
export function bundleHandler(options: BundleHandlerOptions): HandlerBundle {
  const entry = resolve(options.entry);
  const outdir = resolve(options.outdir);
  const exportName = options.exportName ?? 'handler';
  const settings = {
    external: [...(options.external ?? DEFAULT_EXTERNAL_MODULES)],
    minify: options.minify ?? true,
    sourcemap: options.sourcemap ?? true,
  };
  if (!existsSync(entry)) {
    throw new BundlingError(
      `Cannot bundle ${JSON.stringify(options.entry)}: no such file (resolved to ${entry}). Pass the path of the module that exports the handler, such as src/handler.ts.`,
    );
  }
  assertExports(entry, exportName);

  let result: esbuild.BuildResult<{ metafile: true; write: false }>;
  try {
    result = esbuild.buildSync({
      ...handlerBuildOptions({ entry, outfile: join(outdir, BUNDLE_FILE), ...settings }),
      write: false,
      metafile: true,
    });
  } catch (error) {
    throw new BundlingError(
      `esbuild could not bundle ${entry}:\n${formatEsbuildFailure(error)}\nFix the errors above (a missing dependency is usually a missing entry in the handler's package.json).`,
      { cause: error },
    );
  }

  mkdirSync(outdir, { recursive: true });
  let bytes = 0;
  for (const file of result.outputFiles) {
    if (file.path.endsWith(BUNDLE_FILE)) bytes = file.contents.byteLength;
    writeAtomically(file.path, file.contents);
  }
  const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(dirname(entry), input));
  if (options.writeManifest ?? true) {
    const manifest: BundleManifest = {
      manifestVersion: 1,
      bundler: bundlerFingerprint(),
      entry: toPortable(relative(outdir, entry)),
      exportName,
      options: settings,
      bytes,
      inputs: Object.fromEntries(
        inputs.sort().map((input) => [toPortable(relative(outdir, input)), hashFile(input)]),
      ),
    };
    writeAtomically(join(outdir, BUNDLE_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return {
    outdir,
    outfile: join(outdir, BUNDLE_FILE),
    handler: `index.${exportName}`,
    bytes,
    inputCount: inputs.length,
    metafile: result.metafile,
  };
}

/**
 * The esbuild options {@link bundleHandler} builds a handler with, for `entry` into `outfile`: for a tool that must
 * build exactly as the platform does (a benchmark with a plugin, say) rather than keep a copy of them.
 */
export function handlerBuildOptions(options: {
  readonly entry: string;
  readonly outfile: string;
  readonly external: readonly string[];
  readonly minify: boolean;
  readonly sourcemap: boolean;
}): esbuild.BuildOptions {
  return {
    entryPoints: [options.entry],
    outfile: options.outfile,
    absWorkingDir: dirname(options.entry),
    bundle: true,
    platform: 'node',
    target: BUNDLE_TARGET,
    format: 'cjs',
    // Prefer packages' ESM builds: esbuild can tree-shake those, not their CommonJS builds.
    mainFields: ['module', 'main'],
    external: [...options.external],
    minify: options.minify,
    // Minified class names would turn `error.name` into `r` in every log line.
    keepNames: true,
    sourcemap: options.sourcemap ? 'linked' : false,
    // Stack traces need only the mappings; leaving sources out keeps the map small and the code out of the zip.
    sourcesContent: false,
    legalComments: 'eof',
    logLevel: 'silent',
  };
}

/**
 * The bundle in `outdir` if it was built from `entry` with the current bundler and none of its inputs changed
 * since; otherwise `undefined`. Reads every input file, which costs milliseconds, far less than rebuilding.
 */
export function findPrebuiltBundle(options: {
  readonly entry: string;
  readonly outdir: string;
  readonly exportName?: string;
}): HandlerBundle | undefined {
  const manifest = readManifest(options.outdir);
  if (!manifest) return undefined;
  const outdir = resolve(options.outdir);
  const exportName = options.exportName ?? 'handler';
  if (manifest.bundler !== bundlerFingerprint() || manifest.exportName !== exportName) return undefined;
  if (resolve(outdir, manifest.entry) !== resolve(options.entry)) return undefined;
  if (!existsSync(join(outdir, BUNDLE_FILE))) return undefined;
  for (const [input, hash] of Object.entries(manifest.inputs)) {
    const path = resolve(outdir, input);
    if (!existsSync(path) || hashFile(path) !== hash) return undefined;
  }
  return {
    outdir,
    outfile: join(outdir, BUNDLE_FILE),
    handler: `index.${exportName}`,
    bytes: manifest.bytes,
    inputCount: Object.keys(manifest.inputs).length,
  };
}

/** The options a prebuilt bundle was made with, so a stale one is rebuilt the same way (such as with `external`). */
export function prebuiltBundleOptions(
  outdir: string,
): Pick<BundleHandlerOptions, 'external' | 'minify' | 'sourcemap'> | undefined {
  return readManifest(outdir)?.options;
}

function readManifest(outdir: string): BundleManifest | undefined {
  const path = join(resolve(outdir), BUNDLE_MANIFEST_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as BundleManifest;
    return manifest.manifestVersion === 1 ? manifest : undefined;
  } catch {
    // A manifest cut short by an interrupted build is simply not a usable bundle.
    return undefined;
  }
}

/**
 * Fails the build, not the first cold start, when the entry does not export the handler. esbuild lists an
 * unbundled module's exports in a millisecond; `export *` hides names, so it gets the benefit of the doubt.
 */
function assertExports(entry: string, exportName: string): void {
  let exports: readonly string[];
  try {
    const result = esbuild.buildSync({
      entryPoints: [entry],
      bundle: false,
      write: false,
      metafile: true,
      format: 'esm',
      outdir: join(dirname(entry), '.paved-exports'),
      logLevel: 'silent',
    });
    exports = Object.values(result.metafile.outputs).flatMap((output) => output.exports);
  } catch (error) {
    throw new BundlingError(
      `esbuild could not parse ${entry}:\n${formatEsbuildFailure(error)}\nFix the syntax errors above.`,
      { cause: error },
    );
  }
  if (exports.includes(exportName)) return;
  if (/export\s*\*\s*from/.test(readFileSync(entry, 'utf8'))) return;
  throw new BundlingError(
    `${entry} does not export ${JSON.stringify(exportName)} (it exports ${exports.length ? exports.map((name) => JSON.stringify(name)).join(', ') : 'nothing'}). ` +
      `Export the handler as \`export const ${exportName} = ...\`, or set the subscription's exportName.`,
  );
}

function formatEsbuildFailure(error: unknown): string {
  const errors = (error as { errors?: esbuild.Message[] }).errors;
  if (!errors?.length) return String(error);
  return esbuild.formatMessagesSync(errors, { kind: 'error', color: false }).join('\n');
}

function bundlerFingerprint(): string {
  return `esbuild@${esbuild.version}+paved.${BUNDLER_REVISION}`;
}

function hashFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function toPortable(path: string): string {
  return path.split('\\').join('/');
}

// A concurrent reader (another synth, a parallel test) sees the old file or the new one, never half of one.
function writeAtomically(path: string, contents: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}
