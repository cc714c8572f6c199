import { type History } from './history';
import { metaOf, TraceIndex, type TraceMember } from './traces-index';
import { type Trace, type TraceQuery, type TraceSummary } from './traces-model';
import { traceOf } from './traces-tree';

export { derivedTraceId, TRACE_ID } from './traces-index';
export {
  type AttemptNode,
  type DeliveryNode,
  type DlqNode,
  type EventNode,
  type RequestNode,
  type Trace,
  type TraceCounts,
  type TraceNode,
  type TraceOutcome,
  type TraceQuery,
  type TraceSummary,
} from './traces-model';

/** Whether a member matches every filter of `query` that is given (`q` anywhere in the trace's members). */
function matches(member: TraceMember, query: TraceQuery, text: string | undefined): boolean {
  if (member.kind === 'request') {
    if (query.source || query.detailType) return false;
    if (query.correlationId && query.correlationId !== member.view.id) return false;
  } else {
    const { event } = member.view;
    if (query.source && event.source !== query.source) return false;
    if (query.detailType && event['detail-type'] !== query.detailType) return false;
    if (query.correlationId && metaOf(member.view).correlationId !== query.correlationId) return false;
  }
  if (!text) return true;
  const haystack =
    member.kind === 'request'
      ? [member.view.id, member.view.method, member.view.path, member.view.target, member.view.logs ?? '']
      : [
          JSON.stringify(member.view.event),
          ...member.view.deliveries.flatMap((d) => [d.rule, ...d.attempts.map((a) => a.logs ?? '')]),
        ];
  return haystack.some((value) => value.toLowerCase().includes(text));
}

/**
 * The traces of what the bus's recent history holds (its last `historyLimit` events and requests): one by its id, a
 * search over them, and an event's trace id. Read from the history on each call, so a trace grows as its chain runs.
 */
export class Traces {
  constructor(
    private readonly history: History,
    private readonly limit: number,
  ) {}

  /** The tree of `traceId`, or undefined when nothing in the history belongs to it. */
  get(traceId: string): Trace | undefined {
    const index = new TraceIndex(this.history, this.limit);
    const members = index.members(traceId);
    return members.length === 0 ? undefined : traceOf(index, traceId, members);
  }

  /** The trace id an event belongs to, while it is in the history. */
  traceIdOfEvent(eventId: string): string | undefined {
    return new TraceIndex(this.history, this.limit).traceOfEvent(eventId);
  }

  /** The traces with a member matching every given filter, newest first, at most `limit` (default 50). */
  search(query: TraceQuery): TraceSummary[] {
    const index = new TraceIndex(this.history, this.limit);
    const text = query.q?.trim().toLowerCase() || undefined;
    const found: TraceSummary[] = [];
    for (const [traceId, members] of [...index.traces()].reverse()) {
      if (found.length >= (query.limit ?? 50)) break;
      const hit =
        (text !== undefined && traceId === text) || members.some((member) => matches(member, query, text));
      if (!hit) continue;
      const { roots: _roots, ...summary } = traceOf(index, traceId, members);
      found.push(summary);
    }
    return found;
  }
}
