import { type BusCore } from '../../core/bus-core';
import { archiveArn, busArn } from '../../core/rules';
import { AwsProtocolError } from '../../errors';
import { EVENTS_ARN, notFound, paginate, RequestReader, RULE_NAME, type Operation } from '../request';
import { busOfArn } from './buses';

const ARCHIVE_NAME = { ...RULE_NAME, max: 48 };
const ARCHIVE_STATES = ['ENABLED', 'DISABLED', 'CREATING', 'UPDATING', 'CREATE_FAILED', 'UPDATE_FAILED'];

/** The archive as ListArchives lists it (the model's `Archive`: DescribeArchive adds its ARN and description). */
function archiveView(core: BusCore) {
  const stats = core.journal.stats();
  return {
    ArchiveName: core.archiveName,
    EventSourceArn: busArn(core.place, core.options.busName),
    State: 'ENABLED',
    RetentionDays: core.options.retentionDays,
    SizeBytes: stats.bytes,
    EventCount: stats.events,
    CreationTime: core.startedAt / 1000,
  };
}

/** ListArchives and ListReplays take at most one of their filters, as AWS words it. */
export function oneFilter(operation: string, filters: readonly unknown[]): void {
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
  if (name !== core.archiveName) throw notFound(`Archive ${name} does not exist.`);
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
