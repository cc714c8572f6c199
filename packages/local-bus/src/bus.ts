import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { DeadLetterQueues } from './dlq';
import { Dispatcher, type Target } from './delivery/dispatcher';
import { type FunctionTarget } from './delivery/function-target';
import { redrivenEvent } from './delivery/input';
import { buildTargets } from './delivery/targets';
import { WorkerPool } from './delivery/worker-pool';
import { AwsProtocolError } from './errors';
import { History } from './history';
import { Journal, type Ticket } from './journal/journal';
import { type AcceptedRecord, type JournalRecord, type ReplayRecord } from './journal/records';
import { resolveOptions, type LocalBusOptions, type ResolvedOptions } from './options';
import { checkEntry, type PutEventsRequestEntry, type PutEventsResultEntry } from './protocol/put-events';
import { RuleBook, type Place } from './rules';

/**
 * The bus without its HTTP front: accepts events (journaled before acknowledging), routes them with the
 * rules, delivers them, and keeps DLQs, history and replays. {@link startLocalBus} puts a server in front.
 */
export class BusCore {
  readonly options: ResolvedOptions;
  readonly place: Place;
  readonly rules: RuleBook;
  readonly history: History;
  readonly dlq: DeadLetterQueues;
  /** `accepted`, `dropped`, `attempt`, `outcome`, `dlq`, `replay`: what the console stream and `paved tail` show. */
  readonly events = new EventEmitter();
  readonly replays = new Map<string, ReplayRecord>();
  readonly dispatcher: Dispatcher;
  readonly startedAt = Date.now();
  private journalRef: Journal | undefined;
  private readonly pool: WorkerPool;
  private functions = new Map<string, FunctionTarget>();
  private readonly targets = new Map<string, Target>();
  private seq = 0;
  private compactTimer: NodeJS.Timeout | undefined;

  private constructor(options: LocalBusOptions) {
    this.options = resolveOptions(options);
    this.place = { region: this.options.region, accountId: this.options.accountId };
    this.rules = new RuleBook(
      this.place,
      ['default', this.options.busName],
      this.options.busName,
      this.options.subscriptions,
    );
    this.history = new History(this.options.historyLimit);
    this.dlq = new DeadLetterQueues(this.rules.rules.values());
    this.events.setMaxListeners(0);
    const memorySizes = this.options.subscriptions.map((s) => s.memorySizeMb);
    this.pool = new WorkerPool({
      size: this.options.workers,
      heapMb: Math.max(this.options.workerMemoryMb, ...memorySizes),
      idleMs: this.options.idleMs,
    });
    this.dispatcher = new Dispatcher({
      place: this.place,
      rules: this.rules.rules,
      targets: this.targets,
      journal: () => this.journal,
      history: this.history,
      dlq: this.dlq,
      events: this.events,
      timeScale: this.options.timeScale,
    });
  }

  /**
   * Bundles every handler, opens the journal and recovers from it, then starts delivering what was accepted
   * and not yet delivered. `endpoint` is where handlers' publishers reach this bus.
   */
  static async open(options: LocalBusOptions, endpoint: () => string): Promise<BusCore> {
    const core = new BusCore(options);
    const built = await buildTargets(core.rules.rules.values(), core.pool, core.options, endpoint);
    for (const [name, target] of built.targets) core.targets.set(name, target);
    core.functions = built.functions;
    core.journalRef = await Journal.open(
      {
        dir: join(core.options.dataDir, 'journal'),
        fsync: core.options.fsync,
        segmentBytes: core.options.segmentBytes,
        retentionMs: core.options.retentionDays * 86_400_000,
        maxBytes: core.options.maxJournalBytes,
        liveRecords: (segment) => [
          ...core.dispatcher.liveRecords(segment),
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
        core.saveReplay({
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

  /** Starts deliveries recovered from the journal; returns how many events were pending. */
  resume(): number {
    return this.dispatcher.startAll();
  }

  /**
   * PutEvents after request-level validation: checks each entry, journals the valid ones durably, answers,
   * then delivers. Results are in entry order.
   */
  async putEvents(
    entries: readonly PutEventsRequestEntry[],
  ): Promise<{ FailedEntryCount: number; Entries: PutEventsResultEntry[] }> {
    const now = Date.now();
    const results: PutEventsResultEntry[] = [];
    const records: AcceptedRecord[] = [];
    let failed = 0;
    for (const entry of entries) {
      const checked = checkEntry(entry, this.place, now);
      if (!checked.ok) {
        failed += 1;
        results.push(checked.value);
        continue;
      }
      const { bus, event } = checked.value;
      if (!this.rules.buses.includes(bus)) {
        if (this.options.unknownBus === 'reject') {
          failed += 1;
          results.push({
            ErrorCode: 'ResourceNotFoundException',
            ErrorMessage: `Event bus ${bus} does not exist.`,
          });
        } else {
          const reason = `Event bus ${bus} does not exist: AWS accepts such an event and drops it, and so does this bus. Check EventBusName (this bus has: ${this.rules.buses.join(', ')}).`;
          this.history.dropped(event.id, bus, event, now, reason);
          this.events.emit('dropped', { event, bus, reason });
          results.push({ EventId: event.id });
        }
        continue;
      }
      const rules = this.rules.match(bus, event);
      records.push({ k: 'acc', seq: ++this.seq, at: now, bus, event, rules, origin: { kind: 'put' } });
      results.push({ EventId: event.id });
    }
    if (records.length > 0) await this.accept(records);
    return { FailedEntryCount: failed, Entries: results };
  }

  /**
   * Journals accepted records durably; resolves once they are (what PutEvents waits for before answering).
   * Delivery starts as soon as they are written, before the fdatasync: a handler's start does not wait for the
   * disk. Nothing acknowledged can be lost that way: a crash before the fdatasync ends means the client got no
   * answer (and sends again), though the handlers may already have run for that event, as they may on AWS
   * when a PutEvents answer is lost.
   */
  async accept(records: AcceptedRecord[], extra: readonly JournalRecord[] = []): Promise<void> {
    await this.journal.appendDurable([...records, ...extra], (ticket) =>
      this.startDelivering(records, ticket),
    );
  }

  private startDelivering(records: readonly AcceptedRecord[], ticket: Ticket): void {
    for (const record of records) {
      this.history.accepted(record);
      this.events.emit('accepted', record);
      if (record.rules.length === 0) continue;
      this.dispatcher.track(record, { segment: ticket.segment });
      this.dispatcher.start(record.seq);
    }
  }

  /** A new delivery instance of an event (replay, redrive): the next sequence number. */
  nextSeq(): number {
    return ++this.seq;
  }

  /**
   * Redrives a DLQ: each message's event is delivered again to the handler of the queue's rule, with fresh
   * retries, and leaves the queue. A failure DLQ's on-failure record gives back what the function was invoked
   * with (the event, or the subscription's transformed input, which is not transformed again: see redrivenEvent).
   */
  async redrive(queue: string, messageIds?: readonly string[]): Promise<number> {
    const kind = this.dlq.kindOf(queue);
    if (!kind) {
      throw new AwsProtocolError(
        'ResourceNotFoundException',
        `Queue ${queue} does not exist. Queues are <handler id>-failure-dlq and <handler id>-delivery-dlq; GET /_paved/dlq lists them.`,
        404,
      );
    }
    const messages = this.dlq.messages(queue).filter((m) => !messageIds || messageIds.includes(m.messageId));
    if (messages.length === 0) return 0;
    const now = Date.now();
    const records: AcceptedRecord[] = messages.map((message) => {
      const event = redrivenEvent(kind, message, this.rules.rules.get(message.rule), this.place);
      return {
        k: 'acc',
        seq: this.nextSeq(),
        at: now,
        bus: message.bus,
        event,
        rules: [message.rule],
        origin: { kind: 'redrive', queue },
      };
    });
    await this.accept(
      records,
      messages.map((m) => ({ k: 'dlq-del', queue, messageId: m.messageId })),
    );
    for (const message of messages) this.dlq.remove(queue, message.messageId);
    return messages.length;
  }

  /** Journals a replay's new state. */
  saveReplay(record: ReplayRecord): void {
    this.replays.set(record.name, record);
    this.journal.append(record);
    this.events.emit('replay', record);
  }

  /** Starts the workers and loads every handler (once the endpoint handlers publish to is known). */
  warm(): void {
    this.pool.warm();
  }

  /** One handler's invocations running and waiting, for `GET /_paved/subscriptions`. */
  invocationStats(rule: string): { running: number; waiting: number; concurrency: number } | undefined {
    return this.functions.get(rule)?.stats();
  }

  /** The shared workers, for `GET /_paved/health`. */
  workerStats(): { workers: number; running: number; isolated: number } {
    return this.pool.stats();
  }

  async close(): Promise<void> {
    clearInterval(this.compactTimer);
    this.dispatcher.close();
    await this.pool.close();
    await this.journalRef?.close();
  }

  private recover(record: JournalRecord, segment: number): void {
    switch (record.k) {
      case 'acc':
        this.seq = Math.max(this.seq, record.seq);
        this.history.accepted(record);
        if (record.rules.length > 0) this.dispatcher.track(record, { segment });
        break;
      case 'att':
        this.history.attempt(record);
        break;
      case 'out':
        this.history.outcome(record);
        this.dispatcher.settle(record.seq, record.rule);
        break;
      case 'dlq':
        this.dlq.add(record, { segment });
        break;
      case 'dlq-del':
        this.dlq.remove(record.queue, record.messageId);
        break;
      case 'replay':
        this.replays.set(record.name, record);
        break;
    }
  }
}
