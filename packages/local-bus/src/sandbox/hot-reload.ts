import { dirname, relative } from 'node:path';
import { HandlerBuildError } from '../errors';
import { bundleHandler, formatProblem, type BuildProblem, type BundleResult } from './bundle';
import { type FunctionTarget } from './function-target';
import { type FunctionSpec } from './messages';
import { SourceWatcher } from './watch';
import { type WorkerPool } from './worker-pool';

/** What the bus says when a function's code changed on disk: the live stream's `reload`. */
export interface HandlerReload {
  /** The function: a handler's rule name (its subscription id) or an API's id. */
  readonly function: string;
  readonly kind: 'handler' | 'api';
  /**
   * `reloaded`: the next invocation runs the new code (those already running finish on the old). `failed`: the
   * change does not bundle, and the function keeps running its last good code (`version`), or, if it never
   * bundled, still cannot be reached.
   */
  readonly status: 'reloaded' | 'failed';
  /** The version that runs from now on: 1 is the code the bus started with, 0 none (it never bundled). */
  readonly version: number;
  /** The changed files that made it rebuild, relative to the working directory. */
  readonly changed: readonly string[];
  readonly at: number;
  /** How long the rebuild took. */
  readonly durationMs: number;
  /** Why it did not reload: `HANDLER_BUILD_FAILED`, esbuild's message with file:line:column, and the fix. */
  readonly error?: {
    readonly code: HandlerBuildError['code'];
    readonly message: string;
    readonly problems: readonly BuildProblem[];
  };
}

/** A function whose sources are watched. */
interface Watched {
  readonly name: string;
  readonly kind: HandlerReload['kind'];
  readonly entry: string;
  readonly target: FunctionTarget;
  /** Its spec for a new bundle. */
  readonly spec: (code: string, version: number) => FunctionSpec;
  /** The files its last good bundle was built from, plus those a failed build named. */
  inputs: Set<string>;
  /** Its code now, to tell a rebuild that changes nothing (a save without edits). */
  code: string | undefined;
  version: number;
  loadedAt: number;
  /** Its last build failed: then a change anywhere in its folders rebuilds it (a file it lacked may appear). */
  broken: boolean;
}

/** A file esbuild may bundle, not hidden (editors' temp files are). */
const SOURCE = /(^|[\\/])[^.\\/][^\\/]*\.([cm]?[jt]sx?|json)$/;

/** Quiet time after the last change of a burst before rebuilding. */
export const RELOAD_DEBOUNCE_MS = 100;

/**
 * Hot reload: watches the source files each function's bundle was built from (esbuild's metafile: its own files
 * and the workspace packages it imports, such as `@paved/events` or a service's contracts), and when some change,
 * rebundles exactly the functions built from them. A new bundle is a new version in the shared pool (a
 * PoolFunction of its own, which workers keep next to the old), swapped into the function's target: the next
 * invocation runs it, those already running finish on the old version, which the workers then drop. A change that
 * does not bundle is reported (esbuild's message, file and line) and changes nothing: the function keeps its last
 * good code, and the bus and the other functions run on.
 */
export class HotReload {
  private readonly functions: Watched[] = [];
  private readonly watcher: SourceWatcher;
  private pending = new Set<string>();
  private round: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly pool: WorkerPool,
    private readonly onReload: (reload: HandlerReload) => void,
    debounceMs = RELOAD_DEBOUNCE_MS,
  ) {
    this.watcher = new SourceWatcher((files) => this.changed(files), debounceMs);
  }

  /** Watches a function, given the bundle it started with. */
  add(fn: Pick<Watched, 'name' | 'kind' | 'entry' | 'target' | 'spec'>, bundle: BundleResult): void {
    this.functions.push({
      ...fn,
      inputs: new Set(bundle.inputs),
      code: bundle.ok ? bundle.code : undefined,
      version: bundle.ok ? 1 : 0,
      loadedAt: Date.now(),
      broken: !bundle.ok,
    });
  }

  /** Starts watching every function's sources. */
  start(): void {
    this.watcher.watchFolders(this.folders());
  }

  /** Stops watching; resolves once a rebuild under way has ended. */
  async close(): Promise<void> {
    this.closed = true;
    this.watcher.close();
    await this.round;
  }

  private folders(): Set<string> {
    return new Set(this.functions.flatMap((fn) => [...fn.inputs].map((file) => dirname(file))));
  }

  private changed(files: ReadonlySet<string>): void {
    for (const file of files) this.pending.add(file);
    this.round ??= this.rebuildRounds().finally(() => (this.round = undefined));
  }

  /** Rebuilds what the pending changes affect, round after round while changes keep coming. */
  private async rebuildRounds(): Promise<void> {
    while (!this.closed && this.pending.size > 0) {
      const files = this.pending;
      this.pending = new Set();
      // A broken function may lack a file that does not exist yet: a new source file in its folders rebuilds it
      // (not an editor's swap or backup file).
      const folders = new Set([...files].filter((file) => SOURCE.test(file)).map((file) => dirname(file)));
      const affected = this.functions.filter(
        (fn) =>
          [...files].some((file) => fn.inputs.has(file)) ||
          (fn.broken && [...fn.inputs].some((file) => folders.has(dirname(file)))),
      );
      // Functions with the same entry (two subscriptions of one handler) share one build.
      const builds = new Map<string, Promise<BundleResult>>();
      const build = (entry: string): Promise<BundleResult> => {
        if (!builds.has(entry)) builds.set(entry, bundleHandler(entry));
        return builds.get(entry)!;
      };
      await Promise.all(affected.map((fn) => this.rebuild(fn, files, build)));
      if (!this.closed) this.watcher.watchFolders(this.folders());
    }
  }

  private async rebuild(
    fn: Watched,
    files: ReadonlySet<string>,
    build: (entry: string) => Promise<BundleResult>,
  ): Promise<void> {
    const startedAt = Date.now();
    const bundle = await build(fn.entry);
    if (this.closed) return;
    const changed = [...files]
      .filter((file) => fn.inputs.has(file) || (bundle.ok && bundle.inputs.includes(file)))
      .map((file) => relative(process.cwd(), file));
    const report = (rest: Pick<HandlerReload, 'status' | 'error'>): void =>
      this.onReload({
        function: fn.name,
        kind: fn.kind,
        version: fn.version,
        changed,
        at: Date.now(),
        durationMs: Date.now() - startedAt,
        ...rest,
      });
    if (!bundle.ok) {
      // Keep watching the last good build's files too: fixing any of them brings the function back.
      fn.inputs = new Set([...fn.inputs, ...bundle.inputs]);
      fn.broken = true;
      const error = new HandlerBuildError(buildFailure(fn, bundle.problems, bundle.message));
      if (fn.version === 0) fn.target.unreachable({ code: bundle.errorCode, message: bundle.message });
      report({
        status: 'failed',
        error: { code: error.code, message: error.message, problems: bundle.problems },
      });
      return;
    }
    fn.inputs = new Set(bundle.inputs);
    const wasBroken = fn.broken;
    fn.broken = false;
    // A save that changed nothing in the bundle (or an undo back to the running code): nothing to reload.
    if (bundle.code === fn.code && !wasBroken) return;
    if (bundle.code !== fn.code) {
      const previous = fn.target.swap(this.pool.register(fn.spec(bundle.code, fn.version + 1)));
      if (previous) this.pool.release(previous);
      fn.code = bundle.code;
      fn.version += 1;
      fn.loadedAt = Date.now();
    }
    report({ status: 'reloaded' });
  }
}

/** What went wrong, where, what runs meanwhile, and the fix. */
function buildFailure(fn: Watched, problems: readonly BuildProblem[], message: string): string {
  const what = (problems.length > 0 ? problems.map(formatProblem).join('; ') : message).replace(/\.$/, '');
  const meanwhile =
    fn.version === 0
      ? 'It has no code that bundles yet: its events fail to reach it and are retried (then go to its delivery DLQ, to redrive after the fix).'
      : `It keeps running its last good code (version ${fn.version}, loaded at ${new Date(fn.loadedAt).toISOString().slice(11, 19)}).`;
  return `${fn.kind === 'api' ? 'API function' : 'Handler'} ${fn.name} did not reload: ${what}. ${meanwhile} Fix it and save: the next save that bundles reloads it.`;
}
