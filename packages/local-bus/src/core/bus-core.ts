import { AWS_DEFAULT_BUS_NAME } from '@paved/events';
import { join } from 'node:path';
import { Dispatcher } from '../delivery/dispatcher';
import { Functions, type Target } from '../delivery/functions';
import { type RunningInvocations } from '../delivery/running';
import { Journal, type JournalHealth } from '../journal/journal';
import {
  type AcceptedRecord,
  type DlqDeleteRecord,
  type JournalRecord,
  type Origin,
  type ReplayRecord,
} from '../journal/records';
import { resolveOptions, type LocalBusOptions, type ResolvedOptions } from '../options';
import { DeadLetterQueues } from './dlq';
import { type BusEvent } from './event';
import { History } from './history';
import { LocalBuckets } from './object-store';
import { PendingDeliveries } from './pending';
import { Recorder } from './recorder';
import { redriveQueue } from './redrive';
import { runReplay, type ReplayRequest } from './replays';
import { RuleBook, type Place } from './rules';
import { traceIdOfAccepted } from './traces-index';
import { describeUnmatched, wouldMatch, type Unmatched } from './unmatched';

/** An event ready to route: valid, and the bus it was put on. */
export interface IncomingEvent {
  readonly bus: string;
  readonly event: BusEvent;
}

/** What became of one incoming event. */
export type AcceptResult =
  /** Journaled and routed (it may have matched no rule: see `GET /_paved/events/<id>`'s `unmatched`). */
  | { readonly status: 'accepted'; readonly id: string }
  /** Put on a bus that does not exist: acknowledged and dropped, as AWS does (`unknownBus: 'accept'`). */
  | { readonly status: 'dropped'; readonly id: string; readonly reason: string }
  /** Put on a bus that does not exist, and refused (`unknownBus: 'reject'`). */
  | { readonly status: 'rejected'; readonly bus: string };

/** What `GET /_paved/health` and {@link LocalBus.stats} report. */
export interface LocalBusStats {
  /** The custom bus the rules live on. */
  readonly bus: string;
  readonly rules: number;
  /** Events accepted and not yet delivered to every rule they matched. */
  readonly pendingEvents: number;
  /** Deliveries running now (including those waiting for a retry). */
  readonly inFlight: number;
  /** Shared worker threads running. */
  readonly workers: number;
  /** Invocations running on them. */
  readonly running: number;
  /** Invocations waiting to run alone, or running alone, to find which one crashed a worker. */
  readonly isolated: number;
  readonly journal: JournalHealth;
}

/**
 * The bus without its HTTP front: accepts events (journaled before acknowledging), routes them with the rules,
 * hands them to delivery, and keeps DLQs, history and replays. Everything that happens is recorded through its
 * {@link Recorder}. It knows nothing of the wire: `protocol/` turns requests into calls here.
 */
export class BusCore {
  readonly options: ResolvedOptions;
  readonly place: Place;
  readonly rules: RuleBook;
  readonly history: History;
  readonly dlq: DeadLetterQueues;
  readonly buckets: LocalBuckets;
  readonly replays = new Map<string, ReplayRecord>();
  readonly recorder: Recorder;
  readonly startedAt = Date.now();
  private readonly pending = new PendingDeliveries();
  private readonly dispatcher: Dispatcher;
  private journalRef: Journal | undefined;
  private functions: Functions | undefined;
  private seq = 0;
  private compactTimer: NodeJS.Timeout | undefined;

  private constructor(options: LocalBusOptions) {
    this.options = resolveOptions(options);
    this.place = { region: this.options.region, accountId: this.options.accountId };
    this.rules = new RuleBook(
      this.place,
      [AWS_DEFAULT_BUS_NAME, this.options.busName],
      this.options.busName,
      this.options.subscriptions,
    );
    this.history = new History(this.options.historyLimit, (record) =>
      this.unmatched(record.bus, record.event),
    );
    this.dlq = new DeadLetterQueues(this.rules.rules.values());
    this.buckets = new LocalBuckets(this.options.buckets, this.place, join(this.options.dataDir, 's3'));
    this.recorder = new Recorder({
      journal: () => this.journal,
      history: this.history,
      pending: this.pending,
      dlq: this.dlq,
      replays: this.replays,
    });
    this.dispatcher = new Dispatcher({
      place: this.place,
      rules: this.rules.rules,
      target: (rule) => this.functions?.target(rule),
      putOnBus: async (bus, event, origin) => void (await this.put(bus, event, origin)),
      record: (record) => this.recorder.record(record),
      timeScale: this.options.timeScale,
      traceIdOf: (accepted) => traceIdOfAccepted(this.history, this.options.historyLimit, accepted),
    });
  }

  /**
   * Bundles every handler, opens the journal and recovers from it. `endpoint` is where handlers' publishers
   * reach this bus. {@link resume} then delivers what was accepted and not yet delivered.
   */
  static async open(options: LocalBusOptions, endpoint: () => string): Promise<BusCore> {
    const core = new BusCore(options);
    core.functions = await Functions.build(core.rules.functionRules(), core.options, endpoint, (reload) =>
      core.recorder.reloaded(reload),
    );
    core.journalRef = await Journal.open(
      {
        dir: join(core.options.dataDir, 'journal'),
        fsync: core.options.fsync,
        segmentBytes: core.options.segmentBytes,
        retentionMs: core.options.retentionDays * 86_400_000,
        maxBytes: core.options.maxJournalBytes,
        liveRecords: (segment) => [
          ...core.pending.liveRecords(segment),
          ...core.dlq.inSegment(segment).map(({ record, ticket }) => ({
            record,
            rehome: (moved: number) => void (ticket.segment = moved),
          })),
          ...[...core.replays.values()].map((record) => ({ record, rehome: () => undefined })),
        ],
      },
      (record, segment) => core.recover(record, segment),
    );
    for (const replay of [...core.replays.values()]) {
      if (replay.state === 'RUNNING' || replay.state === 'STARTING') {
        core.recorder.record({
          ...replay,
          state: 'FAILED',
          stateReason: 'The bus stopped during the replay. Start a new replay for the rest of the window.',
          endedAt: Date.now(),
        });
      }
    }
    core.compactTimer = setInterval(() => void core.journal.compact().catch(() => undefined), 60_000);
    core.compactTimer.unref();
    return core;
  }

  get journal(): Journal {
    return this.journalRef!;
  }

  /** The custom bus's archive: its journal, read back. The default bus has none. */
  get archiveName(): string {
    return `${this.options.busName}-archive`;
  }

  /** Starts deliveries recovered from the journal; returns how many events were pending. */
  resume(): number {
    for (const seq of this.pending.seqs()) this.startDelivering(seq);
    return this.pending.size;
  }

  /**
   * Accepts valid events (PutEvents' entries once the protocol has checked them): journals those on a bus that
   * exists durably, with the rules each matched, and resolves once they are on disk; delivery starts as soon as
   * they are written. Results are in the order of `events`.
   */
  async accept(events: readonly IncomingEvent[], at = Date.now()): Promise<AcceptResult[]> {
    const results: AcceptResult[] = [];
    const records: AcceptedRecord[] = [];
    for (const { bus, event } of events) {
      if (!this.rules.buses.includes(bus)) {
        if (this.options.unknownBus === 'reject') {
          results.push({ status: 'rejected', bus });
        } else {
          const reason = `Event bus ${bus} does not exist: AWS accepts such an event and drops it, and so does this bus. Check EventBusName (this bus has: ${this.rules.buses.join(', ')}).`;
          this.recorder.dropped({ event, bus, reason, at, unmatched: this.unmatched(bus, event) });
          results.push({ status: 'dropped', id: event.id, reason });
        }
        continue;
      }
      const rules = this.rules.match(bus, event);
      records.push({ k: 'acc', seq: this.nextSeq(), at, bus, event, rules, origin: { kind: 'put' } });
      results.push({ status: 'accepted', id: event.id });
    }
    if (records.length > 0) await this.acceptRecords(records);
    return results;
  }

  /**
   * Puts an event the bus makes itself on one of its buses, durably, as PutEvents would: a copy a route forwards
   * (which the target bus's routes do not forward again: one hop, as on AWS), or an uploaded object's S3 event.
   */
  async put(bus: string, event: BusEvent, origin: Origin): Promise<AcceptedRecord> {
    const matched = this.rules.match(bus, event);
    const rules =
      origin.kind === 'forward'
        ? matched.filter((name) => this.rules.rules.get(name)?.kind === 'function')
        : matched;
    const record: AcceptedRecord = {
      k: 'acc',
      seq: this.nextSeq(),
      at: Date.now(),
      bus,
      event,
      rules,
      origin,
    };
    await this.acceptRecords([record]);
    return record;
  }

  /** The functions' invocations running now, by request id (see `core/send-message.ts`). */
  get invocations(): RunningInvocations {
    return this.dispatcher.invocations;
  }

  /** An API's function, to invoke synchronously (see `http/api-gateway.ts`). */
  apiFunction(id: string): Target | undefined {
    return this.functions?.api(id);
  }

  /** Journals accepted records (of PutEvents, a replay or a redrive) durably and starts delivering them. */
  acceptRecords(records: readonly AcceptedRecord[], removed: readonly DlqDeleteRecord[] = []): Promise<void> {
    return this.recorder.accept(
      records,
      (record) => {
        if (record.rules.length > 0) this.startDelivering(record.seq);
      },
      removed,
    );
  }

  /** A new delivery instance of an event (put, replay, redrive): the next sequence number. */
  nextSeq(): number {
    return ++this.seq;
  }

  /** Redrives a DLQ: see {@link redriveQueue}. Resolves to how many messages were redriven. */
  redrive(queue: string, messageIds?: readonly string[]): Promise<number> {
    return redriveQueue(this, queue, messageIds);
  }

  /** Starts a replay (checked by the protocol) in the background: see {@link runReplay}. */
  startReplay(request: ReplayRequest): ReplayRecord {
    return runReplay(this, request);
  }

  /** Starts the workers and loads every handler (once the endpoint handlers publish to is known). */
  warm(): void {
    this.functions?.warm();
  }

  /** One handler's invocations running and waiting, for `GET /_paved/subscriptions`. */
  invocationStats(rule: string): { running: number; waiting: number; concurrency: number } | undefined {
    return this.functions?.invocationStats(rule);
  }

  stats(): LocalBusStats {
    return {
      bus: this.options.busName,
      rules: this.rules.rules.size,
      pendingEvents: this.pending.size,
      ...this.dispatcher.stats(),
      ...this.functions!.stats(),
      journal: this.journal.health(),
    };
  }

  async close(): Promise<void> {
    clearInterval(this.compactTimer);
    this.dispatcher.close();
    await this.functions?.close();
    await this.journalRef?.close();
  }

  /** Delivers a tracked event to every rule it still has to reach, in parallel. */
  private startDelivering(seq: number): void {
    const pending = this.pending.get(seq);
    if (!pending) return;
    for (const rule of pending.remaining) void this.dispatcher.deliver(pending.record, rule);
  }

  /** Where an event that matched nothing on `bus` would have matched, for the history and the terminal. */
  private unmatched(bus: string, event: BusEvent): Unmatched {
    const found = wouldMatch(this.rules, bus, event);
    return { wouldMatch: found, message: describeUnmatched(this.rules, bus, event, found) };
  }

  private recover(record: JournalRecord, segment: number): void {
    if (record.k === 'acc') this.seq = Math.max(this.seq, record.seq);
    this.recorder.recover(record, segment);
  }
}
