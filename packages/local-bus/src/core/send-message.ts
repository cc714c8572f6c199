import { randomUUID } from 'node:crypto';
import { type DlqRecord } from '../journal/records';
import { type BusCore } from './bus-core';

/** A message a client sends to one of the bus's queues (SQS `SendMessage`, read by `protocol/sqs.ts`). */
export interface QueueMessage {
  /** A function rule's failure DLQ: the only queues a client may send to (see {@link sendToFailureQueue}). */
  readonly queue: string;
  readonly body: string;
  /** Message attributes by name: their `StringValue`s. */
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Puts a message a handler sent into its failure DLQ, as SQS would, and resolves once the journal has it on disk:
 * how the runtime parks a permanent failure (an invalid event, a `PermanentError`) without Lambda's retries. The body
 * is Lambda's on-failure record, whose `requestContext.requestId` is the invocation that sent it: while that
 * invocation runs, the message is tied to its attempt and event (the attempt is then recorded as parked, and no
 * retries follow: see `delivery/lambda-async.ts`). A message from anything else is kept all the same, under the
 * event id its `requestPayload` names.
 */
export async function sendToFailureQueue(core: BusCore, message: QueueMessage): Promise<DlqRecord> {
  const record = onFailureRecordRefs(message.body);
  const running = record.requestId === undefined ? undefined : core.invocations.get(record.requestId);
  const owner = running?.rule.failureQueue === message.queue ? running : undefined;
  const dlq: DlqRecord = {
    k: 'dlq',
    queue: message.queue,
    messageId: randomUUID(),
    at: Date.now(),
    body: message.body,
    attributes: message.attributes,
    rule: owner?.rule.name ?? core.dlq.ruleOf(message.queue) ?? '',
    eventId: owner?.accepted.event.id ?? record.eventId ?? '',
    bus: owner?.accepted.bus ?? core.options.busName,
  };
  await core.recorder.recordDurably(dlq);
  if (owner) owner.parked = dlq;
  return dlq;
}

/** The invocation and event an on-failure record names (`requestContext.requestId`, `requestPayload.id`). */
export function onFailureRecordRefs(body: string): { requestId?: string; eventId?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {};
  }
  if (parsed === null || typeof parsed !== 'object') return {};
  const { requestContext, requestPayload } = parsed as Record<string, unknown>;
  const requestId = (requestContext as Record<string, unknown> | undefined)?.['requestId'];
  const eventId = (requestPayload as Record<string, unknown> | undefined)?.['id'];
  return {
    ...(typeof requestId === 'string' ? { requestId } : {}),
    ...(typeof eventId === 'string' ? { eventId } : {}),
  };
}
