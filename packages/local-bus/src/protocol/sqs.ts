import { createHash, randomUUID } from 'node:crypto';
import { type ServerResponse } from 'node:http';
import { type BusCore } from '../core/bus-core';
import { onFailureRecordRefs, sendToFailureQueue } from '../core/send-message';
import { AwsProtocolError } from '../errors';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** SQS's largest message: 1 MiB (raised from 256 KiB in 2025, with EventBridge's and Lambda's payloads). */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** SQS takes at most 10 message attributes. */
const MAX_ATTRIBUTES = 10;

/**
 * An SQS error in the JSON 1.0 protocol's shape: `{"__type": "<namespace>#<code>", "message"}`, and the
 * query-compatible code in `x-amzn-query-error`, which the AWS SDK reads as the error's `Code`. `code` is the error's
 * name, such as `QueueDoesNotExist`.
 */
export class SqsError extends AwsProtocolError {
  constructor(
    code: string,
    message: string,
    /** The `__type` namespace: SQS's own errors are `com.amazonaws.sqs`. */
    readonly namespace = 'com.amazonaws.sqs',
    /** The query protocol's code, when it differs: `AWS.SimpleQueueService.NonExistentQueue`. */
    readonly queryCode = code,
    status = 400,
  ) {
    super(code, message, status);
  }
}

/**
 * Serves one SQS request in the JSON 1.0 protocol (`X-Amz-Target: AmazonSQS.<Operation>`), as the AWS SDK sends it to
 * the queue URL's origin: `SendMessage` to a handler's own failure DLQ, and nothing else. That is how the runtime parks
 * a permanent failure on the local bus as on AWS (`PAVED_FAILURE_DLQ_URL`, `permanent-failure.ts` of
 * `@paved/runtime`): the message is journaled before the answer, and lands in the queue as Lambda's own on-failure
 * records do. Every failure is answered in SQS's error shape; nothing a client sends can throw past here.
 */
export async function handleSqsRequest(
  core: BusCore,
  operation: string,
  res: ServerResponse,
  raw: Buffer,
): Promise<void> {
  try {
    if (operation !== 'SendMessage') {
      throw new SqsError(
        'UnsupportedOperation',
        `The local bus serves SendMessage only (received AmazonSQS.${operation}): the runtime sends a handler's permanent failures to its own failure DLQ with it. Read and redrive the bus's queues with "paved dlq list" and "paved dlq redrive", GET /_paved/dlq, or the console.`,
        'com.amazonaws.sqs',
        'AWS.SimpleQueueService.UnsupportedOperation',
      );
    }
    const answer = await sendMessage(core, parseBody(raw));
    const payload = JSON.stringify(answer);
    res.writeHead(200, {
      'content-type': CONTENT_TYPE,
      'x-amzn-requestid': randomUUID(),
      'content-length': Buffer.byteLength(payload),
    });
    res.end(payload);
  } catch (error) {
    sendSqsError(
      res,
      error instanceof SqsError
        ? error
        : new SqsError(
            'InternalError',
            `The local bus could not store the message (its journal refused the write): ${(error as Error).message ?? String(error)}. The runtime then throws the failure, so Lambda's retries apply.`,
            'com.amazonaws.sqs',
            'InternalError',
            500,
          ),
    );
  }
}

function sendSqsError(res: ServerResponse, error: SqsError): void {
  const { status } = error;
  const body = JSON.stringify({ __type: `${error.namespace}#${error.code}`, message: error.message });
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'x-amzn-requestid': randomUUID(),
    'x-amzn-query-error': `${error.queryCode};${status < 500 ? 'Sender' : 'Receiver'}`,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function parseBody(raw: Buffer): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8') || '{}');
  } catch (error) {
    throw new SqsError(
      'SerializationException',
      `The request body is not valid JSON: ${(error as Error).message}`,
      'com.amazon.coral.service',
    );
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SqsError(
      'SerializationException',
      `The request body must be a JSON object, received ${JSON.stringify(body).slice(0, 100)}.`,
      'com.amazon.coral.service',
    );
  }
  return body as Record<string, unknown>;
}

/** SendMessage: checks the queue and the message as SQS does, then stores it (see `core/send-message.ts`). */
async function sendMessage(
  core: BusCore,
  body: Record<string, unknown>,
): Promise<{ MessageId: string; MD5OfMessageBody: string; MD5OfMessageAttributes?: string }> {
  const queue = queueOf(core, body['QueueUrl']);
  const message = body['MessageBody'];
  if (typeof message !== 'string' || message === '') {
    throw new SqsError(
      message === undefined || message === null ? 'MissingParameter' : 'InvalidParameterValue',
      `SendMessage needs MessageBody, a string of 1 byte to 1 MiB, received ${JSON.stringify(message ?? null)?.slice(0, 80)}.`,
    );
  }
  if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) {
    throw new SqsError(
      'InvalidParameterValue',
      `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes (MessageBody has ${Buffer.byteLength(message)}).`,
    );
  }
  const attributes = attributesOf(body['MessageAttributes']);
  const running = core.invocations.get(onFailureRecordRefs(message).requestId ?? '');
  if (running && running.rule.failureQueue !== queue) {
    // As the platform's grant: a function's role may send to its own failure DLQ alone.
    throw new SqsError(
      'AccessDeniedException',
      `Function ${running.rule.name} may send only to its own failure DLQ, ${running.rule.failureQueue}, not to ${queue}: the platform grants its role nothing else. Send to the URL in PAVED_FAILURE_DLQ_URL.`,
      'com.amazon.coral.service',
      'AccessDenied',
    );
  }
  const stored = await sendToFailureQueue(core, {
    queue,
    body: message,
    attributes: Object.fromEntries(Object.entries(attributes).map(([name, a]) => [name, a.StringValue])),
  });
  return {
    MessageId: stored.messageId,
    MD5OfMessageBody: createHash('md5').update(message, 'utf8').digest('hex'),
    ...(Object.keys(attributes).length > 0 ? { MD5OfMessageAttributes: attributesMd5(attributes) } : {}),
  };
}

/** The queue a QueueUrl names, if it is one a client may send to: a function rule's failure DLQ on this bus. */
function queueOf(core: BusCore, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new SqsError(
      'MissingParameter',
      `SendMessage needs QueueUrl, such as the handler's PAVED_FAILURE_DLQ_URL (http://127.0.0.1:4010/${core.options.accountId}/<handler id>-failure-dlq), received ${JSON.stringify(value ?? null)}.`,
    );
  }
  let path: string[];
  try {
    path = new URL(value).pathname.split('/').filter(Boolean);
  } catch {
    throw new SqsError(
      'InvalidAddress',
      `QueueUrl ${JSON.stringify(value)} is not a URL: send the handler's PAVED_FAILURE_DLQ_URL (http://<bus>/<account>/<queue>).`,
    );
  }
  const [account, queue, ...rest] = path;
  if (account === core.options.accountId && queue !== undefined && rest.length === 0) {
    if (core.dlq.kindOf(queue) === 'failure') return queue;
    if (core.dlq.kindOf(queue) === 'delivery') {
      throw new SqsError(
        'AccessDeniedException',
        `Queue ${queue} is a rule target's dead-letter queue: only EventBridge puts events there. A handler sends its permanent failures to its own failure DLQ (PAVED_FAILURE_DLQ_URL, <handler id>-failure-dlq).`,
        'com.amazon.coral.service',
        'AccessDenied',
      );
    }
  }
  const queues = core.dlq.failureQueues();
  throw new SqsError(
    'QueueDoesNotExist',
    `The specified queue does not exist: ${value}. The local bus has one queue a handler may send to per handler, its failure DLQ, at http://<bus>/${core.options.accountId}/<queue>: ${queues.join(', ') || 'none (no handlers are loaded)'}.`,
    'com.amazonaws.sqs',
    'AWS.SimpleQueueService.NonExistentQueue',
  );
}

interface Attribute {
  readonly DataType: string;
  readonly StringValue: string;
}

/** MessageAttributes, checked as SQS checks them; String and Number attributes only (the runtime sends Strings). */
function attributesOf(value: unknown): Record<string, Attribute> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new SqsError(
      'InvalidParameterValue',
      `MessageAttributes must be an object of attributes by name, received ${JSON.stringify(value).slice(0, 80)}.`,
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_ATTRIBUTES) {
    throw new SqsError(
      'InvalidParameterValue',
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  }
  const attributes: Record<string, Attribute> = {};
  for (const [name, attribute] of entries) {
    const { DataType, StringValue } = (attribute ?? {}) as Record<string, unknown>;
    if (typeof DataType !== 'string' || !/^(String|Number)(\..+)?$/.test(DataType)) {
      throw new SqsError(
        'InvalidParameterValue',
        `Message attribute ${name} has DataType ${JSON.stringify(DataType ?? null)}: the local bus takes String and Number attributes (the runtime marks permanent failures with String ones).`,
      );
    }
    if (typeof StringValue !== 'string' || StringValue === '') {
      throw new SqsError(
        'InvalidParameterValue',
        `Message attribute ${name} must have a non-empty StringValue, received ${JSON.stringify(StringValue ?? null)}.`,
      );
    }
    attributes[name] = { DataType, StringValue };
  }
  return attributes;
}

/**
 * `MD5OfMessageAttributes` as SQS computes it ("Calculating the MD5 message digest for message attributes" in the SQS
 * developer guide): for each attribute by name in order, the name, the data type (each as a 4-byte big-endian length
 * and UTF-8 bytes), the transport type (1 for a string value), and the value (length and bytes).
 */
export function attributesMd5(attributes: Readonly<Record<string, Attribute>>): string {
  const hash = createHash('md5');
  const field = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name]!;
    field(name);
    field(attribute.DataType);
    hash.update(Buffer.from([1]));
    field(attribute.StringValue);
  }
  return hash.digest('hex');
}
