import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { defineSubscription, InvalidSubscriptionError } from '@paved/events';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localRules, type EventView, type OnFailureRecord, type QueueView } from '../src';
import { UserSignedUp } from './fixtures/contracts';
import { getJson, startTestBus, waitFor, type TestBus } from './helpers';

const handler = (file: string): string => join(__dirname, 'fixtures', 'handlers', file);

/** One subscription per kind of input, each on the signups whose `name` is its own. */
function inputSubscriptions(outFile: string) {
  const environment = { OUT_FILE: outFile, FAIL_FILE: `${outFile}.fail` };
  const on = (name: string) => ({ ...UserSignedUp.pattern, detail: { name: [name] } });
  const common = {
    service: 'inputs',
    contract: UserSignedUp,
    entry: handler('record-input.ts'),
    environment,
  };
  return [
    defineSubscription({
      ...common,
      name: 'shaped',
      pattern: on('shaped'),
      description: 'Gets a JSON template, made of the event and the predefined variables.',
      retryAttempts: 0,
      input: {
        inputPathsMap: { email: '$.detail.email', type: '$.detail-type' },
        inputTemplate:
          '{"who": {"email": <email>}, "kind": <type>, "rule": <aws.events.rule-name>, "at": <aws.events.event.ingestion-time>}',
      },
    }),
    defineSubscription({
      ...common,
      name: 'detail-only',
      pattern: on('path'),
      description: 'Gets the detail alone.',
      input: { inputPath: '$.detail' },
    }),
    defineSubscription({
      ...common,
      name: 'nothing-there',
      pattern: on('missing'),
      description: 'Selects a path no event has.',
      input: { inputPath: '$.detail.nope' },
    }),
    defineSubscription({
      ...common,
      name: 'sentence',
      pattern: on('sentence'),
      description: 'Gets a string template.',
      input: { inputPathsMap: { email: '$.detail.email' }, inputTemplate: '"Welcome, <email>!"' },
    }),
    defineSubscription({
      ...common,
      name: 'constant',
      pattern: on('constant'),
      description: 'Gets the same constant input for every event.',
      input: { input: '{"action": "tick"}' },
    }),
    defineSubscription({
      ...common,
      name: 'unreachable',
      pattern: on('unreachable'),
      entry: handler('no-export.ts'),
      description: 'Cannot be delivered to.',
      deliveryRetryAttempts: 0,
      input: { inputPath: '$.detail' },
    }),
  ];
}

const signup = (name: string, email = 'a@example.com') => ({
  Source: 'myapp.userservice',
  DetailType: 'user_signup',
  Detail: JSON.stringify({ email, name }),
  EventBusName: 'paved',
});

describe('a subscription input on the local bus', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus((out) => inputSubscriptions(out));
  });
  afterAll(() => t.stop());

  /** What each invocation of `fn` was given, in order. */
  const received = (fn: string): unknown[] =>
    existsSync(t.outFile)
      ? readFileSync(t.outFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { fn: string; payload: unknown })
          .filter((line) => line.fn === fn)
          .map((line) => line.payload)
      : [];
  const put = async (entry: object): Promise<string> => {
    const result = await t.client.send(new PutEventsCommand({ Entries: [entry as never] }));
    expect(result.FailedEntryCount).toBe(0);
    return result.Entries![0]!.EventId!;
  };
  const settled = (id: string) =>
    waitFor(
      async () => {
        const { status, body } = await getJson<EventView>(t.bus, `/_paved/events/${id}`);
        return status === 200 &&
          body.deliveries.length > 0 &&
          body.deliveries.every((d) => d.status !== 'pending')
          ? body
          : undefined;
      },
      8000,
      `event ${id} to settle`,
    );
  const queue = async (name: string) =>
    (await getJson<{ queues: QueueView[] }>(t.bus, '/_paved/dlq')).body.queues.find((q) => q.name === name)!;

  it("shows each subscription's input in GET /_paved/subscriptions", async () => {
    const { body } = await getJson<{ subscriptions: { id: string; input?: unknown }[] }>(
      t.bus,
      '/_paved/subscriptions',
    );
    const inputOf = (id: string) => body.subscriptions.find((s) => s.id === id)!.input;
    expect(inputOf('inputs-detail-only')).toEqual({ inputPath: '$.detail' });
    expect(inputOf('inputs-constant')).toEqual({ input: '{"action": "tick"}' });
    expect(inputOf('inputs-sentence')).toEqual({
      inputPathsMap: { email: '$.detail.email' },
      inputTemplate: '"Welcome, <email>!"',
    });
  });

  it('invokes the handler with what the input transformer makes, not the event', async () => {
    const view = await settled(await put(signup('shaped')));
    expect(view.deliveries.map((d) => [d.rule, d.status])).toEqual([['inputs-shaped', 'succeeded']]);
    expect(received('inputs-shaped')).toEqual([
      {
        who: { email: 'a@example.com' },
        kind: 'user_signup',
        rule: 'inputs-shaped',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
    ]);
  });

  it('invokes it with the part an input path selects, and with constant input', async () => {
    await settled(await put(signup('path')));
    expect(received('inputs-detail-only')).toEqual([{ email: 'a@example.com', name: 'path' }]);
    await settled(await put(signup('constant')));
    expect(received('inputs-constant')).toEqual([{ action: 'tick' }]);
  });

  it("gives a string template's text as a string: Lambda parses the JSON it is invoked with", async () => {
    await settled(await put(signup('sentence', 'b@example.com')));
    expect(received('inputs-sentence')).toEqual(['Welcome, b@example.com!']);
  });

  it('drops the delivery, saying why, when EventBridge would deliver nothing', async () => {
    const view = await settled(await put(signup('missing')));
    expect(view.deliveries).toEqual([
      expect.objectContaining({
        rule: 'inputs-nothing-there',
        status: 'dropped',
        reason: 'InputPath $.detail.nope selects nothing in the event.',
        attempts: [],
      }),
    ]);
    expect(received('inputs-nothing-there')).toEqual([]);
  });

  it('drops a string template that makes text Lambda cannot take as JSON', async () => {
    const view = await settled(await put(signup('sentence', 'say "hi"@example.com')));
    expect(view.deliveries[0]).toMatchObject({ status: 'dropped', attempts: [] });
    expect(view.deliveries[0]!.reason).toContain('"Welcome, say "hi"@example.com!"');
    expect(received('inputs-sentence')).toEqual(['Welcome, b@example.com!']);
  });

  it('puts the event as it came, not the transformed input, in the delivery DLQ', async () => {
    const id = await put(signup('unreachable'));
    expect((await settled(id)).deliveries[0]!.status).toBe('undeliverable');
    const message = (await queue('inputs-unreachable-delivery-dlq')).messages.find((m) => m.eventId === id)!;
    expect(JSON.parse(message.body)).toMatchObject({
      id,
      detail: { email: 'a@example.com', name: 'unreachable' },
    });
  });

  it('records the transformed input as requestPayload, and redrives it as it is, not transformed again', async () => {
    const failFile = `${t.outFile}.fail`;
    writeFileSync(failFile, '');
    const id = await put(signup('shaped', 'c@example.com'));
    expect((await settled(id)).deliveries[0]!.status).toBe('failed');
    const invokedWith = received('inputs-shaped').at(-1);
    expect(invokedWith).toMatchObject({ who: { email: 'c@example.com' } });
    const [message] = (await queue('inputs-shaped-failure-dlq')).messages.filter((m) => m.eventId === id);
    expect((JSON.parse(message!.body) as OnFailureRecord).requestPayload).toEqual(invokedWith);

    rmSync(failFile);
    // A second later, a fresh transform would show another ingestion time.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const response = await fetch(`${t.bus.url}/_paved/dlq/inputs-shaped-failure-dlq/redrive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageIds: [message!.messageId] }),
    });
    expect(await response.json()).toEqual({ redriven: 1 });
    const view = await waitFor(async () => {
      const { body } = await getJson<EventView>(t.bus, `/_paved/events/${id}`);
      const redrive = body.deliveries.find((d) => d.origin.kind === 'redrive');
      return redrive && redrive.status !== 'pending' ? body : undefined;
    });
    expect(view.deliveries.map((d) => [d.origin.kind, d.status])).toEqual([
      ['put', 'failed'],
      ['redrive', 'succeeded'],
    ]);
    expect(received('inputs-shaped').at(-1)).toEqual(invokedWith);
  });

  it("refuses to make a rule of an input PutTargets would refuse, in AWS's words", () => {
    const subscription = defineSubscription({
      ...inputSubscriptions(t.outFile)[0]!,
      input: { inputTemplate: '{"who": <who>}' },
    });
    expect(() => localRules([subscription])).toThrow(InvalidSubscriptionError);
    expect(() => localRules([subscription])).toThrow(
      'Invalid input {"inputTemplate":"{\\"who\\": <who>}"} for handler inputs/shaped: InputTemplate for target Target0 contains invalid placeholder who.',
    );
  });
});
