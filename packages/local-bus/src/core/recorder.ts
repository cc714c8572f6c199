import { EventEmitter } from 'node:events';
import { type Journal, type Ticket } from '../journal/journal';
import { type HandlerReload } from '../sandbox/hot-reload';
import {
  type AcceptedRecord,
  type AttemptRecord,
  type DlqDeleteRecord,
  type DlqRecord,
  type JournalRecord,
  type OutcomeRecord,
  type ReplayRecord,
  type RequestRecord,
} from '../journal/records';
import { type DeadLetterQueues } from './dlq';
import { type BusEvent } from './event';
import { type History } from './history';
import { type PendingDeliveries } from './pending';
import { type Unmatched } from './unmatched';

/** An event accepted for a bus that does not exist and dropped, as AWS drops it (see `unknownBus`). */
export interface DroppedEvent {
  readonly event: BusEvent;
  readonly bus: string;
  readonly reason: string;
  readonly at: number;
  /** The handlers' rules on other buses it would have matched, and what to do. */
  readonly unmatched?: Unmatched;
}

/**
 * What the bus does, by kind, with each listener's arguments: the live stream behind `GET /_paved/stream`,
 * `paved tail` and {@link LocalBus.on}.
 */
export interface LocalBusActivity {
  /**
   * An event was accepted (from PutEvents, a replay, a redrive, a route from another bus or an upload) and
   * journaled, with the rules it matched; when it matched none, where it would have (see `core/unmatched.ts`).
   */
  readonly accepted: [record: AcceptedRecord, unmatched: Unmatched | undefined];
  /** An event for a bus that does not exist was acknowledged and dropped. */
  readonly dropped: [dropped: DroppedEvent];
  /** One attempt to reach (`deliver`) or run (`invoke`) a rule's handler. */
  readonly attempt: [record: AttemptRecord];
  /** How one event's delivery to one rule ended, with the event's accepted record. */
  readonly outcome: [record: OutcomeRecord, accepted: AcceptedRecord];
  /** A message was put on a dead-letter queue. */
  readonly dlq: [record: DlqRecord];
  /** A replay changed state. */
  readonly replay: [record: ReplayRecord];
  /** An API request or an upload to a local bucket was served. */
  readonly request: [record: RequestRecord];
  /** A function's sources changed and it was rebundled, or did not bundle (hot reload, the `watch` option). */
  readonly reload: [reload: HandlerReload];
}

/** A listener for each kind of activity (see {@link LocalBusActivity}). */
export type ActivityListeners = {
  readonly [K in keyof LocalBusActivity]?: (...args: LocalBusActivity[K]) => void;
};

/** Records written as they happen, without waiting for the disk. */
export type ActivityRecord = AttemptRecord | OutcomeRecord | DlqRecord | ReplayRecord | RequestRecord;

/** The live stream's name for each kind of record written as it happens (outcomes carry their event too). */
const STREAM_KIND = { att: 'attempt', dlq: 'dlq', replay: 'replay', req: 'request' } as const;

/** Where a record is applied: the bus's state that records are the history of. */
export interface RecordedState {
  readonly journal: () => Journal;
  readonly history: History;
  readonly pending: PendingDeliveries;
  readonly dlq: DeadLetterQueues;
  readonly replays: Map<string, ReplayRecord>;
}

/**
 * The one place that records what happened: every accepted or dropped event, attempt, outcome, DLQ message,
 * replay state and served request is appended to the journal, applied to the bus's state (history, pending deliveries, DLQs,
 * replays) and sent to the live stream here. Recovery applies the journal's records the same way, so the state
 * after a restart is the state the records describe.
 */
export class Recorder {
  private readonly stream = new EventEmitter();

  constructor(private readonly state: RecordedState) {
    this.stream.setMaxListeners(0);
  }

  /**
   * Records an attempt, an outcome, a DLQ message or a replay's new state: appended to the journal without
   * waiting (it becomes durable with the next batch; losing the last ones in a crash only means a redelivery).
   */
  record(record: ActivityRecord): void {
    const ticket = this.state.journal().append(record);
    const accepted = this.apply(record, ticket);
    // Every outcome is of a delivery pending until now, so its event is known.
    if (record.k !== 'out') this.stream.emit(STREAM_KIND[record.k], record);
    else if (accepted) this.emit('outcome', record, accepted);
  }

  /**
   * Records a message a client sent to a DLQ (a handler parking a permanent failure), durably: resolves once the
   * journal has it on disk, as SQS answers `SendMessage` only once the message is stored.
   */
  async recordDurably(record: DlqRecord): Promise<void> {
    await this.state.journal().appendDurable([record], (where) => {
      this.apply(record, where);
      this.stream.emit(STREAM_KIND[record.k], record);
    });
  }

  /**
   * Records accepted events durably: resolves once the journal has them on disk (what PutEvents waits for).
   * As soon as they are written, before the fdatasync, each is applied, streamed and handed to `written`, which
   * starts its delivery: a handler's start does not wait for the disk. Nothing acknowledged can be lost that
   * way: a crash before the fdatasync ends means the client got no answer (and sends again), though the
   * handlers may already have run for that event, as they may on AWS when a PutEvents answer is lost. `removed`
   * (DLQ messages a redrive takes out) go in the same batch and are applied once it is durable.
   */
  async accept(
    records: readonly AcceptedRecord[],
    written: (record: AcceptedRecord) => void,
    removed: readonly DlqDeleteRecord[] = [],
  ): Promise<void> {
    const ticket = await this.state.journal().appendDurable([...records, ...removed], (where) => {
      for (const record of records) {
        this.apply(record, where);
        const unmatched =
          record.rules.length === 0 ? this.state.history.unmatchedOf(record.event.id) : undefined;
        this.emit('accepted', record, unmatched);
        written(record);
      }
    });
    for (const record of removed) this.apply(record, ticket);
  }

  /** Records an event accepted for a bus that does not exist and dropped: in the history, not the journal. */
  dropped(dropped: DroppedEvent): void {
    this.state.history.dropped(dropped.event, dropped.bus, dropped.at, dropped.reason, dropped.unmatched);
    this.emit('dropped', dropped);
  }

  /** Says a function reloaded (or did not): on the live stream only, as it changes no event's history. */
  reloaded(reload: HandlerReload): void {
    this.emit('reload', reload);
  }

  /** Applies a record read back from the journal at startup (`segment` is where it is). */
  recover(record: JournalRecord, segment: number): void {
    this.apply(record, { segment });
  }

  /** Listens to one kind of activity on the live stream; returns a function that stops listening. */
  on<K extends keyof LocalBusActivity>(
    kind: K,
    listener: (...args: LocalBusActivity[K]) => void,
  ): () => void {
    return this.listen({ [kind]: listener });
  }

  /** Listens to the live stream, one listener per kind; returns a function that stops listening. */
  listen(listeners: ActivityListeners): () => void {
    const entries = Object.entries(listeners) as [string, (...args: unknown[]) => void][];
    for (const [kind, listener] of entries) this.stream.on(kind, listener);
    return () => {
      for (const [kind, listener] of entries) this.stream.off(kind, listener);
    };
  }

  private emit<K extends keyof LocalBusActivity>(kind: K, ...args: LocalBusActivity[K]): void {
    this.stream.emit(kind, ...args);
  }

  /** Changes the bus's state as the record says; an outcome returns its event's accepted record. */
  private apply(record: JournalRecord, ticket: Ticket): AcceptedRecord | undefined {
    const { history, pending, dlq, replays } = this.state;
    switch (record.k) {
      case 'acc':
        history.accepted(record);
        if (record.rules.length > 0) pending.track(record, { segment: ticket.segment });
        return undefined;
      case 'att':
        history.attempt(record);
        return undefined;
      case 'out':
        history.outcome(record);
        return pending.settle(record.seq, record.rule);
      case 'dlq':
        dlq.add(record, ticket);
        return undefined;
      case 'dlq-del':
        dlq.remove(record.queue, record.messageId);
        return undefined;
      case 'replay':
        replays.set(record.name, record);
        return undefined;
      case 'req':
        history.request(record);
        return undefined;
    }
  }
}
