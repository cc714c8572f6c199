---
to: <%- dir %>/tests/handler.test.ts
---
<% if (publishes.length === 0) { -%>
<%- imports.contracts %>
import { expectStoredOnce, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';

const outbox = useLocalOutbox();

describe('<%- name %> handler', () => {
  it.each(loadSampleEvents(<%- contract.exportName %>).valid)('keeps one record of $file, however often it arrives', async ({ event }) => {
    await expect(expectStoredOnce(handler, event, outbox, '<%- storeName %>')).resolves.toEqual({
      key: `events/${event.id}.json`,
      stored: { eventId: event.id, detail: event.detail },
    });
  });
});
<% } else { -%>
import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { HANDLER_ENV, splitMetadata } from '@paved/events';
<%- imports.contracts %>
import { expectStoredOnce, fakeContext, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../src/handler';
import { <%- publishes.map((p) => p.functionName).join(', ') %> } from '../src/<%- name %>';

const samples = loadSampleEvents(<%- contract.exportName %>);
const outbox = useLocalOutbox();

// Every EventBridgeClient answers from this mock, the one the runtime's `publish` creates included: each entry is
// accepted, or refused with `errorCode`.
const eventBridge = mockClient(EventBridgeClient);
const answer = (errorCode?: string) => (input: PutEventsCommandInput) => ({
  FailedEntryCount: errorCode === undefined ? 0 : (input.Entries?.length ?? 0),
  Entries: (input.Entries ?? []).map((_entry, index) =>
    errorCode === undefined ? { EventId: `published-${index}` } : { ErrorCode: errorCode, ErrorMessage: errorCode },
  ),
});
const savedBus = process.env[HANDLER_ENV.eventBusName];
beforeAll(() => (process.env[HANDLER_ENV.eventBusName] = 'paved'));
beforeEach(() => eventBridge.reset().on(PutEventsCommand).callsFake(answer()));
afterAll(() => {
  eventBridge.restore();
  if (savedBus === undefined) delete process.env[HANDLER_ENV.eventBusName];
  else process.env[HANDLER_ENV.eventBusName] = savedBus;
});

/** Every entry put on the bus so far, with its detail as sent, the runtime's `_meta` aside. */
const published = () =>
  eventBridge
    .commandCalls(PutEventsCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .map((entry) => ({
      bus: entry.EventBusName,
      source: entry.Source,
      detailType: entry.DetailType,
      detail: splitMetadata(JSON.parse(entry.Detail ?? '{}')).detail,
    }));

/** What the handler publishes for one delivery of `event`. */
const announcements = ({ detail }: (typeof samples.valid)[number]['event']) => [
<% publishes.forEach(function (p) { -%>
  {
    bus: 'paved',
    source: <%- p.exportName %>.source,
    detailType: <%- p.exportName %>.detailType,
    detail: <%- p.functionName %>(detail),
  },
<% }) -%>
];

describe('<%- name %> handler', () => {
  it.each(samples.valid)('keeps one record of $file and publishes, the same each time it runs', async ({ event }) => {
    await expect(expectStoredOnce(handler, event, outbox, '<%- storeName %>')).resolves.toEqual({
      key: `events/${event.id}.json`,
      stored: { eventId: event.id, detail: event.detail },
    });
    // Delivered twice: published once or twice (a repeated delivery may be answered without running the handler),
    // and the same each time.
    const once = announcements(event);
    const sent = published();
    expect(sent.length).toBeGreaterThanOrEqual(once.length);
    expect(sent).toEqual(Array.from({ length: sent.length / once.length }, () => once).flat());
  });

  it('still publishes when the delivery that kept the record failed to publish', async () => {
    const event = { ...samples.get('example-1').event, id: 'evt-retried' }; // a delivery of its own
    eventBridge.on(PutEventsCommand).callsFakeOnce(answer('AccessDeniedException')).callsFake(answer());
    await expect(handler(event, fakeContext())).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    expect(outbox.list('<%- storeName %>')).toContain(`events/${event.id}.json`);

    eventBridge.reset().on(PutEventsCommand).callsFake(answer()); // accepting again, the refused call forgotten
    await handler(event, fakeContext());
    expect(published()).toEqual(announcements(event));
  });
});
<% } -%>
