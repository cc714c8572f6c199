import { randomUUID } from 'node:crypto';
import { type EventEmitter } from 'node:events';
import { type DeadLetterQueues } from '../dlq';
import { type History } from '../history';
import { type Journal, type LiveRecord, type Ticket } from '../journal/journal';
import {
  type AcceptedRecord,
  type AttemptRecord,
  type DlqRecord,
  type FunctionError,
  type OutcomeRecord,
} from '../journal/records';
import { type Place, type Rule } from '../rules';
import {
  deliveryDlqAttributes,
  onFailureRecord,
  type ExhaustedCondition,
  type FailureCondition,
} from './failure-records';
import { deliveryInput } from './input';
import { type InvokeOutcome } from './protocol';

/** Anything that runs a handler: its function on the worker pool, or a stand-in when its code cannot be built. */
export interface Target {
  /** Invokes the function with `payload`, the JSON text of what it receives as its event. */
  invoke(requestId: string, payload: string): Promise<InvokeOutcome>;
}

export interface DispatcherDeps {
  readonly place: Place;
  readonly rules: ReadonlyMap<string, Rule>;
  readonly targets: ReadonlyMap<string, Target>;
  readonly journal: () => Journal;
  readonly history: History;
  readonly dlq: DeadLetterQueues;
  readonly events: EventEmitter;
  /** Multiplies every retry delay and maximum event age (not handler timeouts). */
  readonly timeScale: number;
}

interface Pending {
  record: AcceptedRecord;
  readonly remaining: Set<string>;
  readonly ticket: Ticket;
}

/** Lambda's asynchronous-invocation retry delays: about a minute before the second attempt, two before the third. */
const LAMBDA_RETRY_DELAYS_MS = [60_000, 120_000];
/** EventBridge's delivery retries back off exponentially; AWS does not publish the base, so 1 s doubling to 5 min. */
const deliveryDelayMs = (attempt: number): number => Math.min(1000 * 2 ** (attempt - 1), 300_000);

/**
 * Takes each accepted event to each matched rule's handler with AWS's two retry layers: EventBridge's
 * delivery retries (the function cannot be reached) ending in the target's DLQ, and Lambda's async-invoke
 * retries (the handler failed) ending in the function's on-failure destination. Every attempt and outcome
 * is journaled; an event stays pending (and is redelivered after a restart) until every rule has an outcome.
 */
export class Dispatcher {
  private readonly pending = new Map<number, Pending>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private inFlight = 0;

  constructor(private readonly deps: DispatcherDeps) {}

  /** Registers an accepted event as pending (called for new events and for those recovered from the journal). */
  track(record: AcceptedRecord, ticket: Ticket): void {
    this.pending.set(record.seq, { record, remaining: new Set(record.rules), ticket });
  }

  /** Marks one rule of a recovered event done, replaying an outcome record from the journal. */
  settle(seq: number, rule: string): void {
    const pending = this.pending.get(seq);
    if (!pending) return;
    pending.remaining.delete(rule);
    if (pending.remaining.size === 0) this.pending.delete(seq);
  }

  /** Starts delivering a tracked event to every rule it still has to reach, in parallel. */
  start(seq: number): void {
    const pending = this.pending.get(seq);
    if (!pending) return;
    for (const rule of pending.remaining) void this.deliver(pending.record, rule);
  }

  /** Starts every tracked event: after recovery. */
  startAll(): number {
    for (const seq of this.pending.keys()) this.start(seq);
    return this.pending.size;
  }

  /** Events accepted and not yet delivered to every rule, and deliveries running now. */
  stats(): { pendingEvents: number; inFlight: number } {
    return { pendingEvents: this.pending.size, inFlight: this.inFlight };
  }

  /** Pending events whose accepted record is in `segment`, with what is left to deliver. */
  liveRecords(segment: number): LiveRecord[] {
    const live: LiveRecord[] = [];
    for (const pending of this.pending.values()) {
      if (pending.ticket.segment !== segment) continue;
      live.push({
        record: { ...pending.record, rules: [...pending.remaining] },
        rehome: (moved) => {
          pending.ticket.segment = moved;
        },
      });
    }
    return live;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async deliver(record: AcceptedRecord, ruleName: string): Promise<void> {
    const rule = this.deps.rules.get(ruleName);
    const target = this.deps.targets.get(ruleName);
    if (!rule || !target) {
      this.outcome(
        record,
        ruleName,
        'dropped',
        undefined,
        `Rule ${ruleName} no longer exists: its handler was removed.`,
      );
      return;
    }
    // Once per event and rule, not per attempt: every retry invokes the function with the same payload.
    const input = deliveryInput(rule, record);
    if (input.kind === 'dropped') {
      this.outcome(record, ruleName, 'dropped', undefined, input.reason);
      return;
    }
    const scale = this.deps.timeScale;
    let deliveries = 0;
    let invokes = 0;
    this.inFlight += 1;
    try {
      for (;;) {
        const requestId = randomUUID();
        const outcome = await target.invoke(requestId, input.payload);
        if (this.closed) return;
        const age = Date.now() - record.at;
        if (outcome.kind === 'undeliverable') {
          deliveries += 1;
          this.attempt({
            k: 'att',
            seq: record.seq,
            rule: ruleName,
            n: deliveries,
            kind: 'deliver',
            ok: false,
            requestId,
            startedAt: Date.now(),
            durationMs: 0,
            errorCode: outcome.code,
            error: { errorType: outcome.code, errorMessage: outcome.message },
          });
          const delay = deliveryDelayMs(deliveries) * scale;
          const condition: ExhaustedCondition | undefined =
            deliveries > rule.targetRetryPolicy.maximumRetryAttempts
              ? 'MaximumRetryAttemptsExhausted'
              : age + delay > rule.targetRetryPolicy.maximumEventAgeSeconds * 1000 * scale
                ? 'MaximumEventAgeExceeded'
                : undefined;
          if (condition) {
            const attributes = deliveryDlqAttributes({
              rule,
              errorCode: 'RESOURCE_NOT_FOUND',
              errorMessage: `${outcome.code}: ${outcome.message}`,
              condition,
              retryAttempts: deliveries - 1,
            });
            this.deadLetter(record, rule, rule.deliveryQueue, JSON.stringify(record.event), attributes);
            this.outcome(
              record,
              ruleName,
              'undeliverable',
              rule.deliveryQueue,
              `${condition}: ${outcome.message}`,
            );
            return;
          }
          await this.sleep(delay);
          if (this.closed) return;
          continue;
        }
        invokes += 1;
        const error: FunctionError | undefined = outcome.kind === 'error' ? outcome.error : undefined;
        this.attempt({
          k: 'att',
          seq: record.seq,
          rule: ruleName,
          n: invokes,
          kind: 'invoke',
          ok: outcome.kind === 'ok',
          requestId,
          startedAt: outcome.startedAt,
          durationMs: Math.max(0, outcome.endedAt - outcome.startedAt),
          ...(error ? { error } : {}),
          ...(outcome.logs ? { logs: outcome.logs } : {}),
        });
        if (outcome.kind === 'ok') {
          this.outcome(record, ruleName, 'succeeded');
          return;
        }
        const delay = (LAMBDA_RETRY_DELAYS_MS[invokes - 1] ?? 120_000) * scale;
        const condition: FailureCondition | undefined =
          invokes > rule.invokeConfig.maximumRetryAttempts
            ? 'RetriesExhausted'
            : age + delay > rule.invokeConfig.maximumEventAgeSeconds * 1000 * scale
              ? 'EventAgeExceeded'
              : undefined;
        if (condition) {
          const body = onFailureRecord({
            rule,
            place: this.deps.place,
            requestPayload: JSON.parse(input.payload),
            requestId,
            condition,
            invokeCount: invokes,
            error: outcome.error,
            now: Date.now(),
          });
          this.deadLetter(record, rule, rule.failureQueue, JSON.stringify(body), {});
          this.outcome(
            record,
            ruleName,
            'failed',
            rule.failureQueue,
            `${condition}: ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
          );
          return;
        }
        await this.sleep(delay);
        if (this.closed) return;
      }
    } finally {
      this.inFlight -= 1;
    }
  }

  private attempt(record: AttemptRecord): void {
    this.deps.journal().append(record);
    this.deps.history.attempt(record);
    this.deps.events.emit('attempt', record);
  }

  private outcome(
    record: AcceptedRecord,
    rule: string,
    status: OutcomeRecord['status'],
    queue?: string,
    reason?: string,
  ): void {
    const out: OutcomeRecord = {
      k: 'out',
      seq: record.seq,
      rule,
      status,
      at: Date.now(),
      ...(queue ? { queue } : {}),
      ...(reason ? { reason } : {}),
    };
    this.deps.journal().append(out);
    this.deps.history.outcome(out);
    this.settle(record.seq, rule);
    this.deps.events.emit('outcome', out, record);
  }

  private deadLetter(
    record: AcceptedRecord,
    rule: Rule,
    queue: string,
    body: string,
    attributes: Record<string, string>,
  ): void {
    const message: DlqRecord = {
      k: 'dlq',
      queue,
      messageId: randomUUID(),
      at: Date.now(),
      body,
      attributes,
      rule: rule.name,
      eventId: record.event.id,
      bus: record.bus,
    };
    const ticket = this.deps.journal().append(message);
    this.deps.dlq.add(message, ticket);
    this.deps.events.emit('dlq', message);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
