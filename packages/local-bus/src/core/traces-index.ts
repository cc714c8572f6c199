import { METADATA_KEY } from '@paved/events';
import { createHash } from 'node:crypto';
import { type AcceptedRecord } from '../journal/records';
import { type Cause } from './causation';
import { type EventView, type History, type RequestView } from './history';

/** A version-00 W3C `traceparent`, as the runtime writes it into `detail._meta`. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const ZERO_TRACE = '0'.repeat(32);
/** A W3C trace id: what `GET /_paved/traces/<id>` and `paved trace` take. */
export const TRACE_ID = /^[0-9a-f]{32}$/;

/** The `_meta` the runtime writes into an event's detail (see `@paved/events`' envelope). */
export interface EventMeta {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly invocationId?: string;
  readonly traceparent?: string;
}

/** An event's `detail._meta`, its string fields only; `{}` when it has none. */
export function metaOf(view: EventView): EventMeta {
  const detail = view.event.detail as Record<string, unknown> | null;
  const meta = detail !== null && typeof detail === 'object' ? detail[METADATA_KEY] : undefined;
  if (meta === null || typeof meta !== 'object') return {};
  const text = (key: string): string | undefined => {
    const value = (meta as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  };
  const fields = {
    correlationId: text('correlationId'),
    causationId: text('causationId'),
    invocationId: text('invocationId'),
    traceparent: text('traceparent'),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The trace id of a `traceparent`, or undefined when it is not a valid version-00 one (all zeros is invalid). */
export function traceIdOfTraceparent(traceparent: string | undefined): string | undefined {
  const match = TRACEPARENT.exec(traceparent ?? '');
  return match && match[1] !== ZERO_TRACE ? match[1] : undefined;
}

/**
 * The trace id of a causation root that carries no trace context (a client's PutEvents without `_meta`, an upload's
 * S3 event): the first 32 hex digits of the SHA-256 of `<kind>:<id>` (`event:<event id>`, `request:<id>`,
 * `upload:<id>`). Stable, so the same root always names the same trace, and shaped like a W3C trace id.
 */
export function derivedTraceId(root: Cause): string {
  return createHash('sha256').update(`${root.kind}:${root.id}`).digest('hex').slice(0, 32);
}

/** The `trace_id` the runtime's logger writes into each JSON log line, for a request whose events carry none. */
function traceIdInLogs(logs: string | undefined): string | undefined {
  return /"trace_id":"([0-9a-f]{32})"/.exec(logs ?? '')?.[1];
}

/** Something a trace holds at its top level: an event, or the API request or upload that put events on a bus. */
export type TraceMember = { readonly kind: 'event'; readonly view: EventView } | RequestMember;
export type RequestMember = { readonly kind: 'request'; readonly view: RequestView };

const causeKey = (cause: Cause): string => `${cause.kind === 'event' ? 'event' : 'request'}:${cause.id}`;

/**
 * The trace id of each event and request in the bus's history, and the members of each trace. An event's trace is
 * the trace id of its `_meta.traceparent`; an event without one belongs to its cause's trace (the event, request or
 * upload that caused it); a causation root without one gets {@link derivedTraceId}. A request's trace is that of
 * the first event it caused that carries a traceparent, else the `trace_id` its function logged, else derived.
 * One event's trace is found by walking up its causes; the members of every trace ({@link traces}) take one pass
 * over the history, made on first use. Meant for one answer: it caches what it read.
 */
export class TraceIndex {
  private readonly events = new Map<string, EventView | undefined>();
  private readonly requests = new Map<string, RequestView | undefined>();
  private readonly traceIds = new Map<string, string>();
  private byTrace: Map<string, TraceMember[]> | undefined;

  constructor(
    private readonly history: History,
    private readonly limit: number,
  ) {}

  /** An event in the history, with its links. */
  event(id: string): EventView | undefined {
    if (!this.events.has(id)) this.events.set(id, this.history.get(id));
    return this.events.get(id);
  }

  /** An API request or upload in the history. */
  request(id: string): RequestView | undefined {
    if (!this.requests.has(id)) this.requests.set(id, this.history.getRequest(id));
    return this.requests.get(id);
  }

  /** Every trace id with its members, oldest trace (by its latest member) first, members in recorded order. */
  traces(): ReadonlyMap<string, readonly TraceMember[]> {
    if (this.byTrace) return this.byTrace;
    const byTrace = new Map<string, TraceMember[]>();
    const add = (member: TraceMember): void => {
      const traceId = this.resolve(`${member.kind}:${member.view.id}`, new Set())!;
      const members = byTrace.get(traceId) ?? [];
      members.push(member);
      // Re-inserted: the map's order is by each trace's latest member.
      byTrace.delete(traceId);
      byTrace.set(traceId, members);
    };
    // Oldest first, so each trace lists its members in the order they happened.
    const requests = this.history.listRequests(this.limit).reverse();
    const events = this.history.list(this.limit).reverse();
    for (const view of requests) this.requests.set(view.id, view);
    for (const view of events) this.events.set(view.id, view);
    for (const view of requests) add({ kind: 'request', view });
    for (const view of events) add({ kind: 'event', view });
    this.byTrace = byTrace;
    return byTrace;
  }

  members(traceId: string): readonly TraceMember[] {
    return this.traces().get(traceId) ?? [];
  }

  /** The trace an event belongs to, while the history holds it. */
  traceOfEvent(id: string): string | undefined {
    return this.resolve(`event:${id}`, new Set());
  }

  /** The trace id of `event:<id>` or `request:<id>`; `seen` stops a cycle of causes (ids a client chose). */
  private resolve(key: string, seen: Set<string>): string | undefined {
    const known = this.traceIds.get(key);
    if (known) return known;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const [kind, ...rest] = key.split(':');
    const id = rest.join(':');
    let traceId: string | undefined;
    if (kind === 'event') {
      const view = this.event(id);
      if (!view) return undefined;
      traceId = traceIdOfTraceparent(metaOf(view).traceparent);
      if (!traceId && view.causedBy) traceId = this.resolve(causeKey(view.causedBy), seen);
      traceId ??= derivedTraceId(view.causedBy ?? { kind: 'event', id });
    } else {
      const view = this.request(id);
      if (!view) return undefined;
      for (const eventId of view.events) {
        const event = this.event(eventId);
        traceId = event && traceIdOfTraceparent(metaOf(event).traceparent);
        if (traceId) break;
      }
      traceId ??=
        traceIdInLogs(view.logs) ?? derivedTraceId({ kind: view.kind === 'api' ? 'request' : 'upload', id });
    }
    this.traceIds.set(key, traceId);
    return traceId;
  }
}

/**
 * The trace an accepted event belongs to, as the trace view names it, when it is about to be delivered: from the
 * history (which holds it by then), else from the event itself (its traceparent, else derived from its upload or
 * from itself as a causation root). What each invocation on it gets as the Root of its `_X_AMZN_TRACE_ID`.
 */
export function traceIdOfAccepted(history: History, limit: number, accepted: AcceptedRecord): string {
  const { event, origin } = accepted;
  const detail = event.detail as Record<string, unknown> | null;
  const meta = detail !== null && typeof detail === 'object' ? detail[METADATA_KEY] : undefined;
  const traceparent =
    meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>)['traceparent'] : undefined;
  return (
    new TraceIndex(history, limit).traceOfEvent(event.id) ??
    traceIdOfTraceparent(typeof traceparent === 'string' ? traceparent : undefined) ??
    derivedTraceId(
      origin.kind === 'upload' ? { kind: 'upload', id: origin.requestId } : { kind: 'event', id: event.id },
    )
  );
}
