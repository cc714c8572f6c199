import { type BusEvent } from './event';
import {
  type AcceptedRecord,
  type AttemptRecord,
  type DeliveryStatus,
  type Origin,
  type OutcomeRecord,
} from '../journal/records';

/** One attempt, as `GET /_paved/events/<id>` shows it. */
export type AttemptView = Omit<AttemptRecord, 'k' | 'seq' | 'rule'>;

/** One event's delivery to one rule's handler: every attempt and how it ended. */
export interface DeliveryView {
  readonly rule: string;
  readonly origin: Origin;
  status: DeliveryStatus;
  queue?: string;
  reason?: string;
  readonly attempts: AttemptView[];
}

/** An event, the rules it matched and its deliveries (including those of replays and redrives of it). */
export interface EventView {
  readonly id: string;
  readonly bus: string;
  readonly event: BusEvent;
  readonly acceptedAt: number;
  readonly rules: string[];
  readonly deliveries: DeliveryView[];
  /** Why nothing was delivered, when the event was accepted but dropped (a bus that does not exist). */
  dropped?: string;
}

/**
 * The most recent events and their deliveries, in memory for the console and the JSON endpoints. Bounded to
 * `limit` events so memory stays flat however many flow; older ones remain in the journal (the archive).
 */
export class History {
  private readonly events = new Map<string, EventView>();
  private readonly bySeq = new Map<number, { view: EventView; byRule: Map<string, DeliveryView> }>();
  private readonly seqsOf = new Map<string, number[]>();

  constructor(private readonly limit: number) {}

  accepted(record: AcceptedRecord): void {
    let view = this.events.get(record.event.id);
    if (!view) {
      view = {
        id: record.event.id,
        bus: record.bus,
        event: record.event,
        acceptedAt: record.at,
        rules: [],
        deliveries: [],
      };
      this.events.set(view.id, view);
      this.seqsOf.set(view.id, []);
      this.evict();
    }
    const byRule = new Map<string, DeliveryView>();
    for (const rule of record.rules) {
      if (!view.rules.includes(rule)) view.rules.push(rule);
      const delivery: DeliveryView = { rule, origin: record.origin, status: 'pending', attempts: [] };
      view.deliveries.push(delivery);
      byRule.set(rule, delivery);
    }
    this.bySeq.set(record.seq, { view, byRule });
    this.seqsOf.get(view.id)!.push(record.seq);
  }

  /** Records an event accepted and dropped without delivery. */
  dropped(id: string, bus: string, event: BusEvent, at: number, reason: string): void {
    this.events.set(id, { id, bus, event, acceptedAt: at, rules: [], deliveries: [], dropped: reason });
    this.seqsOf.set(id, []);
    this.evict();
  }

  attempt(record: AttemptRecord): void {
    const delivery = this.bySeq.get(record.seq)?.byRule.get(record.rule);
    if (!delivery) return;
    const { k: _k, seq: _seq, rule: _rule, ...attempt } = record;
    delivery.attempts.push(attempt);
  }

  outcome(record: OutcomeRecord): void {
    const delivery = this.bySeq.get(record.seq)?.byRule.get(record.rule);
    if (!delivery) return;
    delivery.status = record.status;
    if (record.queue) delivery.queue = record.queue;
    if (record.reason) delivery.reason = record.reason;
  }

  /** The event id of a delivery instance, while it is still in memory. */
  eventIdOf(seq: number): string | undefined {
    return this.bySeq.get(seq)?.view.id;
  }

  get(id: string): EventView | undefined {
    return this.events.get(id);
  }

  /** The newest `limit` events, newest first. */
  list(limit: number): EventView[] {
    const all = [...this.events.values()];
    return all.slice(Math.max(0, all.length - limit)).reverse();
  }

  private evict(): void {
    while (this.events.size > this.limit) {
      const oldest = this.events.keys().next().value as string;
      this.events.delete(oldest);
      for (const seq of this.seqsOf.get(oldest) ?? []) this.bySeq.delete(seq);
      this.seqsOf.delete(oldest);
    }
  }
}
