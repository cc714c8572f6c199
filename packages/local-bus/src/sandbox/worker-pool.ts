import { type FunctionError } from '../journal/records';
import { type FromWorker, type FunctionSpec, type InvokeOutcome } from './messages';
import { type Invocation, type PoolFunction, WorkerHost } from './worker-host';

export interface WorkerPoolOptions {
  /** Shared workers (the bus's default: one per core but the one its own thread needs). */
  readonly size: number;
  /** Heap limit of a shared worker, in MB: all the functions loaded into it share it. */
  readonly heapMb: number;
  /** A worker with nothing to run for this long is stopped; its functions load again on demand. */
  readonly idleMs: number;
}

/**
 * A function sticks to a worker that has its code loaded, unless that worker is running this many more
 * invocations than the least busy one: each module is loaded about once, and load still spreads.
 */
const AFFINITY_SLACK = 4;

/**
 * The execution environments of every handler: a few shared worker threads, each hosting many functions'
 * modules (loaded on a function's first invocation there, then kept) and running many invocations at once,
 * since handlers are async. A hundred handlers cost a worker or two, not a hundred.
 *
 * Lambda resets an environment after a timeout or a crash; here that means the worker is stopped and replaced:
 * - the invocation that timed out, called process.exit, or threw or rejected unhandled fails (an attempt, as
 *   on AWS) — the worker names it, from the async context each invocation runs in;
 * - the other invocations it was running are not at fault: they run again on another worker, and that does
 *   not count as an attempt (their handlers may have started, so they may run twice: at least once, as on AWS);
 * - when the worker dies and cannot say which invocation did it (out of memory, a native crash) and it was
 *   running several, each runs again alone in a worker of its own, with its function's memory size as the
 *   heap limit: the one that fails there is the culprit, and the rest finish normally.
 * A handler that blocks the event loop (a synchronous loop) delays the invocations beside it until its
 * timeout stops the worker; one of theirs may come first, and then that one is reported as timed out.
 */
export class WorkerPool {
  private readonly hosts: WorkerHost[] = [];
  private readonly functions: PoolFunction[] = [];
  private readonly suspects: Invocation[] = [];
  private isolation: WorkerHost | undefined;
  private nextId = 0;
  private nextFunction = 0;
  private closed = false;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: WorkerPoolOptions) {
    this.sweeper = setInterval(() => this.stopIdle(), Math.max(1000, Math.min(options.idleMs / 2, 30_000)));
    this.sweeper.unref();
  }

  /** Adds a function the pool can run, described once by its spec. */
  register(spec: FunctionSpec): PoolFunction {
    const fn: PoolFunction = { n: this.nextFunction++, spec };
    this.functions.push(fn);
    return fn;
  }

  /**
   * Retires a function (an older version of a reloaded handler): new invocations go to its successor, and each
   * worker drops its code once the invocations it runs of it have ended (those finish on the old code). An
   * invocation of it that has to run again (its worker crashed) loads it once more, and drops it after.
   */
  release(fn: PoolFunction): void {
    fn.released = true;
    const index = this.functions.indexOf(fn);
    if (index >= 0) this.functions.splice(index, 1);
    for (const host of this.allHosts()) if (!host.running(fn)) host.unload(fn);
  }

  /**
   * Runs `fn` with `payload` (JSON text) as its event; never rejects: failures come back as outcomes. `sync`: what
   * it returns comes back too (an API's function, invoked as API Gateway invokes it). `trace`: the invocation's
   * X-Ray trace header, its `_X_AMZN_TRACE_ID` (see InvokeMessage).
   */
  invoke(
    fn: PoolFunction,
    requestId: string,
    payload: string,
    sync = false,
    trace?: string,
  ): Promise<InvokeOutcome> {
    return new Promise((resolve) => {
      if (this.closed) return;
      this.dispatch({
        id: ++this.nextId,
        fn,
        requestId,
        payload,
        sync,
        ...(trace ? { trace } : {}),
        resolve,
      });
    });
  }

  /** Starts every worker and loads every function into one of them, so first events are not cold starts. */
  warm(): void {
    while (!this.closed && this.hosts.length < this.options.size) this.spawn();
    this.functions.forEach((fn, i) => this.hosts[i % this.hosts.length]?.load(fn, true));
  }

  stats(): { workers: number; running: number; isolated: number } {
    const running = this.hosts.reduce((sum, host) => sum + host.inFlight.size, 0);
    return { workers: this.hosts.length, running, isolated: this.suspects.length + (this.isolation ? 1 : 0) };
  }

  /** Stops every worker. Invocations in flight are abandoned: their events are redelivered after a restart. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.suspects.length = 0;
    const hosts = this.allHosts();
    this.hosts.length = 0;
    this.isolation = undefined;
    await Promise.all(
      hosts.map((host) => {
        for (const invocation of host.inFlight.values()) clearTimeout(invocation.timer);
        return host.terminate();
      }),
    );
  }

  private allHosts(): WorkerHost[] {
    return [...this.hosts, ...(this.isolation ? [this.isolation] : [])];
  }

  private dispatch(invocation: Invocation): void {
    this.start(this.pick(invocation.fn), invocation);
  }

  private start(host: WorkerHost, invocation: Invocation): void {
    const timeoutMs = invocation.fn.spec.timeoutSeconds * 1000;
    invocation.startedAt = Date.now();
    invocation.timer = setTimeout(() => this.timedOut(host, invocation), timeoutMs);
    host.run(invocation);
  }

  /** The least busy worker, preferring one that has the function loaded; a new one while below `size`. */
  private pick(fn: PoolFunction): WorkerHost {
    let least: WorkerHost | undefined;
    let loaded: WorkerHost | undefined;
    for (const host of this.hosts) {
      if (!least || host.inFlight.size < least.inFlight.size) least = host;
      if (host.has(fn) && (!loaded || host.inFlight.size < loaded.inFlight.size)) loaded = host;
    }
    if (!least || (least.inFlight.size > 0 && this.hosts.length < this.options.size)) return this.spawn();
    return loaded && loaded.inFlight.size <= least.inFlight.size + AFFINITY_SLACK ? loaded : least;
  }

  private spawn(): WorkerHost {
    const host = new WorkerHost(this.options.heapMb, this.hostEvents);
    this.hosts.push(host);
    return host;
  }

  private readonly hostEvents = {
    onMessages: (host: WorkerHost, batch: readonly FromWorker[]) => this.onMessages(host, batch),
    onDeath: (host: WorkerHost, error: unknown, exitCode: number | undefined) =>
      this.onDeath(host, error, exitCode),
  };

  private onMessages(host: WorkerHost, batch: readonly FromWorker[]): void {
    host.lastActive = Date.now();
    for (const message of batch) {
      if (message.t === 'crash') {
        const culprit = message.id === undefined ? undefined : host.inFlight.get(message.id);
        if (culprit) {
          const error = message.error ?? exitError(culprit.requestId, message.exitCode ?? 0);
          this.fail(host, culprit, error, message.logs);
        }
        this.replace(host, false);
        return;
      }
      const invocation = host.inFlight.get(message.id);
      if (!invocation) continue;
      host.inFlight.delete(message.id);
      clearTimeout(invocation.timer);
      if (invocation.fn.released && !host.running(invocation.fn)) host.unload(invocation.fn);
      if (message.t === 'undeliverable') {
        invocation.resolve({ kind: 'undeliverable', code: message.code, message: message.message });
      } else if (message.ok) {
        invocation.resolve({
          kind: 'ok',
          startedAt: message.startedAt,
          endedAt: message.endedAt,
          logs: message.logs,
          ...(message.result !== undefined ? { result: message.result } : {}),
        });
      } else {
        invocation.resolve({
          kind: 'error',
          startedAt: message.startedAt,
          endedAt: message.endedAt,
          error: message.error!,
          logs: message.logs,
        });
      }
    }
    if (host.isolated && host.inFlight.size === 0) this.replace(host, false);
  }

  /** The worker ended without a crash report: out of memory, or an error outside any handler. */
  private onDeath(host: WorkerHost, error: unknown, exitCode: number | undefined): void {
    if (host.inFlight.size === 1) {
      const [only] = host.inFlight.values();
      this.fail(
        host,
        only!,
        error === undefined ? exitError(only!.requestId, exitCode ?? 0) : toFunctionError(error),
        '',
      );
    }
    this.replace(host, true);
  }

  private timedOut(host: WorkerHost, invocation: Invocation): void {
    const seconds = invocation.fn.spec.timeoutSeconds.toFixed(2);
    this.fail(
      host,
      invocation,
      {
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${invocation.requestId} Error: Task timed out after ${seconds} seconds`,
      },
      '',
    );
    this.replace(host, false);
  }

  /** Ends one invocation with a function error: the one that timed out or crashed its worker. */
  private fail(host: WorkerHost, invocation: Invocation, error: FunctionError, logs: string): void {
    host.inFlight.delete(invocation.id);
    clearTimeout(invocation.timer);
    invocation.resolve({ kind: 'error', startedAt: invocation.startedAt!, endedAt: Date.now(), error, logs });
  }

  /**
   * Stops a worker and re-runs what it was running, without counting an attempt: on another worker, or, when
   * the cause is unknown, each alone (see the class comment).
   */
  private replace(host: WorkerHost, causeUnknown: boolean): void {
    if (host.dead) return;
    void host.terminate();
    const index = this.hosts.indexOf(host);
    if (index >= 0) this.hosts.splice(index, 1);
    if (this.isolation === host) this.isolation = undefined;
    const orphans = [...host.inFlight.values()];
    host.inFlight.clear();
    for (const invocation of orphans) {
      clearTimeout(invocation.timer);
      if (this.closed) continue;
      if (causeUnknown || host.isolated) this.suspects.push(invocation);
      else this.dispatch(invocation);
    }
    this.isolateNext();
  }

  private isolateNext(): void {
    if (this.closed || this.isolation || this.suspects.length === 0) return;
    const invocation = this.suspects.shift()!;
    this.isolation = new WorkerHost(invocation.fn.spec.memorySizeMb, this.hostEvents, true);
    this.start(this.isolation, invocation);
  }

  private stopIdle(): void {
    const cutoff = Date.now() - this.options.idleMs;
    for (const host of [...this.hosts]) {
      if (host.inFlight.size === 0 && host.lastActive < cutoff) this.replace(host, false);
    }
  }
}

function exitError(requestId: string, code: number): FunctionError {
  return {
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status ${code}`,
  };
}

function toFunctionError(error: unknown): FunctionError {
  const e = error as { name?: string; message?: string; stack?: string; code?: string };
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return {
      errorType: 'Runtime.OutOfMemory',
      errorMessage: `Runtime exited with error: the handler exceeded its memory size (${e.message}). Raise memorySizeMb in the subscription, or find the leak.`,
    };
  }
  return {
    errorType: e?.name ?? 'Error',
    errorMessage: e?.message ?? String(error),
    trace: String(e?.stack ?? '').split('\n'),
  };
}
