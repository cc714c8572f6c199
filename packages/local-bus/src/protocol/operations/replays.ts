import { type BusCore } from '../../core/bus-core';
import { archiveArn, busArn } from '../../core/rules';
import { AwsProtocolError } from '../../errors';
import { type ReplayRecord } from '../../journal/records';
import {
  EVENTS_ARN,
  notFound,
  paginate,
  RequestReader,
  RULE_NAME,
  type Body,
  type Operation,
} from '../request';
import { oneFilter } from './archives';

const REPLAY_STATES = ['STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED'];

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
 * StartReplay: checks the request as AWS does (one archive, the custom bus's; no cross-bus replay; a window
 * that has ended), then has the core re-deliver the archived events whose `time` is in
 * [EventStartTime, EventEndTime) to the bus's rules (or those in FilterArns). DescribeReplay reports its state.
 */
export const startReplay: Operation = (core, body) => startReplayChecked(core, body, false);

/**
 * `POST /_paved/replays`, the console's and `paved replay --force`'s: StartReplay's members (`ReplayName`,
 * `EventStartTime`, `EventEndTime`, `Description`, `Destination` with `FilterArns`), the archive and destination
 * defaulting to the bus's own, plus paved's `Force` (a boolean): replayed events then carry `paved-rerun:
 * replay:<name>`, so handlers that already handled them run again. StartReplay itself takes no such member (AWS has
 * none; there, a replay is forced by listing its name in a function's PAVED_RERUN_REPLAYS).
 */
export function startPavedReplay(core: BusCore, body: Body): ReturnType<typeof startReplayChecked> {
  const force = body['Force'];
  if (force !== undefined && typeof force !== 'boolean') {
    throw new AwsProtocolError(
      'ValidationException',
      `Parameter Force is not valid: ${JSON.stringify(force)}. Send true to run handlers again on events they already handled, or false (the default).`,
    );
  }
  return startReplayChecked(
    core,
    {
      EventSourceArn: archiveArn(core.place, core.archiveName),
      Destination: { Arn: busArn(core.place, core.options.busName) },
      ...body,
    },
    force === true,
  );
}

function startReplayChecked(
  core: BusCore,
  body: Body,
  force: boolean,
): { ReplayArn: string; State: string; ReplayStartTime: number } {
  const name = body['ReplayName'];
  if (typeof name !== 'string' || !/^[.\-_A-Za-z0-9]{1,64}$/.test(name)) {
    throw new AwsProtocolError(
      'ValidationException',
      `Parameter ReplayName is not valid: ${JSON.stringify(name ?? null)}. Use 1-64 letters, digits, dots, dashes or underscores.`,
    );
  }
  if (core.replays.has(name))
    throw new AwsProtocolError('ResourceAlreadyExistsException', `Replay ${name} already exists.`);
  const archive = archiveArn(core.place, core.archiveName);
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
  const description = body['Description'];
  const record = core.startReplay({
    name,
    ...(typeof description === 'string' ? { description } : {}),
    from,
    to,
    ...(Array.isArray(destination.FilterArns) ? { filterArns: destination.FilterArns.map(String) } : {}),
    ...(force ? { force } : {}),
  });
  return { ReplayArn: record.arn, State: record.state, ReplayStartTime: record.startedAt / 1000 };
}

export const describeReplay: Operation = (core, body) => {
  const request = new RequestReader(body);
  const name = request.required('ReplayName', RULE_NAME);
  request.check();
  const r = core.replays.get(name);
  if (!r) throw notFound(`Replay ${name} does not exist.`);
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
};

/** A replay as ListReplays lists it (the model's `Replay`: DescribeReplay adds its ARN, destination, description). */
const replayView = (r: ReplayRecord) => ({
  ReplayName: r.name,
  EventSourceArn: r.archiveArn,
  State: r.state,
  ...(r.stateReason ? { StateReason: r.stateReason } : {}),
  EventStartTime: r.from / 1000,
  EventEndTime: r.to / 1000,
  ReplayStartTime: r.startedAt / 1000,
  ...(r.endedAt ? { ReplayEndTime: r.endedAt / 1000 } : {}),
  ...(r.lastReplayedTime ? { EventLastReplayedTime: r.lastReplayedTime / 1000 } : {}),
});

export const listReplays: Operation = (core, body) => {
  const request = new RequestReader(body);
  const prefix = request.string('NamePrefix', RULE_NAME);
  const state = request.string('State', { values: REPLAY_STATES });
  const source = request.string('EventSourceArn', EVENTS_ARN);
  const paging = request.paging();
  request.check();
  oneFilter('ListReplays', [prefix, source, state]);
  // Unlike ListArchives, an archive that does not exist is not an error here: it has no replays.
  const replays = [...core.replays.values()].filter(
    (r) =>
      r.name.startsWith(prefix ?? '') &&
      (state === undefined || r.state === state) &&
      (source === undefined || r.archiveArn === source),
  );
  const { items, next } = paginate(replays, 'ListReplays', body, paging);
  return { Replays: items.map(replayView), ...next };
};
