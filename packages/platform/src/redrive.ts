import { PERMANENT_FAILURE_ATTRIBUTES, RERUN_FIELD } from '@paved/events';
import { UnrecognizedDeadLetterError } from './errors';

/** A dead-letter message, read: which queue kind it came from, the event to redrive, and why it failed. */
export interface DeadLetter {
  /**
   * `failure`: a Lambda on-failure destination record (the handler failed after every retry, or failed permanently
   * and the runtime sent it at once). `delivery`: an event EventBridge could not deliver (the body is the event).
   */
  readonly kind: 'failure' | 'delivery';
  /** The event exactly as the handler should receive it again (see {@link redrivePayload}). */
  readonly event: Record<string, unknown>;
  /** The function that failed, when the record names it (failure records do; for delivery, see TARGET_ARN). */
  readonly functionArn?: string;
  /** Why it failed: Lambda's condition and error, or nothing for a delivery failure (see the message attributes). */
  readonly reason?: string;
  /**
   * True for a failure the runtime sent to the failure DLQ itself, without Lambda's retries, because retrying could
   * not fix it (an invalid event, a `PermanentError`): its `PAVED_FAILURE` message attribute is `permanent`. The body
   * is the same on-failure record either way. Fix the data or the code before redriving it.
   */
  readonly permanent: boolean;
  /** The error's stable `code` (`PAVED_ERROR_CODE`), for a permanent failure. */
  readonly errorCode?: string;
}

/**
 * SQS message attributes, as `ReceiveMessage` returns them with `MessageAttributeNames: ['All']` (and the AWS CLI
 * prints them): by name, each with its `StringValue`.
 */
export type DeadLetterAttributes = Readonly<
  Record<string, { readonly StringValue?: string | undefined } | undefined>
>;

/**
 * Reads one dead-letter message: its body, and its message attributes when there are any (they mark a permanent
 * failure). Redrive it by invoking the handler's function asynchronously with {@link redrivePayload}
 * (`InvocationType: 'Event'`): the handler alone gets it again, with its usual retries and failure DLQ. Putting it
 * back on the bus instead would deliver it to every other subscriber too.
 *
 * @example
 * const letter = readDeadLetter(message.Body, message.MessageAttributes);
 * await lambda.send(new InvokeCommand({
 *   FunctionName: letter.functionArn ?? targetArn,
 *   InvocationType: 'Event',
 *   Payload: redrivePayload(letter, message.MessageId),
 * }));
 */
export function readDeadLetter(body: string, attributes: DeadLetterAttributes = {}): DeadLetter {
  const permanent =
    attributes[PERMANENT_FAILURE_ATTRIBUTES.failure]?.StringValue === PERMANENT_FAILURE_ATTRIBUTES.permanent;
  const errorCode = permanent ? attributes[PERMANENT_FAILURE_ATTRIBUTES.errorCode]?.StringValue : undefined;
  const marks = { permanent, ...(errorCode ? { errorCode } : {}) };
  return { ...readBody(body), ...marks };
}

/**
 * The payload that redrives `letter`: its event with `paved-rerun: "redrive:<messageId>"` (`RERUN_FIELD`), which makes
 * the paved runtime run the handler again even if its idempotency record says the event was handled, and once per
 * message however often the same message is redriven (a redrive retried before the message was deleted). What the
 * earlier attempt already did (emails sent, events published) is not done again. The same contract as the local
 * bus's `paved dlq redrive`.
 */
export function redrivePayload(letter: DeadLetter, messageId: string): string {
  return JSON.stringify({ ...letter.event, [RERUN_FIELD]: `redrive:${messageId}` });
}

function readBody(body: string): Omit<DeadLetter, 'permanent' | 'errorCode'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new UnrecognizedDeadLetterError(
      `Dead-letter message is not JSON: ${JSON.stringify(body.slice(0, 80))}. Redrive only messages from a handler's failure or delivery DLQ.`,
      { cause: error },
    );
  }
  if (isObject(parsed) && isObject(parsed['requestContext']) && 'requestPayload' in parsed) {
    const context = parsed['requestContext'];
    const payload = parsed['requestPayload'];
    if (!isObject(payload)) {
      throw new UnrecognizedDeadLetterError(
        `On-failure record ${String(context['requestId'])} carries no event (requestPayload is ${JSON.stringify(payload)}). ` +
          'Replay the event from the bus archive instead (README: Redriving).',
      );
    }
    const response = isObject(parsed['responsePayload']) ? parsed['responsePayload'] : {};
    const error = [response['errorType'], response['errorMessage']]
      .filter((part) => typeof part === 'string')
      .join(': ');
    return {
      kind: 'failure',
      event: payload,
      functionArn: typeof context['functionArn'] === 'string' ? context['functionArn'] : undefined,
      reason: [context['condition'], error].filter(Boolean).join(' - ') || undefined,
    };
  }
  if (isObject(parsed) && typeof parsed['detail-type'] === 'string' && typeof parsed['source'] === 'string') {
    return { kind: 'delivery', event: parsed };
  }
  throw new UnrecognizedDeadLetterError(
    `Dead-letter message is neither a Lambda on-failure record nor an EventBridge event: ${JSON.stringify(body.slice(0, 80))}. ` +
      "Redrive only messages from a handler's failure or delivery DLQ.",
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
