import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type EventView, type OnFailureRecord, type QueueView } from '../src';
import { fixtureSubscriptions } from './fixtures/subscriptions';
import { deliveries, getJson, startTestBus, waitFor, type TestBus } from './helpers';

const job = (behaviour: string) => ({
  Source: 'test.jobs',
  DetailType: 'job_requested',
  Detail: JSON.stringify({ behaviour }),
  EventBusName: 'paved',
});
const signup = {
  Source: 'myapp.userservice',
  DetailType: 'user_signup',
  Detail: JSON.stringify({ email: 'a@example.com', name: 'A' }),
  EventBusName: 'paved',
};

describe('delivery', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus((out) => Object.values(fixtureSubscriptions(out)));
  });
  afterAll(() => t.stop());

  const put = async (...entries: object[]): Promise<string[]> => {
    const result = await t.client.send(new PutEventsCommand({ Entries: entries as never }));
    expect(result.FailedEntryCount).toBe(0);
    return result.Entries!.map((e) => e.EventId!);
  };
  const settled = (id: string, timeoutMs = 8000) =>
    waitFor(
      async () => {
        const { status, body } = await getJson<EventView>(t.bus, `/_paved/events/${id}`);
        return status === 200 &&
          body.deliveries.length > 0 &&
          body.deliveries.every((d) => d.status !== 'pending')
          ? body
          : undefined;
      },
      timeoutMs,
      `event ${id} to settle`,
    );
  const queue = async (name: string) =>
    (await getJson<{ queues: QueueView[] }>(t.bus, '/_paved/dlq')).body.queues.find((q) => q.name === name)!;

  it('routes an event to every handler whose rule matches, and only those', async () => {
    const [id] = await put(signup);
    const view = await settled(id!);
    expect(view.rules.sort()).toEqual(['audit-audit-signup', 'identity-send-welcome', 'mailer-announce']);
    expect(view.deliveries.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const mine = deliveries(t.outFile).filter((d) => d.id === id);
    expect(mine.map((d) => d.fn).sort()).toEqual(['audit-audit-signup', 'identity-send-welcome']);
    expect(view.deliveries.find((d) => d.rule === 'identity-send-welcome')!.attempts[0]!.logs).toContain(
      `recording ${id}`,
    );
  });

  it('delivers to a handler that publishes, through the SDK configured only by environment', async () => {
    const before = deliveries(t.outFile).filter((d) => d.fn === 'mailer-on-welcome-sent').length;
    await put(signup);
    await waitFor(
      () => deliveries(t.outFile).filter((d) => d.fn === 'mailer-on-welcome-sent').length > before,
      8000,
      'welcome_sent',
    );
  });

  it('runs the handlers of one event in parallel', async () => {
    const [id] = await put(job('slow'));
    const view = await settled(id!);
    const starts = view.deliveries.map((d) => d.attempts[0]!.startedAt);
    expect(view.deliveries).toHaveLength(3);
    // Three 400 ms handlers started within 300 ms of each other: none waited for another.
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(300);
  });

  it('retries a handler that throws, then writes Lambda on-failure record to its failure DLQ', async () => {
    const [id] = await put(job('throw'));
    const view = await settled(id!);
    const delivery = view.deliveries.find((d) => d.rule === 'jobs-misbehave')!;
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts.map((a) => [a.kind, a.n, a.ok])).toEqual([
      ['invoke', 1, false],
      ['invoke', 2, false],
      ['invoke', 3, false],
    ]);
    const message = (await queue('jobs-misbehave-failure-dlq')).messages.find((m) => m.eventId === id)!;
    const record = JSON.parse(message.body) as OnFailureRecord;
    expect(record).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestContext: {
        requestId: expect.any(String),
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:jobs-misbehave:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: view.event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: {
        errorType: 'TypeError',
        errorMessage: 'boom: the handler failed',
        trace: expect.arrayContaining([expect.stringContaining('misbehave.ts')]),
      },
    });
  });

  it('times out a handler that never returns, and one that spins, by stopping its environment', async () => {
    const [hang, spin] = await put(job('hang'), job('spin'));
    for (const id of [hang!, spin!]) {
      const delivery = (await settled(id, 10_000)).deliveries.find((d) => d.rule === 'jobs-misbehave')!;
      expect(delivery.status).toBe('failed');
      expect(delivery.attempts).toHaveLength(3);
      expect(delivery.attempts[0]!.error).toEqual({
        errorType: 'Sandbox.Timedout',
        errorMessage: expect.stringContaining('Task timed out after 1.00 seconds'),
      });
    }
  }, 15_000);

  it('survives a handler that exits the process or throws from a timer, and keeps delivering', async () => {
    const [exit, uncaught] = await put(job('exit'), job('uncaught'));
    const exited = (await settled(exit!)).deliveries.find((d) => d.rule === 'jobs-misbehave')!;
    expect(exited.attempts[0]!.error).toMatchObject({
      errorType: 'Runtime.ExitError',
      errorMessage: expect.stringContaining('exit status 3'),
    });
    const crashed = (await settled(uncaught!)).deliveries.find((d) => d.rule === 'jobs-misbehave')!;
    expect(crashed.attempts[0]!.error).toMatchObject({
      errorType: 'RangeError',
      errorMessage: 'thrown from a timer',
    });
    const [after] = await put(job('ok'));
    expect((await settled(after!)).deliveries[0]!.status).toBe('succeeded');
  });

  it('sends an event it cannot deliver (no such export) to the target DLQ with EventBridge attributes', async () => {
    const [id] = await put(job('no-export'));
    const delivery = (await settled(id!)).deliveries.find((d) => d.rule === 'jobs-no-export')!;
    expect(delivery.status).toBe('undeliverable');
    expect(delivery.attempts.map((a) => a.kind)).toEqual(['deliver', 'deliver', 'deliver']);
    const message = (await queue('jobs-no-export-delivery-dlq')).messages.find((m) => m.eventId === id)!;
    expect(JSON.parse(message.body).id).toBe(id);
    expect(message.attributes).toEqual({
      ERROR_CODE: 'RESOURCE_NOT_FOUND',
      ERROR_MESSAGE: expect.stringContaining('has no function export named "handler"'),
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttemptsExhausted',
      RETRY_ATTEMPTS: '2',
      RULE_ARN: 'arn:aws:events:us-east-1:000000000000:rule/paved/jobs-no-export',
      TARGET_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:jobs-no-export',
    });
  });

  it('sends an event for a handler whose code does not exist to its delivery DLQ', async () => {
    const [id] = await put(job('missing'));
    const delivery = (await settled(id!)).deliveries.find((d) => d.rule === 'jobs-missing-entry')!;
    expect(delivery).toMatchObject({ status: 'undeliverable', queue: 'jobs-missing-entry-delivery-dlq' });
  });

  it('redrives a failure DLQ: the original event runs again and leaves the queue', async () => {
    const [id] = await put(job('throw'));
    await settled(id!);
    const before = (await queue('jobs-misbehave-failure-dlq')).messages.filter((m) => m.eventId === id);
    expect(before).toHaveLength(1);
    const response = await fetch(`${t.bus.url}/_paved/dlq/jobs-misbehave-failure-dlq/redrive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageIds: [before[0]!.messageId] }),
    });
    expect(await response.json()).toEqual({ redriven: 1 });
    expect((await queue('jobs-misbehave-failure-dlq')).messages.filter((m) => m.eventId === id)).toHaveLength(
      0,
    );
    const view = await waitFor(async () => {
      const { body } = await getJson<EventView>(t.bus, `/_paved/events/${id}`);
      const redrive = body.deliveries.find((d) => d.origin.kind === 'redrive');
      return redrive && redrive.status !== 'pending' ? body : undefined;
    });
    // It throws again, so it ends up back in the queue: a redrive is a fresh asynchronous invoke.
    expect(view.deliveries.find((d) => d.origin.kind === 'redrive')).toMatchObject({
      rule: 'jobs-misbehave',
      status: 'failed',
    });
    expect((await queue('jobs-misbehave-failure-dlq')).messages.filter((m) => m.eventId === id)).toHaveLength(
      1,
    );
  });

  it('answers 404 for an unknown queue and an unknown event', async () => {
    const redrive = await fetch(`${t.bus.url}/_paved/dlq/nope/redrive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(redrive.status).toBe(404);
    expect(((await redrive.json()) as { __type: string }).__type).toBe('ResourceNotFoundException');
    expect((await getJson(t.bus, '/_paved/events/nope')).status).toBe(404);
  });

  it('lists subscriptions: which handler listens to which events, with its stores and whether it sends email', async () => {
    const { body } = await getJson<{
      subscriptions: { id: string; contract: string; failureQueue: string }[];
    }>(t.bus, '/_paved/subscriptions');
    const welcome = body.subscriptions.find((s) => s.id === 'identity-send-welcome');
    expect(welcome).toMatchObject({
      contract: 'myapp.userservice/user_signup',
      failureQueue: 'identity-send-welcome-failure-dlq',
      stores: [],
      sendsEmail: true,
    });
    expect(welcome).not.toHaveProperty('input');
    expect(body.subscriptions.find((s) => s.id === 'jobs-write-outbox')).toMatchObject({
      stores: ['records'],
      sendsEmail: false,
    });
  });

  it('tells in-process listeners what it does, and reports its figures', async () => {
    const seen: string[] = [];
    const stop = [
      t.bus.on('accepted', (record) => seen.push(`accepted ${record.event.id}`)),
      t.bus.on('attempt', (attempt) => seen.push(`attempt ${attempt.rule} ${attempt.kind} ${attempt.ok}`)),
      t.bus.on('outcome', (outcome, accepted) =>
        seen.push(`outcome ${accepted.event.id} ${outcome.rule} ${outcome.status}`),
      ),
    ];
    const [id] = await put(job('outbox'));
    // The event matches two rules: jobs-misbehave (any job) and jobs-write-outbox.
    const outcomes = () => seen.filter((line) => line.startsWith('outcome')).length;
    await waitFor(() => outcomes() === 2, 8000, 'both outcomes');
    for (const off of stop) off();
    expect(seen[0]).toBe(`accepted ${id}`);
    expect(seen.slice(1).sort()).toEqual([
      'attempt jobs-misbehave invoke true',
      'attempt jobs-write-outbox invoke true',
      `outcome ${id} jobs-misbehave succeeded`,
      `outcome ${id} jobs-write-outbox succeeded`,
    ]);
    const [after] = await put(job('outbox'));
    await settled(after!);
    expect(seen).toHaveLength(5);
    const stats = t.bus.stats();
    // One rule per handler on paved, and on default the route of application events to paved.
    expect(stats).toMatchObject({ bus: 'paved', rules: Object.keys(fixtureSubscriptions('')).length + 1 });
    expect(stats.journal.segments).toBeGreaterThan(0);
  });
});
