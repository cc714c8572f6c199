import { PutEventsCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { defineSubscription } from '@paved/events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type EventView, type QueueView } from '../src';
import { runCli } from '../src/cli/main';
import { JobRequested } from './fixtures/contracts';
import { deliveries, getJson, settled, startTestBus, tempDir, waitFor, type TestBus } from './helpers';

const QUEUE = 'jobs-idempotent-failure-dlq';
const ARCHIVE = 'arn:aws:events:us-east-1:000000000000:archive/paved-archive';
const BUS = 'arn:aws:events:us-east-1:000000000000:event-bus/paved';

const subscriptions = (outFile: string) => [
  defineSubscription({
    name: 'idempotent',
    service: 'jobs',
    contract: JobRequested,
    entry: join(__dirname, 'fixtures', 'handlers', 'idempotent.ts'),
    description: 'Records each run of its function; fails permanently on demand.',
    retryAttempts: 2,
    environment: { OUT_FILE: outFile },
  }),
];

const job = (detail: object) => ({
  Source: 'test.jobs',
  DetailType: 'job_requested',
  Detail: JSON.stringify(detail),
  EventBusName: 'paved',
});

describe('exactly-once effects on the local bus', () => {
  const dir = tempDir();
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus(subscriptions, { dir });
  });
  afterAll(() => t.stop());

  const put = async (detail: object): Promise<string> => {
    const { Entries, FailedEntryCount } = await t.client.send(
      new PutEventsCommand({ Entries: [job(detail)] }),
    );
    expect(FailedEntryCount).toBe(0);
    return Entries![0]!.EventId!;
  };
  const queue = async (): Promise<QueueView> =>
    (await getJson<{ queues: QueueView[] }>(t.bus, '/_paved/dlq')).body.queues.find((q) => q.name === QUEUE)!;
  /** The runs of the handler's function for event `id`, as it recorded them (with its event's `paved-rerun`). */
  const runs = (id: string) =>
    (deliveries(t.outFile) as (ReturnType<typeof deliveries>[number] & { rerun: string | null })[]).filter(
      (line) => line.id === id,
    );

  it.each([
    ['an invalid event', { behavior: 'misspelt' }, 'INVALID_EVENT', 'InvalidEventError', 0],
    ['a PermanentError', { behaviour: 'permanent' }, 'PERMANENT_FAILURE', 'PermanentError', 1],
  ])(
    'parks %s in the failure DLQ after one attempt: the event view shows one attempt, parked as permanent',
    async (_what, detail, errorCode, errorType, functionRuns) => {
      const id = await put(detail);
      const view = await settled(t.bus, id);
      const [delivery] = view.deliveries;
      expect(delivery).toMatchObject({
        rule: 'jobs-idempotent',
        status: 'failed',
        queue: QUEUE,
        parked: { queue: QUEUE, errorCode, messageId: expect.any(String) },
      });
      expect(delivery!.reason).toMatch(
        new RegExp(
          `^Parked as a permanent failure \\(${errorCode}\\) by the handler after 1 attempt, without retries: ${errorType}: `,
        ),
      );
      expect(delivery!.attempts).toHaveLength(1);
      expect(delivery!.attempts[0]).toMatchObject({
        kind: 'invoke',
        ok: false,
        error: { errorType },
        parked: delivery!.parked,
      });
      expect(runs(id)).toHaveLength(functionRuns);

      // Lambda's retries would have come ~60 and ~120 ms later (time scale 0.001): none did.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const later = (await getJson<EventView>(t.bus, `/_paved/events/${id}`)).body;
      expect(later.deliveries[0]!.attempts).toHaveLength(1);

      const message = (await queue()).messages.find((m) => m.messageId === delivery!.parked!.messageId)!;
      expect(message).toMatchObject({
        eventId: id,
        rule: 'jobs-idempotent',
        bus: 'paved',
        attributes: { PAVED_FAILURE: 'permanent', PAVED_ERROR_CODE: errorCode },
      });
      expect(JSON.parse(message.body)).toMatchObject({
        version: '1.0',
        requestContext: {
          requestId: delivery!.attempts[0]!.requestId,
          functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:jobs-idempotent:$LATEST',
          condition: 'RetriesExhausted',
          approximateInvokeCount: 1,
        },
        requestPayload: { id, detail },
        responsePayload: { errorType },
      });
    },
  );

  it('paved dlq list marks a parked message permanent, with its code', async () => {
    const id = await put({ behaviour: 'permanent' });
    const { parked } = (await settled(t.bus, id)).deliveries[0]!;
    let out = '';
    const io = {
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (out += text) },
      env: {},
      cwd: process.cwd(),
      stopSignal: new Promise<string>(() => undefined),
    };
    expect(await runCli(['dlq', 'list', '--endpoint-url', t.bus.url], io)).toBe(0);
    expect(out).toMatch(
      new RegExp(
        `${parked!.messageId} event ${id} \\S+ permanent PERMANENT_FAILURE Job ${id} can never succeed\\.`,
      ),
    );
  });

  it('redrives a parked event with paved-rerun: redrive:<message id>, so its handler runs again', async () => {
    const id = await put({ behaviour: 'permanent' });
    const { parked } = (await settled(t.bus, id)).deliveries[0]!;
    expect(runs(id)).toHaveLength(1);
    const response = await fetch(`${t.bus.url}/_paved/dlq/${QUEUE}/redrive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageIds: [parked!.messageId] }),
    });
    expect(await response.json()).toEqual({ redriven: 1 });
    await settled(t.bus, id, 8000, 2);
    expect(runs(id).map((line) => line.rerun)).toEqual([null, `redrive:${parked!.messageId}`]);
    // It failed permanently again: parked once more, under a new message.
    const view = (await getJson<EventView>(t.bus, `/_paved/events/${id}`)).body;
    expect(view.deliveries[1]).toMatchObject({
      origin: { kind: 'redrive', queue: QUEUE },
      status: 'failed',
      parked: { errorCode: 'PERMANENT_FAILURE' },
    });
    expect(view.deliveries[1]!.parked!.messageId).not.toBe(parked!.messageId);
  });

  it('replays handled events without running them again, unless the replay is forced', async () => {
    const from = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
    const id = await put({ behaviour: `replayed-${Date.now()}` });
    await settled(t.bus, id);
    expect(runs(id)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const to = new Date();

    const replay = async (name: string, force: boolean) => {
      const window = {
        ReplayName: name,
        EventSourceArn: ARCHIVE,
        EventStartTime: from,
        EventEndTime: to,
        Destination: { Arn: BUS },
      };
      if (force) {
        const response = await fetch(`${t.bus.url}/_paved/replays`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            ...window,
            EventStartTime: from.getTime() / 1000,
            EventEndTime: to.getTime() / 1000,
            Force: true,
          }),
        });
        expect(response.status).toBe(200);
      } else {
        await t.client.send(new StartReplayCommand(window));
      }
      await waitFor(
        async () =>
          (await getJson<EventView>(t.bus, `/_paved/events/${id}`)).body.deliveries.some(
            (d) => d.origin.kind === 'replay' && d.origin.name === name && d.status !== 'pending',
          ),
        8000,
        `replay ${name}`,
      );
    };

    await replay('plain', false);
    expect(runs(id)).toHaveLength(1);
    const plain = (await getJson<EventView>(t.bus, `/_paved/events/${id}`)).body.deliveries.find(
      (d) => d.origin.kind === 'replay',
    )!;
    expect(plain.status).toBe('succeeded');
    expect(plain.attempts).toHaveLength(1);

    await replay('forced', true);
    expect(runs(id).map((line) => [line.replay, line.rerun])).toEqual([
      [null, null],
      ['forced', 'replay:forced'],
    ]);
  });

  it('keeps a parked message across a restart, and the idempotency records too', async () => {
    const from = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
    const id = await put({ behaviour: 'permanent' });
    const { parked } = (await settled(t.bus, id)).deliveries[0]!;
    const handled = await put({ behaviour: `kept-${Date.now()}` });
    await settled(t.bus, handled);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const to = new Date();
    await t.stop(false);
    t = await startTestBus(subscriptions, { dir });

    const message = (await queue()).messages.find((m) => m.messageId === parked!.messageId);
    expect(message).toMatchObject({ eventId: id, attributes: { PAVED_FAILURE: 'permanent' } });
    expect(readdirSync(join(dir, 'data', 'idempotency')).length).toBeGreaterThan(0);
    // Every worker of the new bus reads the records the old one wrote: the handled event is not run again.
    await t.client.send(
      new StartReplayCommand({
        ReplayName: 'after-restart',
        EventSourceArn: ARCHIVE,
        EventStartTime: from,
        EventEndTime: to,
        Destination: { Arn: BUS },
      }),
    );
    const view = await settled(t.bus, handled, 8000, 2);
    expect(view.deliveries[1]).toMatchObject({ origin: { kind: 'replay' }, status: 'succeeded' });
    expect(runs(handled)).toHaveLength(1);
  });
});

describe("the bus's SQS endpoint", () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus(subscriptions);
  });
  afterAll(() => t.stop());

  const sqs = async (operation: string, body: object) => {
    const response = await fetch(`${t.bus.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${operation}` },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      queryError: response.headers.get('x-amzn-query-error'),
      body: (await response.json()) as Record<string, string>,
    };
  };

  it('answers SendMessage with MessageId and the MD5s of the body and attributes, as SQS does', async () => {
    const answer = await sqs('SendMessage', {
      QueueUrl: `${t.bus.url}/000000000000/${QUEUE}`,
      MessageBody: 'hello',
      MessageAttributes: { A: { DataType: 'String', StringValue: 'x' } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      MD5OfMessageBody: '5d41402abc4b2a76b9719d911017c592',
      // SQS's documented digest of { A: String "x" }, as moto's independent implementation computes it too.
      MD5OfMessageAttributes: '786dfed7f522eb6d216c5bcd0098de7f',
    });
    const { queues } = (await getJson<{ queues: QueueView[] }>(t.bus, '/_paved/dlq')).body;
    expect(queues.find((q) => q.name === QUEUE)!.messages).toContainEqual(
      expect.objectContaining({ messageId: answer.body['MessageId'], body: 'hello', attributes: { A: 'x' } }),
    );
  });

  it.each([
    [
      'another operation',
      'ReceiveMessage',
      { QueueUrl: `http://127.0.0.1/000000000000/${QUEUE}` },
      'com.amazonaws.sqs#UnsupportedOperation',
      'AWS.SimpleQueueService.UnsupportedOperation;Sender',
      'serves SendMessage only',
    ],
    [
      'a queue that does not exist',
      'SendMessage',
      { QueueUrl: 'http://127.0.0.1/000000000000/nope', MessageBody: 'x' },
      'com.amazonaws.sqs#QueueDoesNotExist',
      'AWS.SimpleQueueService.NonExistentQueue;Sender',
      QUEUE,
    ],
    [
      "a rule target's DLQ, which only EventBridge writes",
      'SendMessage',
      { QueueUrl: 'http://127.0.0.1/000000000000/jobs-idempotent-delivery-dlq', MessageBody: 'x' },
      'com.amazon.coral.service#AccessDeniedException',
      'AccessDenied;Sender',
      'only EventBridge puts events there',
    ],
    [
      'a message without a body',
      'SendMessage',
      { QueueUrl: `http://127.0.0.1/000000000000/${QUEUE}` },
      'com.amazonaws.sqs#MissingParameter',
      'MissingParameter;Sender',
      'MessageBody',
    ],
  ])('refuses %s in SQS error shape', async (_what, operation, body, type, queryError, says) => {
    const answer = await sqs(operation, body);
    expect(answer.status).toBe(400);
    expect(answer.queryError).toBe(queryError);
    expect(answer.body['__type']).toBe(type);
    expect(answer.body['message']).toContain(says);
  });

  it('goes through the request guard: a page on another origin cannot send to a queue', async () => {
    const response = await fetch(`${t.bus.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessage',
        origin: 'http://evil.example',
      },
      body: JSON.stringify({ QueueUrl: `http://127.0.0.1/000000000000/${QUEUE}`, MessageBody: 'x' }),
    });
    expect(response.status).toBe(403);
  });
});
