import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { defineSubscription, HANDLER_ENV } from '@paved/events';
import { defineHandler, PermanentError } from '../src';
import { OrderCreated } from './support/contracts';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { captureLogs } from './support/logs';

/**
 * What the local bus must serve for a handler's failure DLQ: the SQS `SendMessage` of the real SDK, as it arrives.
 * This stands in for the bus, so the contract the bus follows is pinned here (see the runtime README).
 */
describe('a permanent failure on the local bus', () => {
  const received: { path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  let server: Server;
  let queueUrl: string;
  const saved = { ...process.env };
  let logs: ReturnType<typeof captureLogs>;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        const body = JSON.parse(text) as Record<string, unknown>;
        received.push({ path: request.url ?? '', headers: request.headers, body });
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(
          JSON.stringify({
            MessageId: 'local-message-1',
            // The SDK checks it: the bus answers the MD5 of the body it was given.
            MD5OfMessageBody: createHash('md5').update(String(body['MessageBody'])).digest('hex'),
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    queueUrl = `http://127.0.0.1:${port}/000000000000/warehouse-reserve-stock-failure-dlq`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    logs = captureLogs();
    Object.assign(process.env, {
      [HANDLER_ENV.failureDlqUrl]: queueUrl,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'paved-local',
      AWS_SECRET_ACCESS_KEY: 'paved-local',
    });
  });
  afterEach(() => {
    logs.restore();
    for (const name of [
      HANDLER_ENV.failureDlqUrl,
      'AWS_REGION',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('is sent with SQS SendMessage (JSON 1.0) to the origin of PAVED_FAILURE_DLQ_URL, and the invocation succeeds', async () => {
    const handler = defineHandler(
      defineSubscription({
        name: 'reserve-stock',
        service: 'warehouse',
        contract: OrderCreated,
        entry: __filename,
        description: 'Reserves stock.',
      }),
      () => {
        throw new PermanentError('Order o-1001 was cancelled.');
      },
    );
    await expect(handler(loadEvent('order-created'), fakeContext())).resolves.toEqual({
      parked: true,
      errorType: 'PermanentError',
      errorCode: 'PERMANENT_FAILURE',
      messageId: 'local-message-1',
    });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.path).toBe('/');
    expect(request!.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request!.body).toEqual({
      QueueUrl: queueUrl,
      MessageBody: expect.any(String),
      MessageAttributes: {
        PAVED_FAILURE: { DataType: 'String', StringValue: 'permanent' },
        PAVED_ERROR_CODE: { DataType: 'String', StringValue: 'PERMANENT_FAILURE' },
      },
    });
    expect(JSON.parse(request!.body['MessageBody'] as string)).toMatchObject({
      version: '1.0',
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 1 },
      requestPayload: loadEvent('order-created'),
      responsePayload: { errorType: 'PermanentError', errorMessage: 'Order o-1001 was cancelled.' },
    });
  });
});
