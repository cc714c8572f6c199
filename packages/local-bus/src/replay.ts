import { type BusCore } from './bus';
import { AwsProtocolError } from './errors';
import { replayOf } from './event';
import { type AcceptedRecord, type ReplayRecord } from './journal/records';
import { archiveArn, busArn, replayArn } from './rules';

type Body = Record<string, unknown>;
const BATCH = 100;

const epochMs = (body: Body, key: string): number => {
  const value = body[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AwsProtocolError(
      'ValidationException',
      `1 validation error detected: Value ${JSON.stringify(value ?? null)} at '${key[0]!.toLowerCase()}${key.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value * 1000;
};

/**
 * StartReplay: re-delivers the archived events whose `time` is in [EventStartTime, EventEndTime) to the
 * destination bus's rules (or those in FilterArns), with `replay-name` set, as AWS does. Runs in the
 * background; DescribeReplay reports its state.
 */
export function startReplay(core: BusCore, body: Body): unknown {
  const name = body['ReplayName'];
  if (typeof name !== 'string' || !/^[.\-_A-Za-z0-9]{1,64}$/.test(name)) {
    throw new AwsProtocolError(
      'ValidationException',
      `Parameter ReplayName is not valid: ${JSON.stringify(name ?? null)}. Use 1-64 letters, digits, dots, dashes or underscores.`,
    );
  }
  if (core.replays.has(name))
    throw new AwsProtocolError('ResourceAlreadyExistsException', `Replay ${name} already exists.`);
  const archive = archiveArn(core.place, `${core.options.busName}-archive`);
  if (body['EventSourceArn'] !== archive) {
    throw new AwsProtocolError(
      'ResourceNotFoundException',
      `Archive ${String(body['EventSourceArn'] ?? null)} does not exist. This bus has one archive: ${archive}.`,
    );
  }
  const from = epochMs(body, 'EventStartTime');
  const to = epochMs(body, 'EventEndTime');
  if (from >= to)
    throw new AwsProtocolError(
      'ValidationException',
      'Parameter EventStartTime is not valid. Reason: EventStartTime must be before EventEndTime.',
    );
  if (to > Date.now() + 1000)
    throw new AwsProtocolError(
      'ValidationException',
      'Parameter EventEndTime is not valid. Reason: EventEndTime cannot be in the future.',
    );
  const destination = body['Destination'] as { Arn?: unknown; FilterArns?: unknown } | undefined;
  const bus = busArn(core.place, core.options.busName);
  if (!destination || destination.Arn !== bus) {
    throw new AwsProtocolError(
      'ValidationException',
      `Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted. Use ${bus}.`,
    );
  }
  const filterArns = Array.isArray(destination.FilterArns) ? destination.FilterArns.map(String) : undefined;
  const record: ReplayRecord = {
    k: 'replay',
    name,
    arn: replayArn(core.place, name),
    archiveArn: archive,
    ...(typeof body['Description'] === 'string' ? { description: body['Description'] } : {}),
    destination: { Arn: bus, ...(filterArns ? { FilterArns: filterArns } : {}) },
    from,
    to,
    state: 'STARTING',
    startedAt: Date.now(),
  };
  core.saveReplay(record);
  setImmediate(() => void run(core, record));
  return { ReplayArn: record.arn, State: record.state, ReplayStartTime: record.startedAt / 1000 };
}

export function describeReplay(core: BusCore, name: string): unknown {
  const r = core.replays.get(name);
  if (!r) throw new AwsProtocolError('ResourceNotFoundException', `Replay ${name} does not exist.`);
  return {
    ReplayName: r.name,
    ReplayArn: r.arn,
    ...(r.description ? { Description: r.description } : {}),
    State: r.state,
    ...(r.stateReason ? { StateReason: r.stateReason } : {}),
    EventSourceArn: r.archiveArn,
    Destination: r.destination,
    EventStartTime: r.from / 1000,
    EventEndTime: r.to / 1000,
    ReplayStartTime: r.startedAt / 1000,
    ...(r.endedAt ? { ReplayEndTime: r.endedAt / 1000 } : {}),
    ...(r.lastReplayedTime ? { EventLastReplayedTime: r.lastReplayedTime / 1000 } : {}),
  };
}

async function run(core: BusCore, start: ReplayRecord): Promise<void> {
  let replay: ReplayRecord = { ...start, state: 'RUNNING' };
  core.saveReplay(replay);
  const bus = core.options.busName;
  const allowed = start.destination.FilterArns ? new Set(start.destination.FilterArns) : undefined;
  const seen = new Set<string>();
  let batch: AcceptedRecord[] = [];
  let replayed = 0;
  let last: number | undefined;
  try {
    for await (const record of core.journal.scan()) {
      if (record.k !== 'acc' || record.origin.kind !== 'put' || record.bus !== bus) continue;
      const time = Date.parse(record.event.time);
      if (time < start.from || time >= start.to || seen.has(record.event.id)) continue;
      // A pending event copied forward by compaction appears twice in the journal: replay it once.
      seen.add(record.event.id);
      const event = replayOf(record.event, start.name);
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
        await core.accept(batch);
        replayed += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) await core.accept(batch);
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
  core.saveReplay(replay);
}
