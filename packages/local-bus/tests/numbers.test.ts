import { DescribeReplayCommand, PutEventsCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { defineSubscription } from '@paved/events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EventView } from '../src';
import { JobRequested } from './fixtures/contracts';
import { deliveries, getJson, startTestBus, waitFor, type TestBus } from './helpers';

/**
 * AWS compares an integer too long for a double by its digits, and delivers it as written. The pattern below
 * is the double 12345678901234567000: 12345678901234567890 rounds to the same double, yet AWS does not match it.
 */
describe('numbers beyond double precision', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus((out) => [
      defineSubscription({
        name: 'exact-number',
        service: 'jobs',
        contract: JobRequested,
        pattern: { ...JobRequested.pattern, detail: { n: [12345678901234567000] } },
        entry: join(__dirname, 'fixtures', 'handlers', 'record.ts'),
        description: 'Records jobs numbered exactly 12345678901234567000.',
        environment: { OUT_FILE: out },
      }),
    ]);
  });
  afterAll(() => t.stop());

  const put = async (n: string): Promise<string> => {
    const result = await t.client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'test.jobs',
            DetailType: 'job_requested',
            Detail: `{"behaviour": "ok", "n": ${n}}`,
            EventBusName: 'paved',
          },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    return result.Entries![0]!.EventId!;
  };
  const rulesOf = async (id: string): Promise<readonly string[]> =>
    waitFor(async () => {
      const { status, body } = await getJson<EventView>(t.bus, `/_paved/events/${id}`);
      return status === 200 ? body.rules : undefined;
    });

  it('matches by the digits, as AWS does', async () => {
    expect(await rulesOf(await put('12345678901234567000'))).toEqual(['jobs-exact-number']);
    expect(await rulesOf(await put('12345678901234567890'))).toEqual([]);
  });

  it('replays by the digits too, reading the events back from the journal', async () => {
    const from = new Date(Date.now() - 60_000);
    const exact = await put('12345678901234567000');
    const near = await put('12345678901234567890');
    // Event times are whole seconds: the window must end after this one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await t.client.send(
      new StartReplayCommand({
        ReplayName: 'digits',
        EventSourceArn: 'arn:aws:events:us-east-1:000000000000:archive/paved-archive',
        EventStartTime: from,
        EventEndTime: new Date(),
        Destination: { Arn: 'arn:aws:events:us-east-1:000000000000:event-bus/paved' },
      }),
    );
    await waitFor(
      async () =>
        (await t.client.send(new DescribeReplayCommand({ ReplayName: 'digits' }))).State === 'COMPLETED',
      8000,
      'the replay',
    );
    const replayed = () =>
      deliveries(t.outFile)
        .filter((d) => d.replay === 'digits')
        .map((d) => d.id);
    await waitFor(() => replayed().includes(exact), 8000, 'the replayed delivery');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(replayed()).not.toContain(near);
  });

  it('journals the detail, the text its handlers are sent, with every digit the producer wrote', async () => {
    const id = await put('12345678901234567000');
    await waitFor(() => deliveries(t.outFile).some((d) => d.id === id), 8000, 'the delivery');
    const data = join(t.dir, 'data');
    const journal = readdirSync(data, { recursive: true, encoding: 'utf8' })
      .filter((file) => /segment-\d+\.ndjson$/.test(file))
      .map((file) => readFileSync(join(data, file), 'utf8'))
      .join('');
    expect(journal).toContain(`"id":"${id}"`);
    expect(journal).toContain('"n": 12345678901234567000');
  });
});
