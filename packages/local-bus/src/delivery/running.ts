import { type FunctionRule } from '../core/rules';
import { type AcceptedRecord, type DlqRecord } from '../journal/records';

/** An invocation of a rule's function that has started and not yet ended. */
export interface RunningInvocation {
  readonly accepted: AcceptedRecord;
  readonly rule: FunctionRule;
  /** What the handler sent to its failure DLQ during this invocation (a permanent failure it parked). */
  parked?: DlqRecord;
}

/**
 * The invocations of rules' functions running now, by request id (the `awsRequestId` their handler is given): so that
 * a handler's own SQS `SendMessage` to its failure DLQ, whose on-failure record names that request id, is told apart
 * as the permanent failure of that attempt, of that event, and the attempt is recorded as parked rather than as a
 * success.
 */
export class RunningInvocations {
  private readonly running = new Map<string, RunningInvocation>();

  start(requestId: string, invocation: Omit<RunningInvocation, 'parked'>): void {
    this.running.set(requestId, { ...invocation });
  }

  /** The invocation running under `requestId`, while it runs. */
  get(requestId: string): RunningInvocation | undefined {
    return this.running.get(requestId);
  }

  /** Ends an invocation; resolves to the message it parked in the failure DLQ, if it did. */
  end(requestId: string): DlqRecord | undefined {
    const invocation = this.running.get(requestId);
    this.running.delete(requestId);
    return invocation?.parked;
  }
}
