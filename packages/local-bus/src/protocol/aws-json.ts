import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type BusCore } from '../core/bus-core';
import { AwsProtocolError } from '../errors';
import { OPERATIONS } from './operations';
import { handleSqsRequest } from './sqs';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Writes an AWS JSON 1.1 error: `{"__type", "message"}` with the error type also in `x-amzn-ErrorType`. */
export function sendAwsError(res: ServerResponse, error: AwsProtocolError): void {
  const body = JSON.stringify({ __type: error.awsType, message: error.message });
  res.writeHead(error.status, {
    'content-type': CONTENT_TYPE,
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': error.awsType,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Serves one AWS JSON 1.1 request (`X-Amz-Target: AWSEvents.<Operation>`), or hands an SQS one
 * (`AmazonSQS.<Operation>`, JSON 1.0) to `sqs.ts`. Every failure becomes an
 * AWS-shaped error answer; nothing a client sends can throw past here.
 */
export async function handleAwsRequest(
  core: BusCore,
  req: IncomingMessage,
  res: ServerResponse,
  raw: Buffer,
): Promise<void> {
  try {
    const target = String(req.headers['x-amz-target'] ?? '');
    // SQS (JSON 1.0) at the same address: a handler parking a permanent failure in its failure DLQ.
    if (target.startsWith('AmazonSQS.'))
      return await handleSqsRequest(core, target.slice('AmazonSQS.'.length), res, raw);
    const [service, operationName] = target.split('.');
    const operation = service === 'AWSEvents' && operationName ? OPERATIONS[operationName] : undefined;
    if (!operation) {
      throw new AwsProtocolError(
        'UnknownOperationException',
        target
          ? `Operation ${target} is not supported by the local bus.`
          : 'Missing X-Amz-Target header: send AWSEvents.<Operation>.',
      );
    }
    let body: unknown = {};
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (cause) {
        throw new AwsProtocolError(
          'SerializationException',
          `The request body is not valid JSON: ${(cause as Error).message}`,
          400,
          { cause },
        );
      }
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new AwsProtocolError(
        'SerializationException',
        `The request body must be a JSON object, received ${JSON.stringify(body).slice(0, 100)}.`,
      );
    }
    const result = await operation(core, body as Record<string, unknown>);
    const payload = JSON.stringify(result ?? {});
    res.writeHead(200, {
      'content-type': CONTENT_TYPE,
      'x-amzn-requestid': randomUUID(),
      'content-length': Buffer.byteLength(payload),
    });
    res.end(payload);
  } catch (error) {
    sendAwsError(res, toAwsError(error));
  }
}

/** Maps any error to the wire: errors that carry an AWS error type (`code` ending in Exception) keep it. */
export function toAwsError(error: unknown): AwsProtocolError {
  if (error instanceof AwsProtocolError) return error;
  const code = (error as { code?: unknown })?.code;
  const message = (error as Error)?.message ?? String(error);
  if (typeof code === 'string' && /Exception$/.test(code))
    return new AwsProtocolError(code, message, 400, { cause: error });
  return new AwsProtocolError('InternalException', `The local bus failed: ${message}`, 500, { cause: error });
}
