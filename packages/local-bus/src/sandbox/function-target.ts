import { type InvokeOutcome } from './messages';
import { type PoolFunction } from './worker-host';
import { type WorkerPool } from './worker-pool';

/**
 * One handler as a delivery target: its invocations run on the shared pool, at most its spec's `concurrency`
 * at once (its reserved concurrency, as Lambda would throttle it); the rest wait their turn in order.
 */
export class FunctionTarget {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly pool: WorkerPool,
    private readonly fn: PoolFunction,
  ) {}

  private get concurrency(): number {
    return this.fn.spec.concurrency;
  }

  /**
   * Invokes the function with `payload`, the JSON text of what it receives as its event; `sync` brings back what
   * it returns (see WorkerPool.invoke).
   */
  async invoke(requestId: string, payload: string, sync = false): Promise<InvokeOutcome> {
    // A finishing invocation hands its turn straight to the next waiting one, so none can jump the queue.
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await this.pool.invoke(this.fn, requestId, payload, sync);
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
