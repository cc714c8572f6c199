// The generated default handler as Lambda gets it: bundled by the platform's bundler, measured for size, for where
// its bytes come from (esbuild's metafile), and for how long a fresh Node process takes to load it.
import { bundleHandler } from '@paved/platform';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';

export interface Contributor {
  readonly name: string;
  readonly bytes: number;
}

export interface BundleReport {
  readonly outfile: string;
  /** Size of index.js as bundleHandler wrote it. */
  readonly bytes: number;
  readonly inputCount: number;
  /** Bytes each package (or workspace folder) contributes to the output, largest first. */
  readonly packages: readonly Contributor[];
  /** Bytes each input file contributes to the output, largest first. */
  readonly files: readonly Contributor[];
}

export interface LoadTimes {
  readonly runs: number;
  /** Median time of `require(bundle)` measured with process.hrtime inside each fresh process. */
  readonly requireMs: number;
  /** The same with `--enable-source-maps`, which the platform sets in every function's NODE_OPTIONS. */
  readonly requireSourceMapsMs: number;
  /** Median wall time of spawning `node -e "require(bundle)"` minus that of `node -e ""`. */
  readonly spawnDeltaMs: number;
  readonly baselineSpawnMs: number;
}

/** Bundles `entry` with the platform's bundleHandler and attributes its bytes with the build's metafile. */
export function analyseBundle(entry: string, workspace: string): BundleReport {
  const outdir = mkdtempSync(join(tmpdir(), 'paved-bench-bundle-'));
  const bundle = bundleHandler({ entry, outdir });
  const output = Object.values(bundle.metafile!.outputs).find(
    (candidate) => candidate.entryPoint !== undefined,
  );
  if (output === undefined)
    throw new Error(`esbuild wrote no entry-point output for ${entry}; cannot attribute its bytes.`);
  const files: Contributor[] = Object.entries(output.inputs)
    .map(([input, { bytesInOutput }]) => ({
      name: workspacePath(dirname(resolve(entry)), input, workspace),
      bytes: bytesInOutput,
    }))
    .filter((file) => file.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  const byPackage = new Map<string, number>();
  for (const file of files)
    byPackage.set(packageOf(file.name), (byPackage.get(packageOf(file.name)) ?? 0) + file.bytes);
  const packages = [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
  return {
    outfile: bundle.outfile,
    bytes: bundle.bytes,
    inputCount: bundle.inputCount,
    packages,
    files,
  };
}

/** Load time of the bundle in fresh Node processes, `runs` of each kind, interleaved so drift affects all alike. */
export function measureLoad(outfile: string, runs: number): LoadTimes {
  const inProcess = `const s=process.hrtime.bigint();require(${JSON.stringify(outfile)});process.stdout.write(String(Number(process.hrtime.bigint()-s)/1e6))`;
  const requireMs: number[] = [];
  const requireSourceMapsMs: number[] = [];
  const loaded: number[] = [];
  const baseline: number[] = [];
  const node = (args: readonly string[]): { ms: number; stdout: string } => {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
    });
    const ms = performance.now() - started;
    if (result.status !== 0)
      throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
    return { ms, stdout: result.stdout };
  };
  node(['-e', `require(${JSON.stringify(outfile)})`]); // warms the page cache for the first measured run
  for (let i = 0; i < runs; i += 1) {
    requireMs.push(Number(node(['-e', inProcess]).stdout));
    requireSourceMapsMs.push(Number(node(['--enable-source-maps', '-e', inProcess]).stdout));
    loaded.push(node(['-e', `require(${JSON.stringify(outfile)})`]).ms);
    baseline.push(node(['-e', '']).ms);
  }
  return {
    runs,
    requireMs: median(requireMs),
    requireSourceMapsMs: median(requireSourceMapsMs),
    spawnDeltaMs: median(loaded) - median(baseline),
    baselineSpawnMs: median(baseline),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A metafile input (relative to the entry's folder) as a path from the workspace root. */
function workspacePath(from: string, input: string, workspace: string): string {
  const absolute = resolve(from, input);
  return absolute.startsWith(workspace + sep) ? absolute.slice(workspace.length + 1) : absolute;
}

/** `node_modules/@scope/name/...` → `@scope/name`; `packages/runtime/src/...` → `packages/runtime`. */
function packageOf(path: string): string {
  const parts = path.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at >= 0)
    return parts[at + 1]?.startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : (parts[at + 1] ?? path);
  if (parts[0] === 'packages') return parts.slice(0, 2).join('/');
  if (parts[0] === 'services') return parts.slice(0, parts[2] === 'handlers' ? 4 : 3).join('/');
  return path;
}
