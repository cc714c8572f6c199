import { createServer, type Server } from 'node:http';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { createPublisher, defineHandler, registerTracing } from '../src';
import { OrderCreated, StockReserved } from './support/contracts';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { captureLogs } from './support/logs';

// No aws-sdk-client-mock here: the client's middleware stack only runs for a real send, so the SDK talks HTTP to a
// fake EventBridge on localhost.
const spans = new InMemorySpanExporter();
registerTracing(spans);

let server: Server;
let endpoint: string;
/** The answer's status per call: 200 accepts every entry, anything else is an AWS error. */
let statuses: number[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const status = statuses.shift() ?? 200;
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      response.setHeader('x-amzn-requestid', `req-${status}`);
      response.statusCode = status;
      const entries = (JSON.parse(body) as { Entries: unknown[] }).Entries;
      response.end(
        status === 200
          ? JSON.stringify({ FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `e-${i}` })) })
          : JSON.stringify({ __type: 'AccessDeniedException', message: 'not allowed' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => server.close());

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
  logs = captureLogs();
  spans.reset();
  statuses = [];
});
afterEach(() => logs.restore());

function handlerPublishingWith(client: EventBridgeClient) {
  const publisher = createPublisher({ client, eventBusName: 'b', maxAttempts: 1 });
  return defineHandler(OrderCreated, (order) =>
    publisher.publish(StockReserved, { orderId: order.orderId, skus: ['SKU-1'] }),
  );
}

const client = () =>
  new EventBridgeClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });

describe('AWS SDK calls as spans', () => {
  it('makes each PutEvents call a CLIENT span, a child of the publish span, with the request id', async () => {
    const handler = handlerPublishingWith(client());
    await handler(
      { ...loadEvent('order-created'), id: 'd0000000-0000-4000-8000-000000000001' },
      fakeContext(),
    );
    const finished = spans.getFinishedSpans();
    const call = finished.find((span) => span.name === 'EventBridge.PutEvents');
    const publish = finished.find((span) => span.name.startsWith('publish '));
    expect(call?.kind).toBe(SpanKind.CLIENT);
    expect(call?.parentSpanContext?.spanId).toBe(publish?.spanContext().spanId);
    expect(call?.attributes).toMatchObject({
      'rpc.system': 'aws-api',
      'rpc.service': 'EventBridge',
      'rpc.method': 'PutEvents',
      'aws.request_id': 'req-200',
    });
  });

  it('marks a failed call with the AWS error', async () => {
    statuses = [400];
    const handler = handlerPublishingWith(client());
    await expect(
      handler({ ...loadEvent('order-created'), id: 'd0000000-0000-4000-8000-000000000002' }, fakeContext()),
    ).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    const call = spans.getFinishedSpans().find((span) => span.name === 'EventBridge.PutEvents');
    expect(call?.status.code).toBe(SpanStatusCode.ERROR);
    expect(call?.status.message).toContain('AccessDeniedException');
    expect(call?.attributes['aws.request_id']).toBe('req-400');
  });
});
