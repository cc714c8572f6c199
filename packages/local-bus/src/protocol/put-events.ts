import {
  AWS_DEFAULT_BUS_NAME,
  MAX_PUT_EVENTS_ENTRIES,
  MAX_PUT_EVENTS_ENTRY_BYTES,
  putEventsEntrySize,
} from '@paved/events';
import { randomUUID } from 'node:crypto';
import { type AcceptResult, type IncomingEvent } from '../core/bus-core';
import { eventTime, withDetailText, type BusEvent } from '../core/event';
import { type Place } from '../core/rules';
import { AwsProtocolError } from '../errors';
import { type Operation } from './request';

/** One entry of a PutEvents request, as the wire carries it. */
export interface PutEventsRequestEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly Resources?: readonly string[];
  readonly EventBusName?: string;
  readonly Time?: number;
  readonly TraceHeader?: string;
}

/** An entry of the answer that failed, and why. */
type FailedEntry = { ErrorCode: string; ErrorMessage: string };

/** One entry of the answer: an EventId, or why that entry failed. */
export type PutEventsResultEntry = { EventId: string } | FailedEntry;

/**
 * PutEvents: checks the request as a whole (AWS fails the call for these), then each entry in place; the core
 * accepts the valid ones (journaled durably before this answers), and each entry's answer says what became of
 * it, in entry order, with `FailedEntryCount`.
 */
export const putEvents: Operation = async (core, body) => {
  const entries = validateRequest(body);
  const now = Date.now();
  const checked = entries.map((entry) => checkEntry(entry, core.place, now));
  const valid = checked.flatMap((check) => (check.ok ? [check.value] : []));
  const accepted = (await core.accept(valid, now)).values();
  const results = checked.map((check) => (check.ok ? resultOf(accepted.next().value!) : check.value));
  return {
    FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length,
    Entries: results,
  };
};

/** An accepted or dropped event answers its EventId (AWS drops silently); a rejected one fails its entry. */
function resultOf(result: AcceptResult): PutEventsResultEntry {
  return result.status === 'rejected'
    ? { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${result.bus} does not exist.` }
    : { EventId: result.id };
}

/** Checks the request as a whole: AWS fails the whole call (400) for these. */
export function validateRequest(body: Record<string, unknown>): PutEventsRequestEntry[] {
  const entries = body['Entries'];
  if (entries === undefined || entries === null) {
    throw new AwsProtocolError(
      'ValidationException',
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!Array.isArray(entries)) {
    throw new AwsProtocolError(
      'SerializationException',
      `Entries must be a list of entries, received ${typeof entries}.`,
    );
  }
  if (entries.length < 1 || entries.length > MAX_PUT_EVENTS_ENTRIES) {
    const bound =
      entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_PUT_EVENTS_ENTRIES}`;
    throw new AwsProtocolError(
      'ValidationException',
      `1 validation error detected: Value '[${entries.length} entries]' at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  entries.forEach((entry: unknown, index) => checkShape(entry, index));
  const typed = entries as PutEventsRequestEntry[];
  const total = typed.reduce((sum, entry) => sum + putEventsEntrySize(entry), 0);
  if (total > MAX_PUT_EVENTS_ENTRY_BYTES) {
    throw new AwsProtocolError(
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    );
  }
  return typed;
}

function checkShape(entry: unknown, index: number): void {
  const fail = (what: string): never => {
    throw new AwsProtocolError('SerializationException', `Entries[${index}]${what}`);
  };
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
    fail(` must be an object, received ${JSON.stringify(entry)}.`);
  const e = entry as Record<string, unknown>;
  for (const key of ['Source', 'DetailType', 'Detail', 'EventBusName', 'TraceHeader']) {
    if (e[key] !== undefined && e[key] !== null && typeof e[key] !== 'string')
      fail(`.${key} must be a string, received ${JSON.stringify(e[key])}.`);
  }
  if (e['Time'] !== undefined && e['Time'] !== null && typeof e['Time'] !== 'number') {
    fail(`.Time must be a timestamp in epoch seconds, received ${JSON.stringify(e['Time'])}.`);
  }
  const resources = e['Resources'];
  if (
    resources !== undefined &&
    resources !== null &&
    (!Array.isArray(resources) || resources.some((r) => typeof r !== 'string'))
  ) {
    fail(`.Resources must be a list of strings, received ${JSON.stringify(resources)}.`);
  }
}

/** The bus name an entry targets: a name or an event bus ARN; `default` when absent. */
export function busNameOf(entry: PutEventsRequestEntry): string {
  const name = entry.EventBusName;
  if (!name) return AWS_DEFAULT_BUS_NAME;
  const arn = /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(name);
  return arn ? arn[1]! : name;
}

/**
 * Checks one entry as AWS does, in AWS's order and words, and builds the event when it is valid.
 * Per-entry failures do not fail the request: they come back in its place with FailedEntryCount.
 */
export function checkEntry(
  entry: PutEventsRequestEntry,
  place: Place,
  now: number,
): { ok: true; value: IncomingEvent } | { ok: false; value: FailedEntry } {
  const invalid = (field: string) => ({
    ok: false as const,
    value: {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
    },
  });
  if (!entry.Source) return invalid('Source');
  if (!entry.DetailType) return invalid('DetailType');
  if (!entry.Detail) return invalid('Detail');
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = undefined;
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    return { ok: false, value: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } };
  }
  if (entry.Source.startsWith('aws.')) {
    return {
      ok: false,
      value: { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
    };
  }
  const event: BusEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: place.accountId,
    time: eventTime(entry.Time === undefined || entry.Time === null ? now : entry.Time * 1000),
    region: place.region,
    resources: entry.Resources ?? [],
    detail,
  };
  return { ok: true, value: { bus: busNameOf(entry), event: withDetailText(event, entry.Detail) } };
}
