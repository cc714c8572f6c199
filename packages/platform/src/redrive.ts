import { UnrecognizedDeadLetterError } from './errors';

/** A dead-letter message, read: which queue kind it came from, the event to redrive, and why it failed. */
export interface DeadLetter {
  /**
   * `failure`: a Lambda on-failure destination record (the handler failed after every retry).
   * `delivery`: an event EventBridge could not deliver (the message body is the event itself).
   */
  readonly kind: 'failure' | 'delivery';
  /** The event exactly as the handler should receive it again. */
  readonly event: Record<string, unknown>;
  /** The function that failed, when the record names it (failure records do; for delivery, see TARGET_ARN). */
  readonly functionArn?: string;
  /** Why it failed: Lambda's condition and error, or nothing for a delivery failure (see the message attributes). */
  readonly reason?: string;
}

/**
 * Reads one dead-letter message body. Redrive it by invoking the handler's function asynchronously with
 * `JSON.stringify(deadLetter.event)` (`InvocationType: 'Event'`): the handler alone gets it again, with its usual
 * retries and failure DLQ. Putting it back on the bus instead would deliver it to every other subscriber too.
 *
 * @example
 * const letter = readDeadLetter(message.Body);
 * await lambda.send(new InvokeCommand({ FunctionName: letter.functionArn ?? targetArn, InvocationType: 'Event', Payload: JSON.stringify(letter.event) }));
 */
export function readDeadLetter(body: string): DeadLetter {
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
