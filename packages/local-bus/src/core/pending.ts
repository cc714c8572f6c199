import { type LiveRecord, type Ticket } from '../journal/journal';
import { type AcceptedRecord } from '../journal/records';

/** An accepted event and the rules it has still to reach. */
export interface Pending {
  readonly record: AcceptedRecord;
  readonly remaining: Set<string>;
  readonly ticket: Ticket;
}

/**
 * Accepted events without an outcome for every rule they matched: what is delivered again after a restart, and
 * what compaction must copy forward. An event leaves once each of its rules has an outcome.
 */
export class PendingDeliveries {
  private readonly pending = new Map<number, Pending>();

  /** An event accepted now, or recovered from the journal. */
  track(record: AcceptedRecord, ticket: Ticket): void {
    this.pending.set(record.seq, { record, remaining: new Set(record.rules), ticket });
  }

  /** One rule of an event has its outcome; returns the event's accepted record while it is tracked. */
  settle(seq: number, rule: string): AcceptedRecord | undefined {
    const pending = this.pending.get(seq);
    if (!pending) return undefined;
    pending.remaining.delete(rule);
    if (pending.remaining.size === 0) this.pending.delete(seq);
    return pending.record;
  }

  get(seq: number): Pending | undefined {
    return this.pending.get(seq);
  }

  /** Sequence numbers of every pending event, oldest first. */
  seqs(): IterableIterator<number> {
    return this.pending.keys();
  }

  get size(): number {
    return this.pending.size;
  }

  /** Pending events whose accepted record is in `segment`, with what is left to deliver. */
  liveRecords(segment: number): LiveRecord[] {
    const live: LiveRecord[] = [];
    for (const pending of this.pending.values()) {
      if (pending.ticket.segment !== segment) continue;
      live.push({
        record: { ...pending.record, rules: [...pending.remaining] },
        rehome: (moved) => {
          pending.ticket.segment = moved;
        },
      });
    }
    return live;
  }
}
