import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandInput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { HANDLER_ENV, splitMetadata } from '@paved/events';
import { apiRequest, fakeContext } from '@paved/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { api } from '../src/api';
import { handler } from '../src/handler';

// Every EventBridgeClient answers from this mock, the one the runtime's publisher creates included.
const eventBridge = mockClient(EventBridgeClient);
const accept = (input: PutEventsCommandInput) => ({
  FailedEntryCount: 0,
  Entries: (input.Entries ?? []).map((_entry, index) => ({ EventId: `event-${index + 1}` })),
});
const savedBus = process.env[HANDLER_ENV.eventBusName];
beforeAll(() => (process.env[HANDLER_ENV.eventBusName] = 'paved'));
beforeEach(() => eventBridge.reset().on(PutEventsCommand).callsFake(accept));
afterAll(() => {
  eventBridge.restore();
  if (savedBus === undefined) delete process.env[HANDLER_ENV.eventBusName];
  else process.env[HANDLER_ENV.eventBusName] = savedBus;
});

/** Every entry put on the bus so far. */
const published = (): PutEventsRequestEntry[] =>
  eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);

/** What the handler answered, its body parsed. */
async function post(body: unknown) {
  const response = await handler(apiRequest(api, { body, requestId: 'request-7' }), fakeContext());
  return {
    status: response.statusCode,
    body: JSON.parse(response.body ?? 'null') as Record<string, unknown>,
  };
}

describe('POST /orders', () => {
  it.each(api.examples.map((example, index) => [index + 1, example]))(
    'announces example %i as OrderCreated and answers 202 with the order and event ids',
    async (_index, example) => {
      const before = Date.now();
      const { status, body } = await post(example);

      expect(status).toBe(202);
      expect(body).toEqual({ orderId: expect.stringMatching(/^o-[0-9a-f-]{36}$/), eventId: 'event-1' });
      const [entry, ...others] = published();
      expect(others).toEqual([]);
      expect(entry).toMatchObject({
        EventBusName: 'paved',
        Source: 'myapp.orders',
        DetailType: 'OrderCreated',
      });
      const { detail, metadata } = splitMetadata(JSON.parse(entry!.Detail!));
      expect(detail).toEqual({
        ...example,
        orderId: body['orderId'],
        totalMinor: 6_000,
        createdAt: expect.any(String),
      });
      const createdAt = Date.parse((detail as { createdAt: string }).createdAt);
      expect(createdAt).toBeGreaterThanOrEqual(before);
      expect(createdAt).toBeLessThanOrEqual(Date.now());
      // Correlated by the request, so the order's whole chain of events can be found from it.
      expect(metadata).toMatchObject({ correlationId: 'request-7', causationId: 'request:request-7' });
    },
  );

  it('gives each order its own id', async () => {
    const first = await post(api.examples[0]);
    const second = await post(api.examples[0]);
    expect(first.body['orderId']).not.toBe(second.body['orderId']);
  });

  it('answers 400 with every issue and its path to an invalid body, publishing nothing', async () => {
    const { status, body } = await post({
      ...api.examples[0],
      email: 'not-an-address',
      lines: [{ sku: 'PEN-FOUNTAIN', quantity: 0, unitPriceMinor: 1_250 }],
    });
    expect(status).toBe(400);
    expect(body['message']).toBe('The request body does not match what POST /orders accepts.');
    expect((body['issues'] as { path: string }[]).map((issue) => issue.path)).toEqual([
      'email',
      'lines.0.quantity',
    ]);
    expect(published()).toEqual([]);
  });

  it('answers 400 to a body that sets what the API fills in (the total), publishing nothing', async () => {
    const { status, body } = await post({ ...api.examples[0], totalMinor: 1 });
    expect(status).toBe(400);
    expect(body['issues']).toEqual([{ path: '', message: expect.stringMatching(/totalMinor/) }]);
    expect(published()).toEqual([]);
  });

  it('answers 400 to malformed JSON, publishing nothing', async () => {
    const { status, body } = await post('{"customerId": "c-1001",');
    expect(status).toBe(400);
    expect(body).toEqual({
      message: 'The request body is not valid JSON.',
      issues: [{ path: '', message: expect.stringMatching(/JSON/) }],
    });
    expect(published()).toEqual([]);
  });

  it('answers 500 without internals when the bus refuses the event', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({
      FailedEntryCount: 1,
      Entries: (input.Entries ?? []).map(() => ({
        ErrorCode: 'AccessDeniedException',
        ErrorMessage: 'denied',
      })),
    }));
    const { status, body } = await post(api.examples[0]);
    expect(status).toBe(500);
    expect(body).toEqual({ message: 'Internal server error', requestId: 'request-7' });
  });
});
