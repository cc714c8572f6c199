import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type FromWorker, type FunctionSpec, type InvokeOutcome, type LoadMessage } from './messages';

/**
 * A function registered with the pool: its spec and the number messages refer to it by. Each version of a
 * reloaded handler is a PoolFunction of its own, so a worker can hold the old one (for invocations it is still
 * running) next to the new one.
 */
export interface PoolFunction {
  readonly n: number;
  readonly spec: FunctionSpec;
  /** Replaced by a newer version: workers drop it once the invocations they run of it end. */
  released?: boolean;
}

/** One invocation, from the moment it is asked for until it has an outcome (across re-runs). */
export interface Invocation {
  readonly id: number;
  readonly fn: PoolFunction;
  readonly requestId: string;
  /**
   * What the function is invoked with, as JSON text: the event's JSON (made once, when the journal wrote it) or
   * the subscription's transformed input. Always valid JSON: it is spliced into the batch the worker parses.
   */
  readonly payload: string;
  /** Synchronous (an API's function): its result comes back. */
  readonly sync?: boolean;
  /** Its X-Ray trace header, `_X_AMZN_TRACE_ID` while it runs (see InvokeMessage). */
  readonly trace?: string;
  readonly resolve: (outcome: InvokeOutcome) => void;
  /** Its timeout while it runs on a worker. */
  timer?: NodeJS.Timeout;
  startedAt?: number;
}

export interface HostEvents {
  onMessages(host: WorkerHost, batch: readonly FromWorker[]): void;
  /** The worker ended or failed without saying why first (out of memory, an error outside any handler). */
  onDeath(host: WorkerHost, error: unknown, exitCode: number | undefined): void;
}

const WORKER_SCRIPT = join(__dirname, 'worker.js');

/**
 * One worker thread of the pool: the functions loaded into it, the invocations it is running, and the
 * messages waiting to go to it (sent together once per turn of the event loop).
 */
export class WorkerHost {
  readonly inFlight = new Map<number, Invocation>();
  dead = false;
  lastActive = Date.now();
  private readonly worker: Worker;
  /** Functions whose code this worker has (it compiles each on its first invocation). */
  private readonly loaded = new Set<number>();
  private loads: LoadMessage[] = [];
  /** Invoke messages as JSON text, joined into one array per batch. */
  private invokes: string[] = [];
  private flushScheduled = false;
  /** An unload is queued in `invokes`: a load queued after it must not overtake it (loads go first). */
  private unloadQueued = false;

  constructor(
    heapMb: number,
    events: HostEvents,
    /** True for a worker that runs one suspect invocation alone (see WorkerPool). */
    readonly isolated = false,
  ) {
    this.worker = new Worker(WORKER_SCRIPT, {
      env: process.env,
      // A heap that fills up ends this worker, not the bus; the pool then finds which invocation did it.
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      stdout: true,
      stderr: true,
    });
    this.worker.unref();
    this.worker.on('message', (batch: string) => {
      if (!this.dead) events.onMessages(this, JSON.parse(batch) as FromWorker[]);
    });
    this.worker.on('error', (error) => {
      if (!this.dead) events.onDeath(this, error, undefined);
    });
    this.worker.on('exit', (code) => {
      if (!this.dead) events.onDeath(this, undefined, code);
    });
  }

  has(fn: PoolFunction): boolean {
    return this.loaded.has(fn.n);
  }

  /**
   * Gives this worker a function's spec (its code among it) and environment, once: it compiles the code on the
   * function's first invocation here, or at once with `compileNow` (a warm start).
   */
  load(fn: PoolFunction, compileNow = false): void {
    if (this.loaded.has(fn.n)) return;
    if (this.unloadQueued) this.flush();
    this.loaded.add(fn.n);
    const { environment, ...spec } = fn.spec;
    this.loads.push({ t: 'load', fn: fn.n, spec, env: environment(), ...(compileNow ? { warm: true } : {}) });
    this.schedule();
  }

  /** Starts an invocation here. */
  run(invocation: Invocation): void {
    this.load(invocation.fn);
    this.inFlight.set(invocation.id, invocation);
    this.lastActive = Date.now();
    // Built as text around the payload's JSON: copying one string to the worker costs far less than cloning
    // every event object.
    this.invokes.push(
      `{"t":"invoke","id":${invocation.id},"fn":${invocation.fn.n},"requestId":"${invocation.requestId}"${invocation.sync ? ',"sync":true' : ''}${invocation.trace ? `,"trace":${JSON.stringify(invocation.trace)}` : ''},"event":${invocation.payload}}`,
    );
    this.schedule();
  }

  /** Whether an invocation of `fn` is running here (or about to). */
  running(fn: PoolFunction): boolean {
    for (const invocation of this.inFlight.values()) if (invocation.fn === fn) return true;
    return false;
  }

  /**
   * Tells the worker to drop a function's code: queued after every invocation sent so far, which keep the code
   * they started with (see UnloadMessage).
   */
  unload(fn: PoolFunction): void {
    if (!this.loaded.delete(fn.n)) return;
    this.invokes.push(`{"t":"unload","fn":${fn.n}}`);
    this.unloadQueued = true;
    this.schedule();
  }

  /** Stops the worker, even one stuck in a synchronous loop. Its invocations are the caller's to re-run. */
  terminate(): Promise<number> {
    this.dead = true;
    this.loads = [];
    this.invokes = [];
    return this.worker.terminate();
  }

  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After the current turn: every invocation started by one journal commit (many PutEvents requests) goes
    // to the worker in one message. Loads go first: an invocation may need one.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.dead) return;
    if (this.loads.length > 0) this.worker.postMessage(this.loads);
    if (this.invokes.length > 0) this.worker.postMessage(`[${this.invokes.join(',')}]`);
    this.loads = [];
    this.invokes = [];
    this.unloadQueued = false;
  }
}
