import { type FunctionRule, type Place, type Rule } from '../core/rules';
import {
  type AcceptedRecord,
  type AttemptRecord,
  type DlqRecord,
  type OutcomeRecord,
} from '../journal/records';
import { deliverToBus, type PutOnBus } from './bus-target';
import { outcomeRecord, type RetryContext } from './delivery';
import { deliverToTarget } from './eventbridge-target';
import { type Target } from './functions';
import { deliveryInput } from './input';
import { AsyncInvocation } from './lambda-async';
import { type BufferedTarget } from './batch';
import { QueueTarget } from './queue-target';
import { StreamTarget } from './stream-target';
import { RunningInvocations } from './running';

export interface DispatcherDeps {
  readonly place: Place;
  readonly rules: ReadonlyMap<string, Rule>;
  /** What a function rule delivers to (undefined once its handler is gone). */
  readonly target: (rule: string) => Target | undefined;
  /** Puts a rule's event on its target bus, for the rules whose target is a bus. */
  readonly putOnBus: PutOnBus;
  /** Where every attempt, outcome and DLQ message goes: the core's recorder. */
  readonly record: (record: AttemptRecord | OutcomeRecord | DlqRecord) => void;
  /** Multiplies every retry delay and maximum event age (not handler timeouts). */
  readonly timeScale: number;
  /** The trace id an accepted event belongs to, as the trace view computes it (see Delivery.traceId). */
  readonly traceIdOf?: (accepted: AcceptedRecord) => string | undefined;
}

/**
 * Takes an accepted event to one matched rule's target. A function, with AWS's two retry layers composed as on
 * AWS: EventBridge delivers to the function's asynchronous invocation (eventbridge-target.ts: delivery retries
 * ending in the target's DLQ), and Lambda retries the function (lambda-async.ts: ending in the on-failure
 * destination). A bus, with EventBridge's retries alone (bus-target.ts). Every attempt and outcome goes to the
 * recorder.
 */
export class Dispatcher implements RetryContext {
  readonly place: Place;
  readonly timeScale: number;
  closed = false;
  readonly invocations = new RunningInvocations();
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  /** The queues and streams of rules with a `queue` or `stream` delivery, by rule name. */
  private readonly buffers = new Map<string, BufferedTarget>();

  constructor(private readonly deps: DispatcherDeps) {
    this.place = deps.place;
    this.timeScale = deps.timeScale;
  }

  /** Delivers one event to one rule's target; resolves once the delivery has its outcome (or the bus stops). */
  async deliver(accepted: AcceptedRecord, ruleName: string): Promise<void> {
    const rule = this.deps.rules.get(ruleName);
    if (rule?.kind === 'bus') {
      this.inFlight += 1;
      try {
        await deliverToBus(accepted, rule, this.deps.putOnBus, this);
      } finally {
        this.inFlight -= 1;
      }
      return;
    }
    const target = this.deps.target(ruleName);
    if (!rule || !target) {
      const reason = `Rule ${ruleName} no longer exists: its handler was removed.`;
      this.record(outcomeRecord(accepted, ruleName, 'dropped', undefined, reason));
      return;
    }
    // Once per event and rule, not per attempt: every retry invokes the function with the same payload.
    const input = deliveryInput(rule, accepted);
    if (input.kind === 'dropped') {
      this.record(outcomeRecord(accepted, ruleName, 'dropped', undefined, input.reason));
      return;
    }
    const traceId = this.deps.traceIdOf?.(accepted);
    const delivery = { accepted, rule, target, payload: input.payload, ...(traceId ? { traceId } : {}) };
    this.inFlight += 1;
    try {
      // A queue or stream delivery: the rule puts the event in its buffer, which invokes the function in batches.
      const buffered = this.buffered(rule, target);
      await (buffered
        ? buffered.send(delivery)
        : deliverToTarget(delivery, new AsyncInvocation(delivery, this), this));
    } finally {
      this.inFlight -= 1;
    }
  }

  /** The rule's queue or stream (made on its first event), for a `queue` or `stream` delivery. */
  private buffered(rule: FunctionRule, target: Target): BufferedTarget | undefined {
    const { delivery } = rule.subscription;
    if (delivery.kind === 'direct') return undefined;
    let buffered = this.buffers.get(rule.name);
    if (!buffered) {
      buffered =
        delivery.kind === 'queue'
          ? new QueueTarget(rule, target, delivery, this)
          : new StreamTarget(rule, target, delivery, this);
      this.buffers.set(rule.name, buffered);
    }
    return buffered;
  }

  /** Deliveries running now (including those waiting for a retry). */
  stats(): { inFlight: number } {
    return { inFlight: this.inFlight };
  }

  record(record: AttemptRecord | OutcomeRecord | DlqRecord): void {
    this.deps.record(record);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  close(): void {
    this.closed = true;
    for (const buffered of this.buffers.values()) buffered.close();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
