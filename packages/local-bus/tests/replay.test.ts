import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  ListArchivesCommand,
  ListReplaysCommand,
  PutEventsCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { fixtureSubscriptions } from './fixtures/subscriptions';
import { deliveries, startTestBus, waitFor, type TestBus } from './helpers';

const ARCHIVE = 'arn:aws:events:us-east-1:000000000000:archive/paved-archive';
const BUS = 'arn:aws:events:us-east-1:000000000000:event-bus/paved';

describe('archive and replay', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus((out) => [fixtureSubscriptions(out).welcome!, fixtureSubscriptions(out).audit!]);
  });
  afterAll(() => t.stop());

  it('describes the archive the journal is', async () => {
    const { Archives } = await t.client.send(new ListArchivesCommand({}));
    expect(Archives?.map((a) => [a.ArchiveName, a.EventSourceArn, a.State])).toEqual([
      ['paved-archive', BUS, 'ENABLED'],
    ]);
    await expect(t.client.send(new DescribeArchiveCommand({ ArchiveName: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Archive nope does not exist.',
    });
  });

  it('re-delivers the archived events of a window to the matching rules, with replay-name set', async () => {
    const from = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
    const { Entries } = await t.client.send(
      new PutEventsCommand({
        Entries: [1, 2, 3].map((n) => ({
          Source: 'myapp.userservice',
          DetailType: 'user_signup',
          Detail: JSON.stringify({ email: `${n}@x.com`, name: `${n}` }),
          EventBusName: 'paved',
        })),
      }),
    );
    const ids = Entries!.map((e) => e.EventId!);
    await waitFor(
      () => deliveries(t.outFile).filter((d) => ids.includes(d.id)).length === 6,
      5000,
      'first deliveries',
    );
    const archive = await t.client.send(new DescribeArchiveCommand({ ArchiveName: 'paved-archive' }));
    expect(archive.EventCount).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const to = new Date();

    await t.client.send(
      new StartReplayCommand({
        ReplayName: 'only-welcome',
        EventSourceArn: ARCHIVE,
        EventStartTime: from,
        EventEndTime: to,
        Destination: {
          Arn: BUS,
          FilterArns: ['arn:aws:events:us-east-1:000000000000:rule/paved/identity-send-welcome'],
        },
      }),
    );
    await waitFor(
      async () =>
        (await t.client.send(new DescribeReplayCommand({ ReplayName: 'only-welcome' }))).State ===
        'COMPLETED',
      5000,
      'replay to complete',
    );
    await waitFor(
      () => deliveries(t.outFile).filter((d) => d.replay === 'only-welcome').length === 3,
      5000,
      'replayed deliveries',
    );
    const replayed = deliveries(t.outFile).filter((d) => d.replay === 'only-welcome');
    expect(replayed.map((d) => d.id).sort()).toEqual([...ids].sort());
    expect(new Set(replayed.map((d) => d.fn))).toEqual(new Set(['identity-send-welcome']));
    const { Replays } = await t.client.send(new ListReplaysCommand({}));
    expect(Replays?.find((r) => r.ReplayName === 'only-welcome')?.State).toBe('COMPLETED');
  });

  it('validates a replay request as AWS does', async () => {
    const now = new Date();
    const base = {
      ReplayName: 'bad',
      EventSourceArn: ARCHIVE,
      EventStartTime: new Date(now.getTime() - 60_000),
      EventEndTime: now,
      Destination: { Arn: BUS },
    };
    await expect(
      t.client.send(new StartReplayCommand({ ...base, EventSourceArn: ARCHIVE + 'x' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      t.client.send(
        new StartReplayCommand({
          ...base,
          EventStartTime: now,
          EventEndTime: new Date(now.getTime() - 1000),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('EventStartTime must be before EventEndTime'),
    });
    await expect(
      t.client.send(
        new StartReplayCommand({ ...base, Destination: { Arn: BUS.replace('paved', 'default') } }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Cross event bus replay is not permitted'),
    });
    await expect(
      t.client.send(new StartReplayCommand({ ...base, ReplayName: 'only-welcome' })),
    ).rejects.toMatchObject({ name: 'ResourceAlreadyExistsException' });
    await expect(t.client.send(new DescribeReplayCommand({ ReplayName: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
