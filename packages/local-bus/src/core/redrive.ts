import { redrivenEvent } from '../delivery/input';
import { type AcceptedRecord } from '../journal/records';
import { type BusCore } from './bus-core';
import { rerunOf } from './event';

/**
 * Redrives a DLQ (one that exists: see `dlq.kindOf`): each message's event is delivered again to the target of the
 * queue's rule, with fresh retries, and leaves the queue. A failure DLQ's on-failure record gives back what the
 * function was invoked with (the event, or the subscription's transformed input, which is not transformed again:
 * see redrivenEvent); a delivery DLQ's message is the event as its rule matched it (a route's is forwarded again,
 * as a new event). A handler's event carries `paved-rerun: redrive:<message id>`, so that its idempotency record
 * does not make the redrive a no-op. Resolves to how many messages were redriven.
 */
export async function redriveQueue(
  core: BusCore,
  queue: string,
  messageIds?: readonly string[],
): Promise<number> {
  const kind = core.dlq.kindOf(queue);
  const messages = core.dlq.messages(queue).filter((m) => !messageIds || messageIds.includes(m.messageId));
  if (!kind || messages.length === 0) return 0;
  const now = Date.now();
  const records: AcceptedRecord[] = messages.map((message) => {
    const rule = core.rules.functionRule(message.rule);
    const event = redrivenEvent(kind, message, rule, core.place);
    return {
      k: 'acc',
      seq: core.nextSeq(),
      at: now,
      bus: message.bus,
      // A handler's event runs it again although it was handled (its earlier attempt failed, or was parked as a
      // permanent failure, which leaves a record): once per message, as the platform's redrivePayload does.
      event: rule ? rerunOf(event, `redrive:${message.messageId}`) : event,
      rules: [message.rule],
      origin: { kind: 'redrive', queue },
    };
  });
  await core.acceptRecords(
    records,
    messages.map((m) => ({ k: 'dlq-del', queue, messageId: m.messageId })),
  );
  return messages.length;
}
