import { build, type Message } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where esbuild found a problem: `file:line:column: text`, as a terminal or an editor links it. */
export interface BuildProblem {
  /** The file as esbuild names it (relative to the working directory), or undefined for a problem of no file. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly text: string;
}

/** A bundled handler, or why there is none (what a delivery attempt then fails with). */
export type BundleResult =
  | {
      readonly ok: true;
      readonly code: string;
      /**
       * Every source file the bundle was built from (absolute paths), packages of the workspace included but
       * nothing under node_modules: what a watcher watches to know the bundle is out of date (esbuild's metafile).
       */
      readonly inputs: readonly string[];
    }
  | {
      readonly ok: false;
      readonly errorCode: string;
      readonly message: string;
      /** esbuild's errors, each with its file and line (empty when the entry file is missing). */
      readonly problems: readonly BuildProblem[];
      /** The files the failure involves (the entry, the files with errors): absolute paths. */
      readonly inputs: readonly string[];
    };

/**
 * Bundles a handler's entry module as the CDK's NodejsFunction does for deployment: one CommonJS file with
 * everything but the AWS SDK v3, which the Lambda Node.js runtime provides (and which is resolved from the
 * workspace's node_modules here). Running the bundle rather than the source means a worker thread needs no
 * TypeScript loader, and what runs locally is built the way it deploys.
 * A missing entry or a build error does not stop the bus: deliveries to that handler fail and reach its
 * delivery DLQ, where a redrive after the fix delivers them.
 */
export async function bundleHandler(entry: string): Promise<BundleResult> {
  if (!existsSync(entry)) {
    return {
      ok: false,
      errorCode: 'RESOURCE_NOT_FOUND',
      message: `Function code not found: ${entry} does not exist. Check the subscription's entry path.`,
      problems: [],
      inputs: [entry],
    };
  }
  const workingDir = process.cwd();
  try {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: workingDir,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      // Not written: it places the source map's paths relative to the entry, where the worker compiles the bundle.
      outfile: entry.replace(/\.[cm]?tsx?$/, '') + '.bundle.js',
      external: ['@aws-sdk/*', '@smithy/*'],
      logLevel: 'silent',
    });
    return {
      ok: true,
      code: result.outputFiles[0]!.text,
      inputs: sourceFiles(Object.keys(result.metafile.inputs), workingDir),
    };
  } catch (error) {
    const problems = ((error as { errors?: Message[] }).errors ?? []).map(problemOf);
    const files = problems.flatMap((p) => (p.file ? [p.file] : []));
    return {
      ok: false,
      errorCode: 'Runtime.ImportModuleError',
      message: `Could not bundle ${entry}: ${problems.length > 0 ? problems.map(formatProblem).join('; ') : (error as Error).message}`,
      problems,
      inputs: [entry, ...sourceFiles(files, workingDir)],
    };
  }
}

/** `file:line:column: text`, or the text alone. */
export function formatProblem(problem: BuildProblem): string {
  return problem.file ? `${problem.file}:${problem.line}:${problem.column}: ${problem.text}` : problem.text;
}

function problemOf(message: Message): BuildProblem {
  const { location } = message;
  // esbuild's columns count from 0; editors and terminals count from 1.
  return location
    ? { file: location.file, line: location.line, column: location.column + 1, text: message.text }
    : { text: message.text };
}

/**
 * The metafile's inputs as absolute paths, but for virtual modules (`<namespace>:…`) and installed packages:
 * those change with an install, which wants a restart anyway, and watching node_modules costs more than it gives.
 */
function sourceFiles(inputs: readonly string[], workingDir: string): string[] {
  return inputs
    .filter((input) => !/^[\w-]+:/.test(input) && !/(^|[\\/])node_modules[\\/]/.test(input))
    .map((input) => resolve(workingDir, input))
    .filter((file, i, all) => all.indexOf(file) === i && existsSync(dirname(file)));
}
