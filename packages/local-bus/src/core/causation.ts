import { METADATA_KEY } from '@paved/events';
import { type AcceptedRecord } from '../journal/records';

/**
 * What led to an event: another event (handled by the function that published it, or matched by a rule that
 * forwarded it here), an API request, or an upload to a local bucket.
 */
export interface Cause {
  readonly kind: 'event' | 'request' | 'upload';
  readonly id: string;
}

/** An accepted event's cause and the invocation (or forwarding attempt) that put it on the bus, if known. */
export interface Causation {
  readonly cause?: Cause;
  /** The `awsRequestId` of the invocation that published it, or the request id of the attempt that forwarded it. */
  readonly invocationId?: string;
}

/**
 * Reads an accepted event's causation. The bus knows it for what it puts itself (a forwarded event: the event its
 * route matched; an uploaded object's S3 event: the upload). For the rest it reads `detail._meta`, where the
 * runtime's publisher writes `causationId` (the handled event's id, `request:<id>` from an API, `upload:<id>`) and
 * `invocationId` (the Lambda request id of the invocation that published). A replay or redrive keeps the event's
 * detail, so it reads the same.
 */
export function causationOf(record: AcceptedRecord): Causation {
  const { origin } = record;
  if (origin.kind === 'forward')
    return { cause: { kind: 'event', id: origin.from.id }, invocationId: origin.requestId };
  if (origin.kind === 'upload') return { cause: { kind: 'upload', id: origin.requestId } };
  const detail = record.event.detail as Record<string, unknown> | null;
  const meta = detail?.[METADATA_KEY] as Record<string, unknown> | null | undefined;
  if (meta === null || typeof meta !== 'object') return {};
  const causationId = typeof meta['causationId'] === 'string' ? meta['causationId'] : undefined;
  const invocationId = typeof meta['invocationId'] === 'string' ? meta['invocationId'] : undefined;
  const prefixed = causationId ? /^(request|upload):(.+)$/.exec(causationId) : null;
  const cause: Cause | undefined = prefixed
    ? { kind: prefixed[1] as 'request' | 'upload', id: prefixed[2]! }
    : causationId
      ? { kind: 'event', id: causationId }
      : undefined;
  return { ...(cause ? { cause } : {}), ...(invocationId ? { invocationId } : {}) };
}

const keyOf = (cause: Cause): string => `${cause.kind}:${cause.id}`;

/**
 * Which events each event, request, upload and invocation caused: the other direction of the links events carry,
 * for `GET /_paved/events/<id>` (`caused`, per delivery) and the request view. In memory, for the events the
 * history holds: an entry goes when its event does.
 */
export class CausalIndex {
  private readonly byCause = new Map<string, string[]>();
  private readonly byInvocation = new Map<string, string[]>();

  add(eventId: string, { cause, invocationId }: Causation): void {
    if (cause) push(this.byCause, keyOf(cause), eventId);
    if (invocationId) push(this.byInvocation, invocationId, eventId);
  }

  /** Forgets an event that leaves the history: as an effect of its cause, and as a cause of others. */
  remove(eventId: string, { cause, invocationId }: Causation, invocations: Iterable<string>): void {
    if (cause) pull(this.byCause, keyOf(cause), eventId);
    if (invocationId) pull(this.byInvocation, invocationId, eventId);
    this.byCause.delete(keyOf({ kind: 'event', id: eventId }));
    for (const requestId of invocations) this.byInvocation.delete(requestId);
  }

  /** Forgets a request or upload that leaves the history. */
  forget(cause: Cause): void {
    this.byCause.delete(keyOf(cause));
  }

  /** The events `cause` led to, in the order they were accepted. */
  causedBy(cause: Cause): readonly string[] {
    return this.byCause.get(keyOf(cause)) ?? [];
  }

  /** The events one invocation (or forwarding attempt) put on a bus. */
  ofInvocation(requestId: string): readonly string[] {
    return this.byInvocation.get(requestId) ?? [];
  }
}

function push(map: Map<string, string[]>, key: string, id: string): void {
  const ids = map.get(key);
  if (!ids) map.set(key, [id]);
  else if (!ids.includes(id)) ids.push(id);
}

function pull(map: Map<string, string[]>, key: string, id: string): void {
  const ids = map.get(key);
  const at = ids?.indexOf(id) ?? -1;
  if (at >= 0) ids!.splice(at, 1);
  if (ids?.length === 0) map.delete(key);
}
