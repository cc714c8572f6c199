---
to: <%- dir %>/tests/handler.test.ts
---
<% if (publishes.length === 0) { -%>
<%- imports.contracts %>
import { <%- delivery.batch ? 'batchItemFailure, ' : '' %>expectStoredOnce, <%- delivery.batch ? 'fakeContext, ' : '' %>loadSampleEvents, <%- delivery.batch ? `${delivery.kind}BatchOf, ` : '' %>useLocalOutbox } from '@paved/testing';
<% if (delivery.batch) { -%>
import { type Context } from 'aws-lambda';
<% } -%>
import { handler } from '../src/handler';

const outbox = useLocalOutbox();
<% if (delivery.batch) { -%>

/** A batch as Lambda receives it from the <%- delivery.kind %> (`@paved/testing` builds AWS's record shape). */
const batchOf = (events: readonly unknown[]) => <%- delivery.kind %>BatchOf(events, { name: '<%- service %>-<%- name %>' });

/** Delivers `event` alone in a batch, as the <%- delivery.kind %> does. */
const deliver = (event: unknown, context: Context) => handler(batchOf([event]), context);
<% } -%>

describe('<%- name %> handler', () => {
  it.each(loadSampleEvents(<%- contract.exportName %>).valid)('keeps one record of $file, however often it arrives', async ({ event }) => {
    await expect(expectStoredOnce(<%- delivery.batch ? 'deliver' : 'handler' %>, event, outbox, '<%- storeName %>')).resolves.toEqual({
      key: `events/${event.id}.json`,
      stored: { eventId: event.id, detail: event.detail },
    });
  });
<% if (delivery.batch) { -%>

  it('keeps the record of each event of a batch, and reports one that does not match its contract', async () => {
    const { valid, invalid } = loadSampleEvents(<%- contract.exportName %>);
    const batch = batchOf([valid[0]!.event, invalid[0]!.event]);
    // No failure DLQ in a test (PAVED_FAILURE_DLQ_URL unset): the invalid event cannot be parked, so it is reported.
    await expect(handler(batch, fakeContext())).resolves.toEqual({ batchItemFailures: [batchItemFailure(batch, 1)] });
    expect(outbox.list('<%- storeName %>')).toContain(`events/${valid[0]!.event.id}.json`);
  });
<% } -%>
});
<% } else { -%>
import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { HANDLER_ENV, splitMetadata } from '@paved/events';
<%- imports.contracts %>
import { <%- delivery.batch ? 'batchItemFailure, ' : '' %>expectStoredOnce, fakeContext, loadSampleEvents, <%- delivery.batch ? `${delivery.kind}BatchOf, ` : '' %>useLocalOutbox } from '@paved/testing';
<% if (delivery.batch) { -%>
import { type Context } from 'aws-lambda';
<% } -%>
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../src/handler';
import { <%- publishes.map((p) => p.functionName).join(', ') %> } from '../src/<%- name %>';

const samples = loadSampleEvents(<%- contract.exportName %>);
const outbox = useLocalOutbox();
<% if (delivery.batch) { -%>

/** A batch as Lambda receives it from the <%- delivery.kind %> (`@paved/testing` builds AWS's record shape). */
const batchOf = (events: readonly unknown[]) => <%- delivery.kind %>BatchOf(events, { name: '<%- service %>-<%- name %>' });

/** Delivers `event` alone in a batch, as the <%- delivery.kind %> does. */
const deliver = (event: unknown, context: Context) => handler(batchOf([event]), context);
<% } -%>

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
    await expect(expectStoredOnce(<%- delivery.batch ? 'deliver' : 'handler' %>, event, outbox, '<%- storeName %>')).resolves.toEqual({
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
<% if (delivery.batch) { -%>
    await expect(deliver(event, fakeContext())).resolves.toMatchObject({ batchItemFailures: [expect.anything()] });
<% } else { -%>
    await expect(handler(event, fakeContext())).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
<% } -%>
    expect(outbox.list('<%- storeName %>')).toContain(`events/${event.id}.json`);

    eventBridge.reset().on(PutEventsCommand).callsFake(answer()); // accepting again, the refused call forgotten
    await <%- delivery.batch ? 'deliver' : 'handler' %>(event, fakeContext());
    expect(published()).toEqual(announcements(event));
  });
<% if (delivery.batch) { -%>

  it('keeps the record of each event of a batch, and reports one that does not match its contract', async () => {
    const { valid, invalid } = loadSampleEvents(<%- contract.exportName %>);
    const batch = batchOf([valid[0]!.event, invalid[0]!.event]);
    // No failure DLQ in a test (PAVED_FAILURE_DLQ_URL unset): the invalid event cannot be parked, so it is reported.
    await expect(handler(batch, fakeContext())).resolves.toEqual({ batchItemFailures: [batchItemFailure(batch, 1)] });
    expect(outbox.list('<%- storeName %>')).toContain(`events/${valid[0]!.event.id}.json`);
  });
<% } -%>
});
<% } -%>
