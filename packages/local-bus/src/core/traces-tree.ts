import { type AttemptView, type DeliveryView, type EventView, type RequestView } from './history';
import { metaOf, type TraceIndex, type TraceMember } from './traces-index';
import {
  type AttemptNode,
  type DeliveryNode,
  type DlqNode,
  type EventNode,
  type RequestNode,
  type Trace,
  type TraceCounts,
  type TraceNode,
  type TraceOutcome,
} from './traces-model';

/** The worst outcome first: what a parent shows when its children differ. */
const SEVERITY: readonly TraceOutcome[] = [
  'failed',
  'undeliverable',
  'dropped',
  'pending',
  'unmatched',
  'redriven',
  'succeeded',
];
const worst = (outcomes: readonly TraceOutcome[], otherwise: TraceOutcome): TraceOutcome =>
  SEVERITY.find((outcome) => outcomes.includes(outcome)) ?? otherwise;

const lines = (logs: string | undefined): string[] => (logs ?? '').split('\n').filter((line) => line !== '');

/** Ends a node at `end`: a node's timing is its own (a handler's published events may outlive its attempt). */
function finish<T extends TraceNode>(node: Omit<T, 'end' | 'durationMs'> & { end: number }): T {
  return { ...node, durationMs: Math.max(0, node.end - node.start) } as T;
}

/** The latest end in a forest: where a trace ends. */
function endOf(nodes: readonly TraceNode[]): number {
  return Math.max(...nodes.map((node) => Math.max(node.end, endOf(node.children))));
}

/**
 * Builds the tree of one trace from what the bus's history holds: `members` are its events and requests. A member
 * whose cause is in the trace hangs under it: an event under the attempt whose invocation published it (or under the
 * delivery, or the event, request or upload that caused it), a delivery under its event, attempts and DLQ hops
 * under their delivery.
 */
class TreeBuilder {
  private readonly inTrace = new Set<string>();
  private readonly placed = new Set<string>();

  constructor(
    private readonly index: TraceIndex,
    private readonly members: readonly TraceMember[],
  ) {
    for (const member of members) this.inTrace.add(`${member.kind}:${member.view.id}`);
  }

  roots(): TraceNode[] {
    const roots: TraceNode[] = [];
    for (const member of this.members) {
      const parent = member.kind === 'event' ? member.view.causedBy : undefined;
      const parentKey = parent && `${parent.kind === 'event' ? 'event' : 'request'}:${parent.id}`;
      if (parentKey && this.inTrace.has(parentKey)) continue;
      const node = member.kind === 'event' ? this.event(member.view) : this.request(member.view);
      if (node) roots.push(node);
    }
    // Anything not reached from a root (a cycle of causes a client wrote): listed at the top.
    for (const member of this.members)
      if (member.kind === 'event' && !this.placed.has(member.view.id)) {
        const node = this.event(member.view);
        if (node) roots.push(node);
      }
    return roots.sort((a, b) => a.start - b.start);
  }

  private request(view: RequestView): RequestNode {
    const children = this.events(view.events);
    const failed = view.error !== undefined || view.status >= 500;
    return finish<RequestNode>({
      kind: 'request',
      id: `request:${view.id}`,
      name: `${view.method} ${view.path} → ${view.status}`,
      requestKind: view.kind,
      requestId: view.id,
      method: view.method,
      path: view.path,
      status: view.status,
      target: view.target,
      ...(view.invocationId ? { invocationId: view.invocationId } : {}),
      ...(view.error
        ? { error: { errorType: view.error.errorType, errorMessage: view.error.errorMessage } }
        : {}),
      logs: lines(view.logs),
      start: view.at,
      end: view.at + view.durationMs,
      outcome: failed
        ? 'failed'
        : worst(
            children.map((child) => child.outcome),
            'succeeded',
          ),
      children,
    });
  }

  /** The nodes of the events `ids` that are in the trace and not yet placed, in the order they were accepted. */
  private events(ids: readonly string[]): EventNode[] {
    return ids
      .map((id) => this.index.event(id))
      .filter((view): view is EventView => view !== undefined)
      .map((view) => this.event(view))
      .filter((node): node is EventNode => node !== undefined)
      .sort((a, b) => a.start - b.start);
  }

  private event(view: EventView): EventNode | undefined {
    if (!this.inTrace.has(`event:${view.id}`) || this.placed.has(view.id)) return undefined;
    this.placed.add(view.id);
    const meta = metaOf(view);
    const seen = new Map<string, number>();
    const deliveries = view.deliveries.map((delivery) => {
      const n = (seen.get(delivery.rule) ?? 0) + 1;
      seen.set(delivery.rule, n);
      return this.delivery(view, delivery, n);
    });
    // Events it caused other than through a delivery (a script that set its causationId, say).
    const others = this.events(view.caused ?? []);
    const children = [...deliveries, ...others];
    const outcome: TraceOutcome = view.dropped
      ? 'dropped'
      : view.deliveries.length === 0
        ? 'unmatched'
        : worst(this.latestPerRule(deliveries), 'succeeded');
    return finish<EventNode>({
      kind: 'event',
      id: `event:${view.id}`,
      name: `${view.event.source} / ${view.event['detail-type']}`,
      eventId: view.id,
      bus: view.bus,
      source: view.event.source,
      detailType: view.event['detail-type'],
      ...(meta.traceparent ? { traceparent: meta.traceparent } : {}),
      ...(meta.correlationId ? { correlationId: meta.correlationId } : {}),
      ...(meta.causationId ? { causationId: meta.causationId } : {}),
      ...(view.causedBy ? { causedBy: view.causedBy } : {}),
      ...(view.dropped ? { reason: view.dropped } : view.unmatched ? { reason: view.unmatched.message } : {}),
      start: view.acceptedAt,
      // Delivered once its last delivery (replays and redrives included) ended.
      end: Math.max(view.acceptedAt, ...deliveries.map((delivery) => delivery.end)),
      outcome,
      children,
    });
  }

  /** An event's outcome is its rules' latest: a failed delivery that a redrive then delivered counts as delivered. */
  private latestPerRule(deliveries: readonly DeliveryNode[]): TraceOutcome[] {
    const latest = new Map<string, TraceOutcome>();
    for (const delivery of deliveries) latest.set(delivery.rule, delivery.outcome);
    return [...latest.values()];
  }

  private delivery(view: EventView, delivery: DeliveryView, n: number): DeliveryNode {
    const { origin } = delivery;
    const kind = origin.kind === 'replay' ? 'replay' : origin.kind === 'redrive' ? 'redrive' : 'delivery';
    // The events its attempts put on a bus: under the attempt whose invocation published each, else here.
    const caused = this.events(delivery.caused ?? []);
    const byInvocation = new Map<string, EventNode[]>();
    const unplaced: EventNode[] = [];
    const requestIds = new Set(delivery.attempts.map((attempt) => attempt.requestId));
    for (const event of caused) {
      const invocationId = this.invocationOf(event.eventId);
      if (invocationId && requestIds.has(invocationId))
        byInvocation.set(invocationId, [...(byInvocation.get(invocationId) ?? []), event]);
      else unplaced.push(event);
    }
    const attempts = delivery.attempts.map((attempt) =>
      this.attempt(attempt, byInvocation.get(attempt.requestId) ?? []),
    );
    const start = attempts[0]?.start ?? view.acceptedAt;
    const lastEnd = Math.max(start, ...attempts.map((attempt) => attempt.end));
    const dlq: DlqNode[] =
      delivery.queue && (delivery.status === 'failed' || delivery.status === 'undeliverable')
        ? [
            {
              kind: 'dlq',
              id: `dlq:${view.id}/${delivery.rule}#${n}`,
              name: delivery.queue,
              queue: delivery.queue,
              rule: delivery.rule,
              eventId: view.id,
              ...(delivery.reason ? { reason: delivery.reason } : {}),
              start: lastEnd,
              end: lastEnd,
              durationMs: 0,
              outcome: this.redrivenLater(view, delivery) ? 'redriven' : 'failed',
              children: [],
            },
          ]
        : [];
    return finish<DeliveryNode>({
      kind,
      id: `delivery:${view.id}/${delivery.rule}#${n}`,
      name:
        origin.kind === 'replay'
          ? `${delivery.rule} (replay ${origin.name})`
          : origin.kind === 'redrive'
            ? `${delivery.rule} (redrive from ${origin.queue})`
            : delivery.rule,
      rule: delivery.rule,
      eventId: view.id,
      origin,
      ...(delivery.reason ? { reason: delivery.reason } : {}),
      start,
      end: lastEnd,
      outcome: delivery.status,
      children: [...attempts, ...dlq, ...unplaced],
    });
  }

  private attempt(attempt: AttemptView, published: readonly EventNode[]): AttemptNode {
    return finish<AttemptNode>({
      kind: 'attempt',
      id: `attempt:${attempt.requestId}`,
      name: `${attempt.kind} #${attempt.n}`,
      attemptKind: attempt.kind,
      n: attempt.n,
      requestId: attempt.requestId,
      ...(attempt.error
        ? { error: { errorType: attempt.error.errorType, errorMessage: attempt.error.errorMessage } }
        : {}),
      ...(attempt.errorCode ? { errorCode: attempt.errorCode } : {}),
      logs: lines(attempt.logs),
      start: attempt.startedAt,
      end: attempt.startedAt + attempt.durationMs,
      outcome: attempt.ok ? 'succeeded' : 'failed',
      children: published,
    });
  }

  /** The invocation that published an event: the runtime's `_meta.invocationId`. */
  private invocationOf(eventId: string): string | undefined {
    const view = this.index.event(eventId);
    return view && metaOf(view).invocationId;
  }

  /** Whether a later delivery of the same event to the same rule came from a redrive of this delivery's queue. */
  private redrivenLater(view: EventView, delivery: DeliveryView): boolean {
    const at = view.deliveries.indexOf(delivery);
    return view.deliveries
      .slice(at + 1)
      .some(
        (d) => d.rule === delivery.rule && d.origin.kind === 'redrive' && d.origin.queue === delivery.queue,
      );
  }
}

function count(roots: readonly TraceNode[]): TraceCounts {
  const counts = {
    requests: 0,
    events: 0,
    deliveries: 0,
    attempts: 0,
    failedAttempts: 0,
    dlq: 0,
    replays: 0,
    redrives: 0,
  };
  const visit = (node: TraceNode): void => {
    if (node.kind === 'request') counts.requests += 1;
    else if (node.kind === 'event') counts.events += 1;
    else if (node.kind === 'attempt') {
      counts.attempts += 1;
      if (node.outcome === 'failed') counts.failedAttempts += 1;
    } else if (node.kind === 'dlq') counts.dlq += 1;
    else {
      counts.deliveries += 1;
      if (node.kind === 'replay') counts.replays += 1;
      if (node.kind === 'redrive') counts.redrives += 1;
    }
    node.children.forEach(visit);
  };
  roots.forEach(visit);
  return counts;
}

export function traceOf(index: TraceIndex, traceId: string, members: readonly TraceMember[]): Trace {
  const roots = new TreeBuilder(index, members).roots();
  const start = Math.min(...roots.map((root) => root.start));
  const end = endOf(roots);
  const first = roots[0]!;
  const correlationIds = new Set<string>();
  for (const member of members) {
    const id = member.kind === 'event' ? metaOf(member.view).correlationId : undefined;
    if (id) correlationIds.add(id);
  }
  return {
    traceId,
    root: { kind: first.kind === 'request' ? 'request' : 'event', id: idOf(first), name: first.name },
    start,
    end,
    durationMs: Math.max(0, end - start),
    outcome: worst(
      roots.map((root) => root.outcome),
      'succeeded',
    ),
    counts: count(roots),
    correlationIds: [...correlationIds],
    roots,
  };
}

const idOf = (node: TraceNode): string =>
  node.kind === 'request' ? node.requestId : 'eventId' in node ? node.eventId : node.id;
