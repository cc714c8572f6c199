import { type BusEvent } from '../core/event';

/**
 * How an accepted event reached the bus: a client's PutEvents, a replay, a DLQ redrive, a rule on another bus
 * whose target is this bus (`forward`: a new event, `from` the one that rule matched, put by the attempt
 * `requestId`), or an object uploaded to a local bucket (`upload`: the S3 event, `requestId` the upload's).
 */
export type Origin =
  | { readonly kind: 'put' }
  | { readonly kind: 'replay'; readonly name: string }
  | { readonly kind: 'redrive'; readonly queue: string }
  | { readonly kind: 'forward'; readonly from: EventRef; readonly rule: string; readonly requestId: string }
  | { readonly kind: 'upload'; readonly requestId: string };

/** An event on a bus: what links between events point at. */
export interface EventRef {
  readonly bus: string;
  readonly id: string;
}

/** A rule on another bus that an event which matched nothing would have matched. */
export interface RuleRef {
  readonly bus: string;
  readonly rule: string;
}

/** Whether an accepted event is new to the bus (put, forwarded, uploaded): what the archive holds and replays. */
export function isNewEvent(origin: Origin): boolean {
  return origin.kind === 'put' || origin.kind === 'forward' || origin.kind === 'upload';
}

/**
 * An event the bus acknowledged, with the rules it matched. `seq` is unique per delivery instance (a replay
 * or redrive of the same event id gets a new one), so later records refer to it.
 */
export interface AcceptedRecord {
  readonly k: 'acc';
  readonly seq: number;
  /** When the bus accepted it (ms since epoch): event age for retries is measured from here. */
  readonly at: number;
  readonly bus: string;
  readonly event: BusEvent;
  /** Rule names still to deliver to. */
  readonly rules: readonly string[];
  readonly origin: Origin;
}

/** The error a failed invocation returned, in Lambda's shape. */
export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** One attempt to deliver to (kind `deliver`) or run (kind `invoke`) a rule's handler. */
export interface AttemptRecord {
  readonly k: 'att';
  readonly seq: number;
  readonly rule: string;
  /** 1-based count of this kind of attempt. */
  readonly n: number;
  readonly kind: 'deliver' | 'invoke';
  readonly ok: boolean;
  readonly requestId: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly error?: FunctionError;
  /** EventBridge's error code for a delivery that did not reach the function. */
  readonly errorCode?: string;
  readonly logs?: string;
  /**
   * The handler sent the event to its failure DLQ itself during this attempt, as a permanent failure (an invalid
   * event, a `PermanentError`), and returned: no retries follow. See {@link Parked}.
   */
  readonly parked?: Parked;
}

/** A permanent failure a handler parked in its failure DLQ itself (SQS `SendMessage` to the bus). */
export interface Parked {
  readonly queue: string;
  /** The DLQ message's id (what a redrive names). */
  readonly messageId: string;
  /** Its `PAVED_ERROR_CODE` attribute: the error's stable code, such as `INVALID_EVENT`. */
  readonly errorCode: string;
}

/** Final state of one event for one rule. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'undeliverable' | 'dropped';

export interface OutcomeRecord {
  readonly k: 'out';
  readonly seq: number;
  readonly rule: string;
  readonly status: Exclude<DeliveryStatus, 'pending'>;
  readonly at: number;
  /** The DLQ the event went to, for `failed` and `undeliverable`. */
  readonly queue?: string;
  readonly reason?: string;
  /** For `failed`: the handler parked it as a permanent failure, after one attempt and no retries. */
  readonly parked?: Parked;
}

/** A message put on a dead-letter queue. */
export interface DlqRecord {
  readonly k: 'dlq';
  readonly queue: string;
  readonly messageId: string;
  readonly at: number;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly rule: string;
  readonly eventId: string;
  readonly bus: string;
}

/** A DLQ message removed (redriven). */
export interface DlqDeleteRecord {
  readonly k: 'dlq-del';
  readonly queue: string;
  readonly messageId: string;
}

/** A replay's state, as DescribeReplay reports it. */
export interface ReplayRecord {
  readonly k: 'replay';
  readonly name: string;
  readonly arn: string;
  readonly archiveArn: string;
  readonly description?: string;
  readonly destination: { readonly Arn: string; readonly FilterArns?: readonly string[] };
  readonly from: number;
  readonly to: number;
  readonly state: 'STARTING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  readonly stateReason?: string;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly lastReplayedTime?: number;
  readonly replayed?: number;
  /**
   * A forced replay: its events carry `paved-rerun: replay:<name>`, so handlers that already handled them run
   * again. Otherwise a handled event returns its recorded outcome and changes nothing.
   */
  readonly force?: boolean;
}

/**
 * An HTTP request the bus served as a producer: an API route's (`api`: its function ran, and what it answered) or
 * an upload to a local bucket (`upload`). `events` are the ids of the events it put on a bus.
 */
export interface RequestRecord {
  readonly k: 'req';
  /** API Gateway's `requestContext.requestId`, or the S3 request id. */
  readonly id: string;
  readonly kind: 'api' | 'upload';
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly at: number;
  readonly durationMs: number;
  readonly events: readonly string[];
  /** The API's id (`<service>-<name>`), or the bucket (`s3://<bucket>/<key>`). */
  readonly target: string;
  /** The function's invocation (its `awsRequestId`), for an API. */
  readonly invocationId?: string;
  /** Why it failed, when the function did. */
  readonly error?: FunctionError;
  readonly logs?: string;
}

export type JournalRecord =
  AcceptedRecord | AttemptRecord | OutcomeRecord | DlqRecord | DlqDeleteRecord | ReplayRecord | RequestRecord;
