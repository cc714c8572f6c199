import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandInput,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';

/** Every EventBridgeClient in the test file answers from this mock, including ones the runtime creates. */
export const eventBridge = mockClient(EventBridgeClient);

/** The id the mock gives an accepted entry: derived from its detail, so tests can predict it. */
export function eventIdOf(entry: PutEventsRequestEntry): string {
  const detail = JSON.parse(entry.Detail ?? '{}') as Record<string, unknown>;
  return `evt-${String(detail['orderId'] ?? detail['documentId'])}`;
}

/**
 * A PutEvents answer: entries for which `failWith` returns an error code fail with it, the others are
 * accepted.
 */
export function answer(
  failWith: (entry: PutEventsRequestEntry) => string | undefined = () => undefined,
): (input: PutEventsCommandInput) => Partial<PutEventsCommandOutput> {
  return (input) => {
    const entries = (input.Entries ?? []).map((entry) => {
      const code = failWith(entry);
      return code === undefined
        ? { EventId: eventIdOf(entry) }
        : { ErrorCode: code, ErrorMessage: `${code} for ${eventIdOf(entry)}` };
    });
    return { FailedEntryCount: entries.filter((entry) => 'ErrorCode' in entry).length, Entries: entries };
  };
}

/** Fails the entries of the given orders with `code`. */
export function failOrders(
  code: string,
  ...orderIds: string[]
): (entry: PutEventsRequestEntry) => string | undefined {
  return (entry) => (orderIds.includes(JSON.parse(entry.Detail ?? '{}').orderId) ? code : undefined);
}

/** The entries of each PutEvents call made so far, in order. */
export function sentCalls(): PutEventsRequestEntry[][] {
  return eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
}

/** The order ids of each call made so far. */
export function sentOrderIds(): string[][] {
  return sentCalls().map((entries) =>
    entries.map((entry) => JSON.parse(entry.Detail ?? '{}').orderId as string),
  );
}

export { PutEventsCommand };
