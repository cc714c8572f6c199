import { isNewEvent, type AcceptedRecord, type ReplayRecord } from '../journal/records';
import { type BusCore } from './bus-core';
import { replayOf } from './event';
import { archiveArn, busArn, replayArn } from './rules';

/** A replay to start, as StartReplay asks for it once the protocol has checked it. */
export interface ReplayRequest {
  readonly name: string;
  readonly description?: string;
  /** The window of event times, [from, to), in ms since epoch. */
  readonly from: number;
  readonly to: number;
  /** Only the rules with these ARNs; every rule on the bus when absent. */
  readonly filterArns?: readonly string[];
  /**
   * Run handlers again on events they already handled: each replayed event carries `paved-rerun: replay:<name>`.
   * Without it a handled event returns its recorded outcome, and the replay changes nothing (see the runtime's
   * idempotency). A paved extension: StartReplay has no such member (on AWS, list the name in PAVED_RERUN_REPLAYS).
   * @default false
   */
  readonly force?: boolean;
}

const BATCH = 100;

/**
 * Starts a replay of the custom bus's archive: the archived events whose `time` is in [from, to) are delivered
 * again to the bus's rules (or those in `filterArns`), with `replay-name` set, as AWS does (and `paved-rerun` when
 * forced). Runs in the background; its record (the state DescribeReplay reports) is returned at once, STARTING.
 */
export function runReplay(core: BusCore, request: ReplayRequest): ReplayRecord {
  const bus = core.options.busName;
  const record: ReplayRecord = {
    k: 'replay',
    name: request.name,
    arn: replayArn(core.place, request.name),
    archiveArn: archiveArn(core.place, core.archiveName),
    ...(request.description !== undefined ? { description: request.description } : {}),
    destination: {
      Arn: busArn(core.place, bus),
      ...(request.filterArns ? { FilterArns: request.filterArns } : {}),
    },
    from: request.from,
    to: request.to,
    state: 'STARTING',
    startedAt: Date.now(),
    ...(request.force ? { force: true } : {}),
  };
  core.recorder.record(record);
  setImmediate(() => void run(core, record));
  return record;
}

async function run(core: BusCore, start: ReplayRecord): Promise<void> {
  let replay: ReplayRecord = { ...start, state: 'RUNNING' };
  core.recorder.record(replay);
  const bus = core.options.busName;
  const allowed = start.destination.FilterArns ? new Set(start.destination.FilterArns) : undefined;
  const seen = new Set<string>();
  let batch: AcceptedRecord[] = [];
  let replayed = 0;
  let last: number | undefined;
  try {
    for await (const record of core.journal.scan()) {
      if (record.k !== 'acc' || !isNewEvent(record.origin) || record.bus !== bus) continue;
      const time = Date.parse(record.event.time);
      if (time < start.from || time >= start.to || seen.has(record.event.id)) continue;
      // A pending event copied forward by compaction appears twice in the journal: replay it once.
      seen.add(record.event.id);
      const event = replayOf(record.event, start.name, start.force === true);
      const rules = core.rules
        .match(bus, event)
        .filter((rule) => !allowed || allowed.has(core.rules.rules.get(rule)!.arn));
      if (rules.length === 0) continue;
      batch.push({
        k: 'acc',
        seq: core.nextSeq(),
        at: Date.now(),
        bus,
        event,
        rules,
        origin: { kind: 'replay', name: start.name },
      });
      last = Math.max(last ?? 0, time);
      if (batch.length >= BATCH) {
        await core.acceptRecords(batch);
        replayed += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) await core.acceptRecords(batch);
    replayed += batch.length;
    replay = {
      ...replay,
      state: 'COMPLETED',
      endedAt: Date.now(),
      replayed,
      ...(last ? { lastReplayedTime: last } : {}),
    };
  } catch (error) {
    replay = {
      ...replay,
      state: 'FAILED',
      stateReason: `Replay failed: ${(error as Error).message}`,
      endedAt: Date.now(),
      replayed,
    };
  }
  core.recorder.record(replay);
}
