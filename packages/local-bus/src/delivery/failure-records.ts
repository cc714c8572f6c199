import { type FunctionError } from '../journal/records';
import { type Place, type Rule } from '../core/rules';

/** Why Lambda gave up on an event: what its on-failure record's `requestContext.condition` says. */
export type FailureCondition = 'RetriesExhausted' | 'EventAgeExceeded';

/**
 * The record Lambda's on-failure destination writes for an asynchronous invocation that failed, in AWS's
 * shape (see "Capturing records of Lambda asynchronous invocations" in the Lambda developer guide).
 */
export interface OnFailureRecord {
  readonly version: '1.0';
  readonly timestamp: string;
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: FailureCondition;
    readonly approximateInvokeCount: number;
  };
  /** What the function was invoked with: the event, or the subscription's transformed input (any JSON). */
  readonly requestPayload: unknown;
  readonly responseContext: {
    readonly statusCode: number;
    readonly executedVersion: string;
    readonly functionError: string;
  };
  readonly responsePayload: FunctionError;
}

export function onFailureRecord(args: {
  rule: Rule;
  place: Place;
  /** The payload the function was invoked with, parsed. */
  requestPayload: unknown;
  requestId: string;
  condition: FailureCondition;
  invokeCount: number;
  error: FunctionError;
  now: number;
}): OnFailureRecord {
  return {
    version: '1.0',
    timestamp: new Date(args.now).toISOString(),
    requestContext: {
      requestId: args.requestId,
      functionArn: `${args.rule.targetArn}:$LATEST`,
      condition: args.condition,
      approximateInvokeCount: args.invokeCount,
    },
    requestPayload: args.requestPayload,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: {
      errorType: args.error.errorType,
      errorMessage: args.error.errorMessage,
      trace: args.error.trace ?? [],
    },
  };
}

/** Why EventBridge gave up delivering: the `EXHAUSTED_RETRY_CONDITION` message attribute. */
export type ExhaustedCondition = 'MaximumRetryAttemptsExhausted' | 'MaximumEventAgeExceeded';

/**
 * The message attributes EventBridge sets on an event it puts in a rule target's dead-letter queue
 * (see "Using dead-letter queues to process undelivered events" in the EventBridge user guide).
 */
export function deliveryDlqAttributes(args: {
  rule: Rule;
  errorCode: string;
  errorMessage: string;
  condition: ExhaustedCondition;
  retryAttempts: number;
}): Record<string, string> {
  return {
    ERROR_CODE: args.errorCode,
    ERROR_MESSAGE: args.errorMessage,
    EXHAUSTED_RETRY_CONDITION: args.condition,
    RETRY_ATTEMPTS: String(args.retryAttempts),
    RULE_ARN: args.rule.arn,
    TARGET_ARN: args.rule.targetArn,
  };
}
