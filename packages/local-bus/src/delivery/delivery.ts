import { randomUUID } from 'node:crypto';
import { type FunctionRule, type Place, type Rule } from '../core/rules';
import {
  type AcceptedRecord,
  type AttemptRecord,
  type DlqRecord,
  type OutcomeRecord,
} from '../journal/records';
import { type Target } from './functions';
import { type RunningInvocations } from './running';

/** One accepted event on its way to one rule's function: what both retry layers work on. */
export interface Delivery {
  readonly accepted: AcceptedRecord;
  readonly rule: FunctionRule;
  readonly target: Target;
  /** The JSON text the function is invoked with, made once: every retry gets the same payload. */
  readonly payload: string;
  /**
   * The trace the event belongs to, as the trace view names it (see core/traces-index.ts): the Root of each
   * invocation's `_X_AMZN_TRACE_ID`, so a handler of an event without trace context continues the event's trace.
   */
  readonly traceId?: string;
}

/** What both retry layers share: where they record what happens, and how they wait. */
export interface RetryContext {
  readonly place: Place;
  /** Multiplies every retry delay and maximum event age (not handler timeouts). */
  readonly timeScale: number;
  /** True once the bus is stopping: nothing more is recorded, the event is delivered again after a restart. */
  readonly closed: boolean;
  /** The core's recorder: journal, history, DLQs and the live stream. */
  record(record: AttemptRecord | OutcomeRecord | DlqRecord): void;
  /** Resolves after `ms`, or never once the bus is stopping (check {@link closed} after). */
  sleep(ms: number): Promise<void>;
  /** The functions' invocations running now, by request id: what tells a parked permanent failure apart. */
  readonly invocations: RunningInvocations;
}

/** How one event's delivery to one rule ended. */
export function outcomeRecord(
  accepted: AcceptedRecord,
  rule: string,
  status: OutcomeRecord['status'],
  queue?: string,
  reason?: string,
): OutcomeRecord {
  return {
    k: 'out',
    seq: accepted.seq,
    rule,
    status,
    at: Date.now(),
    ...(queue ? { queue } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** A message for one of the rule's dead-letter queues. */
export function dlqRecord(
  delivery: { readonly accepted: AcceptedRecord; readonly rule: Rule },
  queue: string,
  body: string,
  attributes: Record<string, string>,
): DlqRecord {
  return {
    k: 'dlq',
    queue,
    messageId: randomUUID(),
    at: Date.now(),
    body,
    attributes,
    rule: delivery.rule.name,
    eventId: delivery.accepted.event.id,
    bus: delivery.accepted.bus,
  };
}
