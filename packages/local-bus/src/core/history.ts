import {
  type AcceptedRecord,
  type AttemptRecord,
  type DeliveryStatus,
  type EventRef,
  type Origin,
  type OutcomeRecord,
  type Parked,
  type RequestRecord,
} from '../journal/records';
import { CausalIndex, causationOf, type Causation, type Cause } from './causation';
import { type BusEvent } from './event';
import { type Unmatched } from './unmatched';

/**
 * The batch an invocation of a queue or stream delivery carried the event in, on its attempt record: which batch, how
 * big, the batch's attempt (a stream retries a batch whole) and how the invocation ended for the batch.
 */
export interface BatchRef {
  /** The local bus's id for the batch (AWS has none): a stream's retries of the same records keep it. */
  readonly id: string;
  readonly source: 'queue' | 'stream';
  /** Records in the invocation. */
  readonly size: number;
  /** 1-based attempt of this batch (a queue's batches are received once; a stream retries a batch). */
  readonly attempt: number;
  /** `partial`: the function reported some records in `batchItemFailures`; `failed`: it threw, or could not run. */
  readonly outcome: 'succeeded' | 'partial' | 'failed';
  /** Records of the batch that failed (all of them when it threw). */
  readonly failed: number;
  /** The event's record in the batch: its SQS `messageId` or Kinesis `sequenceNumber`. */
  readonly item: string;
}

/** One attempt, as `GET /_paved/events/<id>` shows it; `batch` when a queue or stream delivered it. */
export type AttemptView = Omit<AttemptRecord, 'k' | 'seq' | 'rule'> & { readonly batch?: BatchRef };

/** One event's delivery to one rule's target: every attempt and how it ended. */
export interface DeliveryView {
  readonly rule: string;
  readonly origin: Origin;
  status: DeliveryStatus;
  queue?: string;
  reason?: string;
  /** When the handler parked the event in its failure DLQ as a permanent failure (one attempt, no retries). */
  parked?: Parked;
  readonly attempts: AttemptView[];
  /** The ids of the events its attempts put on a bus: what its handler published, or the forwarded copy. */
  readonly caused?: readonly string[];
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
  /** When it matched no rule: the rules of other buses it would have matched, and what to do. */
  unmatched?: Unmatched;
  /** The event, API request or upload that led to it. */
  causedBy?: Cause;
  /** For an event a route put here: the event that route matched, on its bus. */
  forwardedFrom?: EventRef & { readonly rule: string };
  /** The ids of every event it led to (each delivery's are also under `deliveries[i].caused`). */
  readonly caused?: readonly string[];
}

/** An API request or an upload the bus served, with the events it put on a bus. */
export type RequestView = Omit<RequestRecord, 'k'>;

interface Stored {
  readonly view: EventView;
  readonly causation: Causation;
  readonly seqs: number[];
}

/**
 * The most recent events and their deliveries, and the most recent requests, in memory for the console and the
 * JSON endpoints, with the links between them (what caused what). Bounded to `limit` events and `limit` requests
 * so memory stays flat however many flow; older ones remain in the journal (the archive).
 */
export class History {
  private readonly events = new Map<string, Stored>();
  private readonly bySeq = new Map<number, { view: EventView; byRule: Map<string, DeliveryView> }>();
  private readonly requests = new Map<string, RequestView>();
  private readonly links = new CausalIndex();

  constructor(
    private readonly limit: number,
    /** Says where an event that matched nothing would match (see `core/unmatched.ts`). */
    private readonly describeUnmatched: (record: AcceptedRecord) => Unmatched | undefined = () => undefined,
  ) {}

  accepted(record: AcceptedRecord): void {
    let stored = this.events.get(record.event.id);
    if (!stored) {
      const causation = causationOf(record);
      const { origin } = record;
      const unmatched = record.rules.length === 0 ? this.describeUnmatched(record) : undefined;
      const view: EventView = {
        id: record.event.id,
        bus: record.bus,
        event: record.event,
        acceptedAt: record.at,
        rules: [],
        deliveries: [],
        ...(unmatched ? { unmatched } : {}),
        ...(causation.cause ? { causedBy: causation.cause } : {}),
        ...(origin.kind === 'forward' ? { forwardedFrom: { ...origin.from, rule: origin.rule } } : {}),
      };
      stored = { view, causation, seqs: [] };
      this.events.set(view.id, stored);
      this.links.add(view.id, causation);
      this.evict();
    }
    const { view } = stored;
    const byRule = new Map<string, DeliveryView>();
    for (const rule of record.rules) {
      if (!view.rules.includes(rule)) view.rules.push(rule);
      const delivery: DeliveryView = { rule, origin: record.origin, status: 'pending', attempts: [] };
      view.deliveries.push(delivery);
      byRule.set(rule, delivery);
    }
    this.bySeq.set(record.seq, { view, byRule });
    stored.seqs.push(record.seq);
  }

  /** Records an event accepted and dropped without delivery. */
  dropped(event: BusEvent, bus: string, at: number, reason: string, unmatched: Unmatched | undefined): void {
    const view: EventView = {
      id: event.id,
      bus,
      event,
      acceptedAt: at,
      rules: [],
      deliveries: [],
      dropped: reason,
    };
    if (unmatched) view.unmatched = unmatched;
    this.events.set(event.id, { view, causation: {}, seqs: [] });
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
    if (record.parked) delivery.parked = record.parked;
  }

  request(record: RequestRecord): void {
    const { k: _k, ...view } = record;
    this.requests.delete(view.id);
    this.requests.set(view.id, view);
    while (this.requests.size > this.limit) {
      const oldest = this.requests.values().next().value as RequestView;
      this.requests.delete(oldest.id);
      this.links.forget({ kind: oldest.kind === 'api' ? 'request' : 'upload', id: oldest.id });
    }
  }

  /** The event id of a delivery instance, while it is still in memory. */
  eventIdOf(seq: number): string | undefined {
    return this.bySeq.get(seq)?.view.id;
  }

  /** The event with its links: what it caused, overall and per delivery. */
  get(id: string): EventView | undefined {
    const stored = this.events.get(id);
    return stored && this.linked(stored.view);
  }

  /** Why an event matched nothing, if it did, while it is in memory. */
  unmatchedOf(id: string): Unmatched | undefined {
    return this.events.get(id)?.view.unmatched;
  }

  /** The newest `limit` events, newest first. */
  list(limit: number): EventView[] {
    const all = [...this.events.values()];
    return all
      .slice(Math.max(0, all.length - limit))
      .reverse()
      .map((stored) => this.linked(stored.view));
  }

  /** A request or upload, with every event it led to (those published after it answered too). */
  getRequest(id: string): RequestView | undefined {
    const view = this.requests.get(id);
    if (!view) return undefined;
    const later = this.links.causedBy({ kind: view.kind === 'api' ? 'request' : 'upload', id });
    return { ...view, events: [...new Set([...view.events, ...later])] };
  }

  /** The newest `limit` requests, newest first. */
  listRequests(limit: number): RequestView[] {
    const all = [...this.requests.keys()];
    return all
      .slice(Math.max(0, all.length - limit))
      .reverse()
      .map((id) => this.getRequest(id)!);
  }

  /** The events a request or upload led to so far (what its record lists). */
  causedBy(cause: Cause): readonly string[] {
    return this.links.causedBy(cause);
  }

  private linked(view: EventView): EventView {
    const deliveries = view.deliveries.map((delivery) => {
      const caused = delivery.attempts.flatMap((attempt) => this.links.ofInvocation(attempt.requestId));
      return caused.length > 0 ? { ...delivery, caused } : delivery;
    });
    const caused = this.links.causedBy({ kind: 'event', id: view.id });
    return { ...view, deliveries, ...(caused.length > 0 ? { caused: [...caused] } : {}) };
  }

  private evict(): void {
    while (this.events.size > this.limit) {
      const [oldest, stored] = this.events.entries().next().value as [string, Stored];
      this.events.delete(oldest);
      for (const seq of stored.seqs) this.bySeq.delete(seq);
      const invocations = stored.view.deliveries.flatMap((d) => d.attempts.map((a) => a.requestId));
      this.links.remove(oldest, stored.causation, invocations);
    }
  }
}
