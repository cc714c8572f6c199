import { type BusCore } from '../../bus';
import { AwsProtocolError } from '../../errors';
import { type ReplayRecord } from '../../journal/records';
import { describeReplay } from '../../replay';
import { archiveArn, busArn } from '../../rules';
import { EVENTS_ARN, notFound, paginate, RequestReader, RULE_NAME, type Operation } from '../request';
import { busOfArn } from './buses';

const ARCHIVE_NAME = { ...RULE_NAME, max: 48 };
const ARCHIVE_STATES = ['ENABLED', 'DISABLED', 'CREATING', 'UPDATING', 'CREATE_FAILED', 'UPDATE_FAILED'];
const REPLAY_STATES = ['STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED'];

/** The archive of the custom bus: the journal, read back. The default bus has none. */
const archiveName = (core: BusCore): string => `${core.options.busName}-archive`;

/** The archive as ListArchives lists it (the model's `Archive`: DescribeArchive adds its ARN and description). */
function archiveView(core: BusCore) {
  const stats = core.journal.stats();
  return {
    ArchiveName: archiveName(core),
    EventSourceArn: busArn(core.place, core.options.busName),
    State: 'ENABLED',
    RetentionDays: core.options.retentionDays,
    SizeBytes: stats.bytes,
    EventCount: stats.events,
    CreationTime: core.startedAt / 1000,
  };
}

/** ListArchives and ListReplays take at most one of their filters, as AWS words it. */
function oneFilter(operation: string, filters: readonly unknown[]): void {
  if (filters.filter((filter) => filter !== undefined).length > 1)
    throw new AwsProtocolError(
      'ValidationException',
      `At most one filter is allowed for ${operation}. Use either : State, EventSourceArn, or NamePrefix.`,
    );
}

export const describeArchive: Operation = (core, body) => {
  const request = new RequestReader(body);
  const name = request.required('ArchiveName', ARCHIVE_NAME);
  request.check();
  if (name !== archiveName(core)) throw notFound(`Archive ${name} does not exist.`);
  return {
    ...archiveView(core),
    ArchiveArn: archiveArn(core.place, name),
    Description: 'Every event accepted by the local bus: its journal.',
  };
};

export const listArchives: Operation = (core, body) => {
  const request = new RequestReader(body);
  const prefix = request.string('NamePrefix', ARCHIVE_NAME);
  const source = request.string('EventSourceArn', EVENTS_ARN);
  const state = request.string('State', { values: ARCHIVE_STATES });
  const paging = request.paging();
  request.check();
  oneFilter('ListArchives', [prefix, source, state]);
  // An EventSourceArn must name a bus that exists; the default bus exists and has no archive.
  const bus = source === undefined ? undefined : busOfArn(core, source);
  const archives = [archiveView(core)].filter(
    (archive) =>
      archive.ArchiveName.startsWith(prefix ?? '') &&
      (bus === undefined || bus === core.options.busName) &&
      (state === undefined || archive.State === state),
  );
  const { items, next } = paginate(archives, 'ListArchives', body, paging);
  return { Archives: items, ...next };
};

export const describeReplayOperation: Operation = (core, body) => {
  const request = new RequestReader(body);
  const name = request.required('ReplayName', RULE_NAME);
  request.check();
  return describeReplay(core, name);
};

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
