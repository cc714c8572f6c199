---
to: <%- dir %>/tests/handler.test.ts
---
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
import { <%- camelName %>Detail } from '../src/<%- name %>';

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

/** What the handler answers to `body`, its own body parsed. */
async function send(body: unknown) {
  const response = await handler(apiRequest(api, { body<% if (pathParametersCode) { %>, pathParameters: <%- pathParametersCode %><% } %> }), fakeContext());
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') as Record<string, unknown> };
}

describe('<%- route %>', () => {
  it.each(api.examples.map((example, index) => [index + 1, example] as const))(
    'announces example %i as <%- contract.exportName %> and answers 202 with the event id',
    async (_index, example) => {
      await expect(send(example)).resolves.toEqual({ status: 202, body: { eventId: 'event-1' } });
      const [entry, ...others] = published();
      expect(others).toEqual([]);
      expect(entry).toMatchObject({
        EventBusName: 'paved',
        Source: '<%- contract.source %>',
        DetailType: <%- JSON.stringify(contract.detailType) %>,
      });
      const { detail, metadata } = splitMetadata(JSON.parse(entry!.Detail!));
      expect(detail).toEqual(<%- camelName %>Detail(api.request.parse(example)));
      expect(metadata).toMatchObject({ correlationId: 'request-1' });
    },
  );

  it('answers 400 to a body the request schema refuses, naming the path of every issue, and publishes nothing', async () => {
    const { status, body } = await send(<%- invalidBodyJson %>);
    expect(status).toBe(400);
    expect((body['issues'] as { path: string }[]).map((issue) => issue.path)).toEqual(<%- invalidPathsJson %>);
    expect(published()).toEqual([]);
  });

  it('answers 400 to malformed JSON, and publishes nothing', async () => {
    const { status, body } = await send('{"unfinished":');
    expect(status).toBe(400);
    expect(body['message']).toBe('The request body is not valid JSON.');
    expect(published()).toEqual([]);
  });
});
