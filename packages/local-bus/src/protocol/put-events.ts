import { randomUUID } from 'node:crypto';
import { AwsProtocolError } from '../errors';
import { eventTime, withDetailText, type BusEvent } from '../event';
import { type Place } from '../rules';

/** EventBridge's event size quota, 1 MB since January 2026 (256 KB before). */
export const MAX_ENTRIES_BYTES = 1024 * 1024;
/** PutEvents takes 1 to 10 entries. */
export const MAX_ENTRIES = 10;

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

/** One entry of the answer: an EventId, or why that entry failed. */
export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** An entry that passed validation, ready to route. */
export interface ValidEntry {
  readonly bus: string;
  readonly event: BusEvent;
}

const utf8 = (value: string): number => Buffer.byteLength(value, 'utf8');

/**
 * EventBridge's documented entry size: 14 bytes for Time if given, plus the UTF-8 bytes of Source,
 * DetailType, Detail and each of Resources.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : 14;
  size += utf8(entry.Source ?? '') + utf8(entry.DetailType ?? '') + utf8(entry.Detail ?? '');
  for (const resource of entry.Resources ?? []) size += utf8(resource);
  return size;
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
  if (entries.length < 1 || entries.length > MAX_ENTRIES) {
    const bound = entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES}`;
    throw new AwsProtocolError(
      'ValidationException',
      `1 validation error detected: Value '[${entries.length} entries]' at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  entries.forEach((entry: unknown, index) => checkShape(entry, index));
  const typed = entries as PutEventsRequestEntry[];
  const total = typed.reduce((sum, entry) => sum + entrySize(entry), 0);
  if (total > MAX_ENTRIES_BYTES) {
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
  if (!name) return 'default';
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
): { ok: true; value: ValidEntry } | { ok: false; value: { ErrorCode: string; ErrorMessage: string } } {
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
