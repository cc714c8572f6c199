import { type Rule } from '../core/rules';
import { type AcceptedRecord } from '../journal/records';
import { dlqRecord, outcomeRecord, type Delivery, type RetryContext } from './delivery';
import { deliveryDlqAttributes, type ExhaustedCondition } from './failure-records';
import { type AsyncInvocation } from './lambda-async';

/** EventBridge's delivery retries back off exponentially; AWS does not publish the base, so 1 s doubling to 5 min. */
export const retryDelayMs = (attempt: number): number => Math.min(1000 * 2 ** (attempt - 1), 300_000);

/**
 * EventBridge delivering an event to a rule's target, the first of AWS's two retry layers: it hands the event to
 * the function's asynchronous invocation (`lambda`, which from then on retries the function itself). When the
 * function cannot be reached, EventBridge retries with backoff within the target's retry policy (its maximum
 * retry attempts and event age), then puts the event in the target's dead-letter queue with the attributes AWS
 * sets. Each failed hand-off is a `deliver` attempt.
 */
export async function deliverToTarget(
  delivery: Delivery,
  lambda: AsyncInvocation,
  context: RetryContext,
): Promise<void> {
  const { accepted, rule } = delivery;
  for (let deliveries = 1; ; deliveries++) {
    const unreachable = await lambda.run();
    if (!unreachable || context.closed) return;
    const age = Date.now() - accepted.at;
    context.record({
      k: 'att',
      seq: accepted.seq,
      rule: rule.name,
      n: deliveries,
      kind: 'deliver',
      ok: false,
      requestId: unreachable.requestId,
      startedAt: Date.now(),
      durationMs: 0,
      errorCode: unreachable.code,
      error: { errorType: unreachable.code, errorMessage: unreachable.message },
    });
    const failure = { code: unreachable.code, message: unreachable.message };
    if (!(await retryOrDeadLetter(delivery, deliveries, age, 'RESOURCE_NOT_FOUND', failure, context))) return;
  }
}

/**
 * After a failed delivery to a rule's target (a function that cannot be reached, a bus that cannot take the event):
 * when the target's retry policy is spent (its retry attempts, or the event's age by the time of the next try), puts
 * the event as matched in the target's dead-letter queue with the attributes AWS sets (`errorCode` is their
 * `ERROR_CODE`) and records the delivery undeliverable; a redrive then delivers it again, as a fresh delivery.
 * Otherwise waits out the backoff. Resolves whether to try again.
 */
export async function retryOrDeadLetter(
  delivery: { readonly accepted: AcceptedRecord; readonly rule: Rule },
  attempt: number,
  age: number,
  errorCode: string,
  failure: { readonly code: string; readonly message: string },
  context: RetryContext,
): Promise<boolean> {
  const { accepted, rule } = delivery;
  const policy = rule.targetRetryPolicy;
  const delay = retryDelayMs(attempt) * context.timeScale;
  const condition: ExhaustedCondition | undefined =
    attempt > policy.maximumRetryAttempts
      ? 'MaximumRetryAttemptsExhausted'
      : age + delay > policy.maximumEventAgeSeconds * 1000 * context.timeScale
        ? 'MaximumEventAgeExceeded'
        : undefined;
  if (!condition) {
    await context.sleep(delay);
    return !context.closed;
  }
  const attributes = deliveryDlqAttributes({
    rule,
    errorCode,
    errorMessage: `${failure.code}: ${failure.message}`,
    condition,
    retryAttempts: attempt - 1,
  });
  context.record(dlqRecord(delivery, rule.deliveryQueue, JSON.stringify(accepted.event), attributes));
  context.record(
    outcomeRecord(
      accepted,
      rule.name,
      'undeliverable',
      rule.deliveryQueue,
      `${condition}: ${failure.message}`,
    ),
  );
  return false;
}
