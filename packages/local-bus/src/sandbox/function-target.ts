import { type InvokeOutcome } from './messages';
import { type PoolFunction } from './worker-host';
import { type WorkerPool } from './worker-pool';

/** Why a function cannot be reached: its code is missing or does not bundle (see bundle.ts). */
export interface Unreachable {
  readonly code: string;
  readonly message: string;
}

/**
 * One handler as a delivery target: its invocations run on the shared pool, at most its spec's `concurrency`
 * at once (its reserved concurrency, as Lambda would throttle it); the rest wait their turn in order.
 * Its code can change while the bus runs (a hot reload, see hot-reload.ts): {@link swap} puts a new version in
 * place; invocations already started finish on the version they started with, and the next one runs the new.
 * Until it has code at all (its first bundle failed), every invocation fails to reach it, as a missing function
 * does on AWS.
 */
export class FunctionTarget {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly pool: WorkerPool,
    private fn: PoolFunction | Unreachable,
  ) {}

  /** The version invocations start on now, if the function has code. */
  get current(): PoolFunction | undefined {
    return 'spec' in this.fn ? this.fn : undefined;
  }

  /** Puts a new version in place; returns the one it replaces (for the pool to release), if there was one. */
  swap(fn: PoolFunction): PoolFunction | undefined {
    const previous = this.current;
    this.fn = fn;
    return previous;
  }

  /** Why it cannot be reached, while it has no code (a rebuild of a function that never bundled failed again). */
  unreachable(reason: Unreachable): void {
    if (!this.current) this.fn = reason;
  }

  private get concurrency(): number {
    return this.current?.spec.concurrency ?? 1;
  }

  /**
   * Invokes the function with `payload`, the JSON text of what it receives as its event; `sync` brings back what
   * it returns (see WorkerPool.invoke); `trace` is the invocation's X-Ray trace header (`_X_AMZN_TRACE_ID`).
   */
  async invoke(requestId: string, payload: string, sync = false, trace?: string): Promise<InvokeOutcome> {
    // A finishing invocation hands its turn straight to the next waiting one, so none can jump the queue.
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      // Read when its turn comes: an invocation that waited runs the newest version.
      const fn = this.fn;
      if (!('spec' in fn)) return { kind: 'undeliverable', code: fn.code, message: fn.message };
      return await this.pool.invoke(fn, requestId, payload, sync, trace);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Invocations running now, and waiting for a turn. */
  stats(): { running: number; waiting: number; concurrency: number } {
    return { running: this.running, waiting: this.waiting.length, concurrency: this.concurrency };
  }
}
