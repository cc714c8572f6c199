import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type FunctionError } from '../journal/records';

/** What one invocation came to. */
export type InvokeOutcome =
  | { readonly kind: 'ok'; readonly startedAt: number; readonly endedAt: number; readonly response: unknown; readonly logs: string }
  | { readonly kind: 'error'; readonly startedAt: number; readonly endedAt: number; readonly error: FunctionError; readonly logs: string }
  /** The function could not be reached at all (module missing, no such export): EventBridge's side fails. */
  | { readonly kind: 'undeliverable'; readonly code: string; readonly message: string };

export interface HandlerPoolSpec {
  /** Function name: the subscription id. */
  readonly functionName: string;
  readonly entry: string;
  readonly exportName: string;
  /** The bundled handler module (CommonJS, inline source map). */
  readonly code: string;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  readonly environment: Readonly<Record<string, string>>;
  /** Execution environments that may run at once. */
  readonly maxConcurrency: number;
  /** An environment idle this long is stopped, as Lambda reclaims idle ones. */
  readonly idleMs: number;
  readonly region: string;
  readonly accountId: string;
}

interface Job {
  readonly requestId: string;
  readonly event: unknown;
  readonly resolve: (outcome: InvokeOutcome) => void;
  startedAt?: number;
}

interface Environment {
  readonly worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
  idleTimer?: NodeJS.Timeout;
  dead: boolean;
}

interface WorkerMessage {
  readonly requestId: string;
  readonly ok?: boolean;
  readonly crashed?: boolean;
  readonly exitCode?: number;
  readonly undeliverable?: { code: string; message: string };
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly response?: unknown;
  readonly error?: FunctionError;
  readonly logs?: string;
}

const WORKER_SCRIPT = join(__dirname, 'worker.js');

/**
 * The execution environments of one handler: worker threads, each running one invocation at a time as a
 * Lambda environment does, started on demand up to `maxConcurrency` and stopped when idle. A handler that
 * hangs past its timeout has its worker terminated; one that calls process.exit or throws from a callback
 * ends only its own worker. Worker threads rather than child processes: about 9 MB and 15 ms to start
 * instead of about 40 MB and 100 ms, which matters with a hundred handlers; the trade-off is that a native
 * crash (a segfault in an addon) would take the bus down, which plain TypeScript handlers cannot cause.
 */
export class HandlerPool {
  private readonly environments = new Set<Environment>();
  private readonly idle: Environment[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(private readonly spec: HandlerPoolSpec) {}

  /** Runs the handler on `event`; never rejects: failures come back as outcomes. */
  invoke(requestId: string, event: unknown): Promise<InvokeOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ requestId, event, resolve });
      this.pump();
    });
  }

  /** Starts one environment ahead of the first event, so the first invocation is not a cold start. */
  warm(): void {
    if (this.environments.size === 0 && !this.closed) this.makeIdle(this.spawn());
  }

  /** Environments running or idle, and invocations waiting for one. */
  stats(): { environments: number; busy: number; queued: number } {
    return { environments: this.environments.size, busy: this.environments.size - this.idle.length, queued: this.queue.length };
  }

  /** Stops every environment. Invocations in flight are abandoned: their events are redelivered after a restart. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    await Promise.all(
      [...this.environments].map((environment) => {
        clearTimeout(environment.timer);
        clearTimeout(environment.idleTimer);
        environment.dead = true;
        return environment.worker.terminate();
      }),
    );
    this.environments.clear();
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let environment = this.idle.pop();
      if (!environment) {
        if (this.environments.size >= this.spec.maxConcurrency) return;
        environment = this.spawn();
      }
      this.run(environment, this.queue.shift()!);
    }
  }

  private run(environment: Environment, job: Job): void {
    clearTimeout(environment.idleTimer);
    environment.job = job;
    job.startedAt = Date.now();
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    environment.timer = setTimeout(() => {
      this.retire(environment);
      void environment.worker.terminate();
      this.finish(job, {
        kind: 'error',
        startedAt: job.startedAt!,
        endedAt: Date.now(),
        error: {
          errorType: 'Sandbox.Timedout',
          errorMessage: `RequestId: ${job.requestId} Error: Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds`,
        },
        logs: '',
      });
    }, timeoutMs);
    environment.worker.postMessage({ requestId: job.requestId, event: job.event, timeoutMs });
  }

  private spawn(): Environment {
    const { spec } = this;
    const worker = new Worker(WORKER_SCRIPT, {
      workerData: {
        entry: spec.entry,
        exportName: spec.exportName,
        code: spec.code,
        functionName: spec.functionName,
        memorySizeMb: spec.memorySizeMb,
        region: spec.region,
        accountId: spec.accountId,
      },
      env: { ...process.env, ...spec.environment },
      // Lambda's memory setting, as the heap limit: a handler that leaks fails its invocation, not the bus.
      resourceLimits: { maxOldGenerationSizeMb: spec.memorySizeMb },
      stdout: true,
      stderr: true,
    });
    const environment: Environment = { worker, dead: false };
    this.environments.add(environment);
    worker.unref();
    worker.on('message', (message: WorkerMessage) => this.onMessage(environment, message));
    worker.on('error', (error) => this.onDeath(environment, toError(error)));
    worker.on('exit', (code) => this.onDeath(environment, exitError(environment.job?.requestId ?? '', code)));
    return environment;
  }

  private onMessage(environment: Environment, message: WorkerMessage): void {
    const job = environment.job;
    if (!job || job.requestId !== message.requestId) return;
    clearTimeout(environment.timer);
    environment.job = undefined;
    if (message.undeliverable) {
      this.finish(job, { kind: 'undeliverable', code: message.undeliverable.code, message: message.undeliverable.message });
    } else if (message.crashed) {
      this.retire(environment);
      this.finish(job, {
        kind: 'error',
        startedAt: job.startedAt!,
        endedAt: Date.now(),
        error: message.error ?? exitError(job.requestId, message.exitCode ?? 0),
        logs: message.logs ?? '',
      });
      return;
    } else if (message.ok) {
      this.finish(job, { kind: 'ok', startedAt: message.startedAt!, endedAt: message.endedAt!, response: message.response, logs: message.logs ?? '' });
    } else {
      this.finish(job, { kind: 'error', startedAt: message.startedAt!, endedAt: message.endedAt!, error: message.error!, logs: message.logs ?? '' });
    }
    this.makeIdle(environment);
    this.pump();
  }

  private onDeath(environment: Environment, error: FunctionError): void {
    if (environment.dead) return;
    this.retire(environment);
    const job = environment.job;
    if (!job) return;
    clearTimeout(environment.timer);
    environment.job = undefined;
    this.finish(job, { kind: 'error', startedAt: job.startedAt!, endedAt: Date.now(), error, logs: '' });
  }

  private makeIdle(environment: Environment): void {
    if (environment.dead) return;
    this.idle.push(environment);
    environment.idleTimer = setTimeout(() => {
      const index = this.idle.indexOf(environment);
      if (index < 0) return;
      this.idle.splice(index, 1);
      this.retire(environment);
      void environment.worker.terminate();
    }, this.spec.idleMs);
    environment.idleTimer.unref();
  }

  private retire(environment: Environment): void {
    environment.dead = true;
    clearTimeout(environment.idleTimer);
    this.environments.delete(environment);
    const index = this.idle.indexOf(environment);
    if (index >= 0) this.idle.splice(index, 1);
  }

  private finish(job: Job, outcome: InvokeOutcome): void {
    job.resolve(outcome);
    // A retired environment leaves room for a new one.
    queueMicrotask(() => this.pump());
  }
}

function exitError(requestId: string, code: number): FunctionError {
  return {
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status ${code}`,
  };
}

function toError(error: unknown): FunctionError {
  const e = error as { name?: string; message?: string; stack?: string; code?: string };
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return { errorType: 'Runtime.OutOfMemory', errorMessage: `Runtime exited with error: the handler exceeded its memory size (${e.message}). Raise memorySizeMb in the subscription, or find the leak.` };
  }
  return { errorType: e?.name ?? 'Error', errorMessage: e?.message ?? String(error), trace: String(e?.stack ?? '').split('\n') };
}
