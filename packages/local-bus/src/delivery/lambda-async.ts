import { PERMANENT_FAILURE_ATTRIBUTES } from '@paved/events';
import { randomBytes, randomUUID } from 'node:crypto';
import { type DlqRecord, type FunctionError, type Parked } from '../journal/records';
import { dlqRecord, outcomeRecord, type Delivery, type RetryContext } from './delivery';
import { onFailureRecord, type FailureCondition } from './failure-records';

/** Lambda's asynchronous-invocation retry delays: about a minute before the second attempt, two before the third. */
const RETRY_DELAYS_MS = [60_000, 120_000];

/**
 * The `_X_AMZN_TRACE_ID` Lambda sets for one invocation with active tracing: Root the event's trace (a W3C trace id
 * as X-Ray spells it, `1-<first 8 hex>-<other 24>`), Parent a span id of its own.
 */
export function xrayTraceHeader(traceId: string): string {
  return `Root=1-${traceId.slice(0, 8)}-${traceId.slice(8)};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
}

/** The function could not be reached: what EventBridge's target layer retries. */
export interface Unreachable {
  readonly code: string;
  readonly message: string;
  readonly requestId: string;
}

/**
 * Lambda's asynchronous invocation of a rule's function for one event, the second of AWS's two retry layers:
 * the function runs; when it fails (throws, times out, exits, crashes) Lambda retries it after about one and two
 * minutes, up to the function's `maximumRetryAttempts` (0-2) and within its maximum event age, then writes its
 * on-failure record to the failure DLQ. Each run is an `invoke` attempt.
 */
export class AsyncInvocation {
  private invokes = 0;

  constructor(
    private readonly delivery: Delivery,
    private readonly context: RetryContext,
  ) {}

  /**
   * Runs the function until it succeeds or Lambda gives up, recording the outcome; resolves to why it could not
   * be reached instead, for EventBridge's layer to retry (a retry calls this again: the invoke count goes on).
   * Resolves undefined when done, or when the bus stops.
   */
  async run(): Promise<Unreachable | undefined> {
    const { accepted, rule, target, payload, traceId } = this.delivery;
    const { context } = this;
    const timeScale = context.timeScale;
    for (;;) {
      const requestId = randomUUID();
      context.invocations.start(requestId, { accepted, rule });
      const outcome = await target.invoke(requestId, payload, false, traceId && xrayTraceHeader(traceId));
      const parkedMessage = context.invocations.end(requestId);
      if (context.closed) return undefined;
      if (outcome.kind === 'undeliverable')
        return { code: outcome.code, message: outcome.message, requestId };
      const age = Date.now() - accepted.at;
      this.invokes += 1;
      // A handler that parked a permanent failure in its failure DLQ returned: Lambda sees a success and retries
      // nothing. The attempt is shown as what it was, a failure, with the message that parked it.
      const parked = parkedMessage && outcome.kind === 'ok' ? parkedOf(parkedMessage) : undefined;
      const error: FunctionError | undefined =
        outcome.kind === 'error' ? outcome.error : parked ? parkedMessageError(parkedMessage!) : undefined;
      context.record({
        k: 'att',
        seq: accepted.seq,
        rule: rule.name,
        n: this.invokes,
        kind: 'invoke',
        ok: outcome.kind === 'ok' && !parked,
        requestId,
        startedAt: outcome.startedAt,
        durationMs: Math.max(0, outcome.endedAt - outcome.startedAt),
        ...(error ? { error } : {}),
        ...(outcome.logs ? { logs: outcome.logs } : {}),
        ...(parked ? { parked } : {}),
      });
      if (parked) {
        const attempts =
          this.invokes === 1
            ? '1 attempt, without retries'
            : `${this.invokes} attempts, without further retries`;
        const reason = `Parked as a permanent failure (${parked.errorCode}) by the handler after ${attempts}: ${error!.errorType}: ${error!.errorMessage}`;
        context.record({ ...outcomeRecord(accepted, rule.name, 'failed', parked.queue, reason), parked });
        return undefined;
      }
      if (outcome.kind === 'ok') {
        context.record(outcomeRecord(accepted, rule.name, 'succeeded'));
        return undefined;
      }
      const delay = (RETRY_DELAYS_MS[this.invokes - 1] ?? 120_000) * timeScale;
      const condition: FailureCondition | undefined =
        this.invokes > rule.invokeConfig.maximumRetryAttempts
          ? 'RetriesExhausted'
          : age + delay > rule.invokeConfig.maximumEventAgeSeconds * 1000 * timeScale
            ? 'EventAgeExceeded'
            : undefined;
      if (condition) {
        const body = onFailureRecord({
          rule,
          place: context.place,
          requestPayload: JSON.parse(payload),
          requestId,
          condition,
          invokeCount: this.invokes,
          error: outcome.error,
          now: Date.now(),
        });
        context.record(dlqRecord(this.delivery, rule.failureQueue, JSON.stringify(body), {}));
        context.record(
          outcomeRecord(
            accepted,
            rule.name,
            'failed',
            rule.failureQueue,
            `${condition}: ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
          ),
        );
        return undefined;
      }
      await context.sleep(delay);
      if (context.closed) return undefined;
    }
  }
}

/** What the attempt records of a message its handler parked (see `core/send-message.ts`). */
function parkedOf(message: DlqRecord): Parked {
  return {
    queue: message.queue,
    messageId: message.messageId,
    errorCode: message.attributes[PERMANENT_FAILURE_ATTRIBUTES.errorCode] ?? 'UNKNOWN',
  };
}

/** The error a parked on-failure record carries (`responsePayload`), as the attempt's error. */
function parkedMessageError(message: DlqRecord): FunctionError {
  try {
    const record = JSON.parse(message.body) as { responsePayload?: Partial<FunctionError> };
    const { errorType, errorMessage } = record.responsePayload ?? {};
    if (typeof errorType === 'string' && typeof errorMessage === 'string') return { errorType, errorMessage };
  } catch {
    // Not an on-failure record: the message is kept as sent, and the attempt says so.
  }
  return { errorType: 'PermanentFailure', errorMessage: 'The handler parked the event in its failure DLQ.' };
}
