import { type Origin } from '../journal/records';

// The shape of a trace, as `GET /_paved/traces/<traceId>` answers it (see ./traces.ts).

/**
 * How a node of a trace ended. `unmatched`: an event no rule matched; `dropped`: an event for a bus that does not
 * exist; `redriven`: a DLQ hop whose message a redrive took out again.
 */
export type TraceOutcome =
  'succeeded' | 'failed' | 'pending' | 'undeliverable' | 'dropped' | 'unmatched' | 'redriven';

interface NodeBase {
  /** Unique in its trace. */
  readonly id: string;
  /** What the console and `paved trace` print for it. */
  readonly name: string;
  /**
   * When it started and ended, in ms since epoch: its own timing (an event's runs until its last delivery ended; what
   * a handler published may outlive the attempt that published it).
   */
  readonly start: number;
  readonly end: number;
  readonly durationMs: number;
  readonly outcome: TraceOutcome;
  readonly children: readonly TraceNode[];
}

/** The API request or upload to a local bucket that put the trace's first events on a bus. */
export interface RequestNode extends NodeBase {
  readonly kind: 'request';
  readonly requestKind: 'api' | 'upload';
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The API's id, or `s3://<bucket>/<key>`. */
  readonly target: string;
  readonly invocationId?: string;
  readonly error?: { readonly errorType: string; readonly errorMessage: string };
  readonly logs: readonly string[];
}

/** An event on a bus, with the trace context it carries in `detail._meta`. */
export interface EventNode extends NodeBase {
  readonly kind: 'event';
  readonly eventId: string;
  readonly bus: string;
  readonly source: string;
  readonly detailType: string;
  readonly traceparent?: string;
  readonly correlationId?: string;
  /** `_meta.causationId`: the event id (or `request:<id>`, `upload:<id>`) that caused it. */
  readonly causationId?: string;
  readonly causedBy?: { readonly kind: 'event' | 'request' | 'upload'; readonly id: string };
  /** Why it went nowhere, when it was dropped or matched no rule. */
  readonly reason?: string;
}

/**
 * One event's delivery to one rule's target: `delivery` when the event was put (or forwarded, or uploaded), `replay`
 * and `redrive` for the deliveries a replay of the archive or a DLQ redrive made of it again.
 */
export interface DeliveryNode extends NodeBase {
  readonly kind: 'delivery' | 'replay' | 'redrive';
  readonly rule: string;
  readonly eventId: string;
  readonly origin: Origin;
  readonly reason?: string;
}

/** One attempt to reach (`deliver`) or run (`invoke`) the rule's target, with what the handler logged. */
export interface AttemptNode extends NodeBase {
  readonly kind: 'attempt';
  readonly attemptKind: 'deliver' | 'invoke';
  readonly n: number;
  /** The invocation's `awsRequestId`. */
  readonly requestId: string;
  readonly error?: { readonly errorType: string; readonly errorMessage: string };
  readonly errorCode?: string;
  /** The handler's stdout and stderr during this attempt, one entry a line. */
  readonly logs: readonly string[];
}

/** A delivery's event put on a dead-letter queue (the rule's delivery DLQ or the function's failure DLQ). */
export interface DlqNode extends NodeBase {
  readonly kind: 'dlq';
  readonly queue: string;
  readonly rule: string;
  readonly eventId: string;
  readonly reason?: string;
}

export type TraceNode = RequestNode | EventNode | DeliveryNode | AttemptNode | DlqNode;

/** How many of each kind of node a trace holds. */
export interface TraceCounts {
  readonly requests: number;
  readonly events: number;
  readonly deliveries: number;
  readonly attempts: number;
  readonly failedAttempts: number;
  readonly dlq: number;
  readonly replays: number;
  readonly redrives: number;
}

/** What `GET /_paved/traces` lists for a trace. */
export interface TraceSummary {
  readonly traceId: string;
  /** Its first root: the request, upload or event that started it. */
  readonly root: { readonly kind: 'request' | 'event'; readonly id: string; readonly name: string };
  readonly start: number;
  readonly end: number;
  readonly durationMs: number;
  readonly outcome: TraceOutcome;
  readonly counts: TraceCounts;
  readonly correlationIds: readonly string[];
}

/** What `GET /_paved/traces/<traceId>` answers: the summary and the tree (more than one root when unrelated). */
export interface Trace extends TraceSummary {
  readonly roots: readonly TraceNode[];
}

/** What `GET /_paved/traces` searches by: each given filter must match some event of the trace. */
export interface TraceQuery {
  /** Free text, case-insensitive, in an event's JSON, a request's method, path and target, a log line or an id. */
  readonly q?: string;
  readonly source?: string;
  readonly detailType?: string;
  readonly correlationId?: string;
  readonly limit?: number;
}
