import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { type PublishFailure } from '../errors';
import { chunkBySize } from './limits';
import { type BackoffOptions, backoffDelay, isRetryableCallError, isRetryableEntryCode } from './retry';

export interface SendOptions extends BackoffOptions {
  readonly maxAttempts: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface SendOutcome {
  /** Event id per input position; `undefined` where the entry failed. */
  readonly eventIds: (string | undefined)[];
  /** In input order. */
  readonly failures: PublishFailure[];
  /** The last whole-call error, kept as the cause of the PublishError. */
  readonly callError: unknown;
}

/**
 * Sends every entry, retrying exactly the entries that failed retryably, in rounds: each round sends all
 * pending entries (chunked by count and size), then waits with backoff before the next.
 * Never throws for a failed entry: every failure is returned.
 */
export async function sendEntries(
  client: EventBridgeClient,
  entries: readonly PutEventsRequestEntry[],
  sizes: readonly number[],
  options: SendOptions,
): Promise<SendOutcome> {
  const eventIds: (string | undefined)[] = entries.map(() => undefined);
  const failures: PublishFailure[] = [];
  let callError: unknown;
  let pending = entries.map((_, position) => position);

  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const retry: number[] = [];
    const fail = (position: number, errorCode: string, errorMessage: string, retryable: boolean): void => {
      if (retryable && attempt < options.maxAttempts) {
        retry.push(position);
        return;
      }
      const detailType = entries[position]?.DetailType ?? '';
      failures.push({ index: position, detailType, errorCode, errorMessage, attempts: attempt });
    };

    for (const chunk of chunkBySize(pending, sizes)) {
      try {
        const Entries = chunk.map((position) => entries[position]!);
        const response = await client.send(new PutEventsCommand({ Entries }));
        chunk.forEach((position, i) => {
          const result = response.Entries?.[i];
          if (result?.EventId) {
            eventIds[position] = result.EventId;
          } else if (result?.ErrorCode) {
            const { ErrorCode: code, ErrorMessage: message = '' } = result;
            fail(position, code, message, isRetryableEntryCode(code));
          } else {
            // PutEvents answers every entry; one without a result may or may not be on the bus: report it.
            fail(position, 'MissingResultEntry', 'PutEvents returned no result for this entry', false);
          }
        });
      } catch (error) {
        callError = error;
        const name = error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        for (const position of chunk) fail(position, name, message, isRetryableCallError(error));
      }
    }

    pending = retry;
    if (pending.length > 0) await options.sleep(backoffDelay(attempt, options));
  }

  failures.sort((a, b) => a.index - b.index);
  return { eventIds, failures, callError };
}
