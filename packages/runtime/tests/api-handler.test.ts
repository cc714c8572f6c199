import { type APIGatewayProxyEventV2 } from 'aws-lambda';
import { defineApiHandler, UnpublishableContractError } from '../src';
import { createOrder } from './support/api';
import { OrderCreated, StockReserved } from './support/contracts';
import { answer, eventBridge, PutEventsCommand, sentCalls } from './support/event-bridge';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { captureLogs } from './support/logs';

/** `POST /orders` as API Gateway hands it to the function, with `body` as the client sent it. */
function request(body?: string, overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  const event = loadEvent('http-api-post-orders') as unknown as APIGatewayProxyEventV2;
  return { ...event, body, ...overrides };
}

const validBody = JSON.stringify({
  customerId: 'c-42',
  items: [{ sku: 'SKU-RED-MUG', quantity: 2 }],
  total: 24,
});

/** What `POST /orders` does in these tests: gives the order an id, announces it, answers 202. */
const handler = defineApiHandler(createOrder, async (order, { publish, logger }) => {
  const orderId = 'o-2001';
  const { eventIds } = await publish(OrderCreated, { orderId, ...order });
  logger.info('order taken', { orderId });
  return { status: 202, body: { orderId, eventId: eventIds[0] } };
});

describe('defineApiHandler', () => {
  let logs: ReturnType<typeof captureLogs>;
  const bus = process.env['PAVED_EVENT_BUS_NAME'];

  beforeEach(() => {
    process.env['PAVED_EVENT_BUS_NAME'] = 'paved';
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).callsFake(answer());
    logs = captureLogs();
  });

  afterEach(() => {
    logs.restore();
    if (bus === undefined) delete process.env['PAVED_EVENT_BUS_NAME'];
    else process.env['PAVED_EVENT_BUS_NAME'] = bus;
  });

  it('publishes what a valid request announces, correlated by the request id, and answers what the function returns', async () => {
    await expect(handler(request(validBody), fakeContext())).resolves.toEqual({
      statusCode: 202,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 'o-2001', eventId: 'evt-o-2001' }),
    });
    const [[entry, ...others] = []] = sentCalls();
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      EventBusName: 'paved',
      Source: 'paved.test.orders',
      DetailType: 'OrderCreated',
    });
    expect(JSON.parse(entry!.Detail!)).toEqual({
      orderId: 'o-2001',
      customerId: 'c-42',
      items: [{ sku: 'SKU-RED-MUG', quantity: 2 }],
      total: 24,
      _meta: {
        correlationId: 'JKJaXmPLvHcESHA=',
        causationId: 'request:JKJaXmPLvHcESHA=',
        invocationId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
        traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
      },
    });
  });

  it('reads a body API Gateway base64-encoded', async () => {
    const encoded = request(Buffer.from(validBody).toString('base64'), { isBase64Encoded: true });
    await expect(handler(encoded, fakeContext())).resolves.toMatchObject({ statusCode: 202 });
  });

  it('answers 400 to malformed JSON, saying so, and publishes nothing', async () => {
    const response = await handler(request('{"customerId": "c-42",'), fakeContext());
    expect(response.statusCode).toBe(400);
    const body = JSON.parse(response.body!) as {
      message: string;
      issues: { path: string; message: string }[];
    };
    expect(body.message).toBe('The request body is not valid JSON.');
    expect(body.issues).toEqual([{ path: '', message: expect.stringMatching(/JSON/) }]);
    expect(sentCalls()).toEqual([]);
  });

  it('answers 400 to a body the schema rejects, naming the path of every issue', async () => {
    const invalid = JSON.stringify({
      customerId: '',
      items: [{ sku: 'SKU-RED-MUG', quantity: 0 }],
      total: 24,
    });
    const response = await handler(request(invalid), fakeContext());
    expect(response).toMatchObject({ statusCode: 400, headers: { 'content-type': 'application/json' } });
    const body = JSON.parse(response.body!) as {
      message: string;
      issues: { path: string; message: string }[];
    };
    expect(body.message).toBe('The request body does not match what POST /orders accepts.');
    expect(body.issues.map((issue) => issue.path)).toEqual(['customerId', 'items.0.quantity']);
    expect(body.issues[1]!.message).toMatch(/>0|greater than 0/);
    expect(sentCalls()).toEqual([]);
    expect(logs.lines().find((line) => line['message'] === 'Request rejected')).toMatchObject({
      level: 'WARN',
      status: 400,
      request_id: 'JKJaXmPLvHcESHA=',
    });
  });

  it('answers 400 to a request without a body, as the schema words it', async () => {
    const response = await handler(request(undefined), fakeContext());
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body!).issues).toEqual([
      { path: '', message: expect.stringMatching(/object/) },
    ]);
  });

  it('answers 500 without internals when the function throws, and logs the error', async () => {
    const failing = defineApiHandler(createOrder, () => {
      throw new Error('connection to db-7.internal:5432 refused');
    });
    const response = await failing(request(validBody), fakeContext());
    expect(response).toEqual({
      statusCode: 500,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Internal server error', requestId: 'JKJaXmPLvHcESHA=' }),
    });
    const failed = logs.lines().find((line) => line['message'] === 'Request failed');
    expect(failed).toMatchObject({ level: 'ERROR', status: 500, route_key: 'POST /orders' });
    expect(JSON.stringify(failed)).toContain('db-7.internal:5432 refused');
  });

  it('answers 500 when publishing fails, as the publisher reports it', async () => {
    eventBridge.on(PutEventsCommand).callsFake(answer(() => 'AccessDeniedException'));
    const response = await handler(request(validBody), fakeContext());
    expect(response.statusCode).toBe(500);
    expect(JSON.stringify(logs.lines())).toContain('PUBLISH_FAILED');
  });

  it('refuses to publish a contract the API does not declare, before sending anything', async () => {
    let refused: unknown;
    const sneaky = defineApiHandler(createOrder, async (_order, { publish }) => {
      try {
        // @ts-expect-error: StockReserved is not in the API's publishes
        await publish(StockReserved, { orderId: 'o-1', skus: ['SKU-1'] });
      } catch (error) {
        refused = error;
      }
      return { status: 204 };
    });
    await expect(sneaky(request(validBody), fakeContext())).resolves.toMatchObject({ statusCode: 204 });
    expect(refused).toBeInstanceOf(UnpublishableContractError);
    expect((refused as UnpublishableContractError).code).toBe('UNPUBLISHABLE_CONTRACT');
    expect((refused as Error).message).toBe(
      "Refusing to publish paved.test.inventory/StockReserved from API orders-create-order: it is not in the API's publishes (paved.test.orders/OrderCreated), so its function may not put it on the bus. Add it to the API's publishes: the platform grants PutEvents for exactly those.",
    );
    expect(sentCalls()).toEqual([]);
  });

  it('answers 200 without a body when the function returns nothing', async () => {
    const quiet = defineApiHandler(createOrder, () => undefined);
    await expect(quiet(request(validBody), fakeContext())).resolves.toEqual({ statusCode: 200, headers: {} });
  });

  it('answers 500 to a status the function should not answer, or to an event that is not payload format 2.0', async () => {
    const wrong = defineApiHandler(createOrder, () => ({ status: 42 }));
    await expect(wrong(request(validBody), fakeContext())).resolves.toMatchObject({ statusCode: 500 });
    const v1 = { ...request(validBody), version: '1.0' } as APIGatewayProxyEventV2;
    await expect(handler(v1, fakeContext())).resolves.toMatchObject({ statusCode: 500 });
    expect(JSON.stringify(logs.lines())).toContain('not an API Gateway HTTP API payload format 2.0 event');
  });

  it('logs each request with its id, route and correlation id, then its status and duration', async () => {
    await handler(request(validBody), fakeContext());
    const lines = logs.lines();
    expect(lines.map((line) => line['message'])).toEqual([
      'Request received',
      'order taken',
      'Request handled',
    ]);
    for (const line of lines) {
      expect(line).toMatchObject({
        service: 'orders',
        request_id: 'JKJaXmPLvHcESHA=',
        route_key: 'POST /orders',
        correlation_id: 'JKJaXmPLvHcESHA=',
        function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      });
    }
    expect(lines[2]).toMatchObject({ status: 202, durationMs: expect.any(Number) });
  });
});
