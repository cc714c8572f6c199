import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { DeadLetterQueues } from './dlq';
import { bundleHandler } from './delivery/bundle';
import { Dispatcher, type Target } from './delivery/dispatcher';
import { HandlerPool } from './delivery/pool';
import { AwsProtocolError } from './errors';
import { History } from './history';
import { Journal } from './journal/journal';
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
  private readonly pools = new Map<string, HandlerPool>();
  private readonly targets = new Map<string, Target>();
  private seq = 0;
  private compactTimer: NodeJS.Timeout | undefined;

  private constructor(options: LocalBusOptions) {
    this.options = resolveOptions(options);
    this.place = { region: this.options.region, accountId: this.options.accountId };
    this.rules = new RuleBook(this.place, ['default', this.options.busName], this.options.busName, this.options.subscriptions);
    this.history = new History(this.options.historyLimit);
    this.dlq = new DeadLetterQueues(this.rules.rules.values());
    this.events.setMaxListeners(0);
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
    await core.buildTargets(endpoint);
    core.journalRef = await Journal.open(
      {
        dir: join(core.options.dataDir, 'journal'),
        fsync: core.options.fsync,
        segmentBytes: core.options.segmentBytes,
        retentionMs: core.options.retentionDays * 86_400_000,
        maxBytes: core.options.maxJournalBytes,
        liveRecords: (segment) => [
          ...core.dispatcher.liveRecords(segment),
          ...core.dlq.inSegment(segment).map(({ record, ticket }) => ({ record, rehome: (moved: number) => void (ticket.segment = moved) })),
          ...[...core.replays.values()].map((record) => ({ record, rehome: () => undefined })),
        ],
      },
      (record, segment) => core.recover(record, segment),
    );
    for (const replay of [...core.replays.values()]) {
      if (replay.state === 'RUNNING' || replay.state === 'STARTING') {
        core.saveReplay({ ...replay, state: 'FAILED', stateReason: 'The bus stopped during the replay. Start a new replay for the rest of the window.', endedAt: Date.now() });
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
  async putEvents(entries: readonly PutEventsRequestEntry[]): Promise<{ FailedEntryCount: number; Entries: PutEventsResultEntry[] }> {
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
          results.push({ ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${bus} does not exist.` });
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

  /** Journals accepted records durably, then hands them to delivery. */
  async accept(records: AcceptedRecord[], extra: readonly JournalRecord[] = []): Promise<void> {
    const ticket = await this.journal.appendDurable([...records, ...extra]);
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
   * Redrives a DLQ: each message's event is delivered again to the handler of the queue's rule (a failure
   * DLQ's on-failure record gives back the original event), with fresh retries, and leaves the queue.
   */
  async redrive(queue: string, messageIds?: readonly string[]): Promise<number> {
    const kind = this.dlq.kindOf(queue);
    if (!kind) {
      throw new AwsProtocolError('ResourceNotFoundException', `Queue ${queue} does not exist. Queues are <handler id>-failure-dlq and <handler id>-delivery-dlq; GET /_paved/dlq lists them.`, 404);
    }
    const messages = this.dlq.messages(queue).filter((m) => !messageIds || messageIds.includes(m.messageId));
    if (messages.length === 0) return 0;
    const now = Date.now();
    const records: AcceptedRecord[] = messages.map((message) => {
      const body = JSON.parse(message.body) as Record<string, unknown>;
      const event = (kind === 'failure' ? body['requestPayload'] : body) as AcceptedRecord['event'];
      return { k: 'acc', seq: this.nextSeq(), at: now, bus: message.bus, event, rules: [message.rule], origin: { kind: 'redrive', queue } };
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

  /** Starts one execution environment per handler (once the endpoint handlers publish to is known). */
  warm(): void {
    for (const pool of this.pools.values()) pool.warm();
  }

  /** Handlers' environments, for `GET /_paved/subscriptions`. */
  poolStats(rule: string): { environments: number; busy: number; queued: number } | undefined {
    return this.pools.get(rule)?.stats();
  }

  async close(): Promise<void> {
    clearInterval(this.compactTimer);
    this.dispatcher.close();
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
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

  private async buildTargets(endpoint: () => string): Promise<void> {
    const { options } = this;
    await Promise.all(
      [...this.rules.rules.values()].map(async (rule) => {
        const { subscription } = rule;
        const bundle = await bundleHandler(subscription.entry);
        if (!bundle.ok) {
          this.targets.set(rule.name, { invoke: async () => ({ kind: 'undeliverable', code: bundle.errorCode, message: bundle.message }) });
          return;
        }
        const pool = new HandlerPool({
          functionName: rule.name,
          entry: subscription.entry,
          exportName: subscription.exportName,
          code: bundle.code,
          timeoutSeconds: subscription.timeoutSeconds,
          memorySizeMb: subscription.memorySizeMb,
          maxConcurrency: subscription.reservedConcurrency || options.maxConcurrency,
          idleMs: options.idleMs,
          region: options.region,
          accountId: options.accountId,
          environment: {
            // Dummy credentials: a local handler never signs requests with a developer's real AWS identity.
            AWS_ACCESS_KEY_ID: 'paved-local',
            AWS_SECRET_ACCESS_KEY: 'paved-local',
            AWS_SESSION_TOKEN: '',
            AWS_REGION: options.region,
            AWS_DEFAULT_REGION: options.region,
            AWS_LAMBDA_FUNCTION_NAME: rule.name,
            AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(subscription.memorySizeMb),
            PAVED_EVENT_BUS_NAME: options.busName,
            get AWS_ENDPOINT_URL_EVENTBRIDGE() {
              return endpoint();
            },
            ...subscription.environment,
          },
        });
        this.pools.set(rule.name, pool);
        this.targets.set(rule.name, pool);
      }),
    );
  }
}

export const newRequestId = (): string => randomUUID();
