import { type Ticket } from '../journal/journal';
import { type DlqRecord } from '../journal/records';
import { type Rule } from './rules';

/** A dead-letter queue and what is in it, as `GET /_paved/dlq` shows it. */
export interface QueueView {
  readonly name: string;
  /** `failure`: Lambda's on-failure destination (the handler failed). `delivery`: the rule target's DLQ. */
  readonly kind: 'failure' | 'delivery';
  readonly rule: string;
  readonly messages: readonly DlqRecord[];
}

/** The dead-letter queues: two per function rule, one per route to another bus. Messages live here until redriven. */
export class DeadLetterQueues {
  private readonly queues = new Map<
    string,
    {
      kind: 'failure' | 'delivery';
      rule: string;
      messages: Map<string, { record: DlqRecord; ticket: Ticket }>;
    }
  >();

  constructor(rules: Iterable<Rule>) {
    for (const rule of rules) {
      if (rule.kind === 'function')
        this.queues.set(rule.failureQueue, { kind: 'failure', rule: rule.name, messages: new Map() });
      this.queues.set(rule.deliveryQueue, { kind: 'delivery', rule: rule.name, messages: new Map() });
    }
  }

  has(queue: string): boolean {
    return this.queues.has(queue);
  }

  kindOf(queue: string): 'failure' | 'delivery' | undefined {
    return this.queues.get(queue)?.kind;
  }

  /** The rule whose queue it is. */
  ruleOf(queue: string): string | undefined {
    return this.queues.get(queue)?.rule;
  }

  /** The queues handlers may send to (their own failure DLQ each: see `core/send-message.ts`), by name. */
  failureQueues(): string[] {
    return [...this.queues.entries()]
      .filter(([, queue]) => queue.kind === 'failure')
      .map(([name]) => name)
      .sort();
  }

  add(record: DlqRecord, ticket: Ticket): void {
    let queue = this.queues.get(record.queue);
    if (!queue) {
      // A queue of a handler that no longer exists, recovered from the journal: keep its messages visible.
      queue = {
        kind: record.queue.endsWith('-failure-dlq') ? 'failure' : 'delivery',
        rule: record.rule,
        messages: new Map(),
      };
      this.queues.set(record.queue, queue);
    }
    queue.messages.set(record.messageId, { record, ticket });
  }

  remove(queue: string, messageId: string): DlqRecord | undefined {
    const messages = this.queues.get(queue)?.messages;
    const entry = messages?.get(messageId);
    messages?.delete(messageId);
    return entry?.record;
  }

  messages(queue: string): DlqRecord[] {
    return [...(this.queues.get(queue)?.messages.values() ?? [])].map((entry) => entry.record);
  }

  list(): QueueView[] {
    return [...this.queues.entries()]
      .map(([name, queue]) => ({
        name,
        kind: queue.kind,
        rule: queue.rule,
        messages: [...queue.messages.values()].map((m) => m.record),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Messages whose record sits in `segment`, for the journal to copy forward before deleting it. */
  inSegment(segment: number): { record: DlqRecord; ticket: Ticket }[] {
    const found: { record: DlqRecord; ticket: Ticket }[] = [];
    for (const queue of this.queues.values())
      for (const entry of queue.messages.values()) if (entry.ticket.segment === segment) found.push(entry);
    return found;
  }
}

/** An SQS queue URL as a client addresses one of the bus's queues: `http://127.0.0.1:4010/<account>/<queue>`. */
export function queueUrl(endpoint: string, accountId: string, queue: string): string {
  return `${endpoint}/${accountId}/${queue}`;
}
