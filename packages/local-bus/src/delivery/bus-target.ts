import { randomUUID } from 'node:crypto';
import { forwardedCopy, type BusEvent } from '../core/event';
import { type BusRule } from '../core/rules';
import { type AcceptedRecord, type Origin } from '../journal/records';
import { outcomeRecord, type RetryContext } from './delivery';
import { retryOrDeadLetter } from './eventbridge-target';

/**
 * Puts an event on a bus, as PutEvents does for a client: journaled durably, then routed by that bus's rules.
 * Rejects when the bus cannot take it (its journal cannot write: a full disk, an I/O error).
 */
export type PutOnBus = (bus: string, event: BusEvent, origin: Origin) => Promise<void>;

/**
 * EventBridge delivering an event to a rule whose target is another bus (bus-to-bus routing: the `default` bus's
 * routes to the paved bus). What AWS does, and where it says so:
 * - The target bus gets a **new event**: a new `id`, everything else as sent (source, detail-type, detail, time,
 *   resources, account, region). Recorded against AWS in LocalStack's snapshot tests
 *   (tests/aws/services/events/test_events_cross_account_region.snapshot.json), and what AWS documents for the
 *   Custom Event Bus's bus target ("Events arrive on the destination bus as new events", eb-custom-bus-target-bus).
 *   The copy's origin links it to the original (`forwardedFrom` in the event view).
 * - It cannot be routed on again ("EventBridge can't route events received from a sender event bus to a third
 *   event bus", eb-bus-to-bus): the core matches a forwarded event against function rules only.
 * - Delivery is retried like any target's, within the rule's retry policy (185 retries in 24 hours by default,
 *   exponential backoff: eb-rule-retry-policy), for errors EventBridge retries (5xx, 429); then the event goes to
 *   the target's dead-letter queue (`<route>-dlq`) with the attributes AWS sets (eb-rule-dlq). Locally the one
 *   failure there is the paved bus's journal refusing the write (`InternalException`, a 5xx): `INTERNAL_ERROR`.
 * - At least once: a crash between the copy being journaled and this delivery's outcome forwards it again after
 *   the restart, under another id (as AWS may deliver twice).
 * Every attempt, successful or not, is a `deliver` attempt; its request id is the copy's `invocationId`, so the
 * original's delivery lists the copy in `caused`.
 */
export async function deliverToBus(
  accepted: AcceptedRecord,
  rule: BusRule,
  put: PutOnBus,
  context: RetryContext,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const requestId = randomUUID();
    const startedAt = Date.now();
    let failure: { code: string; message: string } | undefined;
    try {
      // A new id per attempt: a failed attempt may have left its copy in the history (see Journal.appendDurable).
      await put(rule.targetBus, forwardedCopy(accepted.event, randomUUID()), {
        kind: 'forward',
        from: { bus: accepted.bus, id: accepted.event.id },
        rule: rule.name,
        requestId,
      });
    } catch (error) {
      // What PutEvents answers when the bus cannot take an event (its journal failed): a 5xx, which EventBridge retries.
      failure = {
        code: 'InternalException',
        message: `Event bus ${rule.targetBus} could not take the event: ${(error as Error).message}`,
      };
    }
    if (context.closed) return;
    context.record({
      k: 'att',
      seq: accepted.seq,
      rule: rule.name,
      n: attempt,
      kind: 'deliver',
      ok: failure === undefined,
      requestId,
      startedAt,
      durationMs: Date.now() - startedAt,
      ...(failure
        ? { errorCode: failure.code, error: { errorType: failure.code, errorMessage: failure.message } }
        : {}),
    });
    if (!failure) {
      context.record(outcomeRecord(accepted, rule.name, 'succeeded'));
      return;
    }
    const age = Date.now() - accepted.at;
    if (!(await retryOrDeadLetter({ accepted, rule }, attempt, age, 'INTERNAL_ERROR', failure, context)))
      return;
  }
}
