import { HANDLER_ENV, PERMANENT_FAILURE_ATTRIBUTES } from '@paved/events';
import { type Context } from 'aws-lambda';
import { traceAwsClient } from './telemetry/aws-sdk';
// Types only: the module itself is imported when a failure is first sent (see sendToFailureDlq).
import type * as SqsModule from './sqs.js';

/** What a handler resolves to for an event it sent to its failure DLQ itself, without Lambda's retries. */
export interface ParkedEvent {
  readonly parked: true;
  /** The error's `name`: the record's `responsePayload.errorType`. */
  readonly errorType: string;
  /** The error's stable `code`: the message's `PAVED_ERROR_CODE` attribute. */
  readonly errorCode: string;
  /** The message id SQS gave the record in the failure DLQ. */
  readonly messageId: string;
}

/**
 * The record Lambda's on-failure destination writes for a failed asynchronous invocation (see "Capturing records of
 * Lambda asynchronous invocations" in the Lambda developer guide), for an invocation that was not retried:
 * `approximateInvokeCount` 1 and `condition` `RetriesExhausted`, an AWS value, so that every reader of Lambda's
 * records reads this one (none were allowed). What marks it as permanent are the message attributes
 * ({@link PERMANENT_FAILURE_ATTRIBUTES}), not the body.
 */
export function onFailureRecord(
  event: unknown,
  error: Error,
  context: Context,
  now: Date = new Date(),
): Record<string, unknown> {
  const arn = context.invokedFunctionArn;
  // An unqualified ARN (7 parts) invoked $LATEST; Lambda's record names the version it ran.
  const functionArn = arn.split(':').length === 7 ? `${arn}:${context.functionVersion}` : arn;
  return {
    version: '1.0',
    timestamp: now.toISOString(),
    requestContext: {
      requestId: context.awsRequestId,
      functionArn,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 1,
    },
    requestPayload: event,
    responseContext: {
      statusCode: 200,
      executedVersion: context.functionVersion,
      functionError: 'Unhandled',
    },
    responsePayload: {
      errorType: error.name,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n').filter((line) => line !== ''),
    },
  };
}

let sqs: { module: typeof SqsModule; client: SqsModule.SQSClient } | undefined;

/**
 * Sends the on-failure record of `event` to the function's own failure DLQ (`PAVED_FAILURE_DLQ_URL`, which the
 * platform sets, and which the function's role may send to as Lambda's destination does), marked permanent, and
 * resolves to what the handler returns; to undefined when no queue is set (a test, a local run without one). Throws
 * when SQS refused it. In both cases the caller throws the failure, so Lambda's own retries and on-failure
 * destination still keep the event.
 */
export async function sendToFailureDlq(
  event: unknown,
  error: Error & { readonly code: string },
  context: Context,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ParkedEvent | undefined> {
  const queueUrl = env[HANDLER_ENV.failureDlqUrl];
  if (!queueUrl) return undefined;
  // Loaded on the first permanent failure only: most invocations never need the SQS client.
  if (!sqs) {
    const module = await import('./sqs.js');
    // On the local bus the queue is the bus's own (http://127.0.0.1:<port>/<account>/<queue>): the client is pointed
    // at it, rather than at AWS's regional endpoint, which it would then replace by the queue's host with a warning.
    const local = env[HANDLER_ENV.local] === '1';
    sqs = {
      module,
      client: traceAwsClient(new module.SQSClient(local ? { endpoint: new URL(queueUrl).origin } : {})),
    };
  }
  const { MessageId } = await sqs.client.send(
    new sqs.module.SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(onFailureRecord(event, error, context)),
      MessageAttributes: {
        [PERMANENT_FAILURE_ATTRIBUTES.failure]: {
          DataType: 'String',
          StringValue: PERMANENT_FAILURE_ATTRIBUTES.permanent,
        },
        [PERMANENT_FAILURE_ATTRIBUTES.errorCode]: { DataType: 'String', StringValue: error.code },
      },
    }),
  );
  return { parked: true, errorType: error.name, errorCode: error.code, messageId: MessageId ?? '' };
}
