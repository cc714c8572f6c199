import { DescribeReplayCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixtureSubscriptions } from './fixtures/subscriptions';
import { startTestBus, waitFor, type TestBus } from './helpers';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(__dirname, 'fixtures', 'boto3-read-ops.py');
const run = promisify(execFile);
// Debian's python3-boto3, for the system Python: a pyenv `python3` on PATH would not see it.
const available = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import boto3']).status === 0;
if (!available) {
  if (process.env['CI'])
    throw new Error(
      `boto3 does not import in ${PYTHON} in CI: tools/scripts/system-deps.mjs (npm test's pretest) installs python3-boto3; the boto3 test cannot run without it.`,
    );
  console.warn(
    `Skipping the boto3 tests: boto3 does not import in ${PYTHON} (apt-get install python3-boto3). CI runs them.`,
  );
}

const PREFIX = 'arn:aws:events:us-east-1:000000000000';
const BUS = `${PREFIX}:event-bus/paved`;
const ARCHIVE = `${PREFIX}:archive/paved-archive`;
const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:identity-send-welcome';

type Answer = Record<string, unknown> & {
  error?: { Code: string; Message: string; HTTPStatusCode: number };
};

// Registered only when boto3 imports: outside CI a missing boto3 is logged above, in CI it fails the run.
if (available)
  describe('boto3 against the bus', () => {
    let t: TestBus;
    let answers: Record<string, Answer>;
    beforeAll(async () => {
      t = await startTestBus((out) => [fixtureSubscriptions(out).welcome!, fixtureSubscriptions(out).audit!]);
      const end = new Date();
      await t.client.send(
        new StartReplayCommand({
          ReplayName: 'boto3-replay',
          EventSourceArn: ARCHIVE,
          EventStartTime: new Date(end.getTime() - 60_000),
          EventEndTime: end,
          Destination: { Arn: BUS },
        }),
      );
      await waitFor(
        async () =>
          (await t.client.send(new DescribeReplayCommand({ ReplayName: 'boto3-replay' }))).State ===
          'COMPLETED',
        5000,
        'the replay to complete',
      );
      const { stdout } = await run(PYTHON, [SCRIPT, t.bus.url], {
        env: {
          PATH: process.env['PATH'],
          HOME: t.dir,
          AWS_CONFIG_FILE: join(t.dir, 'no-aws-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(t.dir, 'no-aws-credentials'),
        },
        timeout: 60_000,
      });
      answers = JSON.parse(stdout) as Record<string, Answer>;
    }, 90_000);
    afterAll(() => t.stop());

    const error = (code: string, message: string | RegExp) => ({
      error: {
        Code: code,
        Message: message instanceof RegExp ? expect.stringMatching(message) : message,
        HTTPStatusCode: 400,
      },
    });

    it('reads the buses and their tags', () => {
      // Debian's botocore (1.29) predates CreationTime in the list's EventBus shape, and drops it.
      expect(answers['ListEventBuses']?.['EventBuses']).toEqual([
        expect.objectContaining({ Name: 'default', Arn: `${PREFIX}:event-bus/default` }),
        expect.objectContaining({ Name: 'paved', Arn: BUS }),
      ]);
      expect(answers['ListEventBuses NamePrefix']?.['EventBuses']).toEqual([
        expect.objectContaining({ Name: 'paved' }),
      ]);
      expect(answers['DescribeEventBus']).toMatchObject({ Name: 'paved', Arn: BUS });
      expect(answers['DescribeEventBus default']).toMatchObject({ Name: 'default' });
      expect(answers['ListTagsForResource']).toEqual({ Tags: [] });
    });

    it('reads the rules and targets, paging with boto3 paginators', () => {
      expect(answers['ListRules']?.['Rules']).toEqual([
        expect.objectContaining({ Name: 'audit-audit-signup', EventBusName: 'paved', State: 'ENABLED' }),
        expect.objectContaining({
          Name: 'identity-send-welcome',
          Arn: `${PREFIX}:rule/paved/identity-send-welcome`,
        }),
      ]);
      // PageSize 1: one rule a page, every page reached through the NextToken the bus returned.
      expect(answers['ListRules paginator']).toEqual([
        [expect.objectContaining({ Name: 'audit-audit-signup' })],
        [expect.objectContaining({ Name: 'identity-send-welcome' })],
      ]);
      expect(answers['DescribeRule']).toMatchObject({
        Name: 'identity-send-welcome',
        CreatedBy: '000000000000',
      });
      expect(answers['ListTargetsByRule']).toEqual({
        Targets: [
          {
            Id: 'Target0',
            Arn: FUNCTION,
            RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
            DeadLetterConfig: {
              Arn: 'arn:aws:sqs:us-east-1:000000000000:identity-send-welcome-delivery-dlq',
            },
          },
        ],
      });
      expect(answers['ListRuleNamesByTarget']).toEqual({ RuleNames: ['identity-send-welcome'] });
      expect(answers['ListRuleNamesByTarget paginator']).toEqual([['identity-send-welcome']]);
      expect(answers['TestEventPattern']).toEqual({ Result: true });
    });

    it('reads the archive and the replays', () => {
      const archive = expect.objectContaining({
        ArchiveName: 'paved-archive',
        EventSourceArn: BUS,
        State: 'ENABLED',
      });
      expect(answers['ListArchives']).toEqual({ Archives: [archive] });
      expect(answers['ListArchives EventSourceArn']).toEqual({ Archives: [archive] });
      expect(answers['DescribeArchive']).toMatchObject({ ArchiveName: 'paved-archive', ArchiveArn: ARCHIVE });
      expect(answers['ListReplays']).toEqual({
        Replays: [
          expect.objectContaining({
            ReplayName: 'boto3-replay',
            State: 'COMPLETED',
            EventSourceArn: ARCHIVE,
          }),
        ],
      });
      expect(answers['DescribeReplay']).toMatchObject({ ReplayName: 'boto3-replay', State: 'COMPLETED' });
    });

    it('lists none of what a local bus never has, and describes none of it', () => {
      expect(answers['ListConnections']).toEqual({ Connections: [] });
      expect(answers['ListApiDestinations']).toEqual({ ApiDestinations: [] });
      expect(answers['ListEndpoints']).toEqual({ Endpoints: [] });
      expect(answers['ListEventSources']).toEqual({ EventSources: [] });
      expect(answers['DescribeConnection']).toEqual(
        error(
          'ResourceNotFoundException',
          "Failed to describe the connection(s). Connection 'github' does not exist.",
        ),
      );
      for (const call of ['DescribeApiDestination', 'DescribeEndpoint', 'DescribeEventSource'])
        expect(answers[call]).toEqual(error('ResourceNotFoundException', / does not exist\./));
    });

    it("gets AWS's errors for what does not exist, a Limit over 100 and a NextToken it did not issue", () => {
      expect(answers['DescribeRule missing']).toEqual(
        error('ResourceNotFoundException', 'Rule nope does not exist on EventBus paved.'),
      );
      expect(answers['ListRules missing bus']).toEqual(
        error('ResourceNotFoundException', 'Event bus nope does not exist.'),
      );
      expect(answers['DescribeArchive missing']).toEqual(
        error('ResourceNotFoundException', 'Archive nope does not exist.'),
      );
      expect(answers['DescribeReplay missing']).toEqual(
        error('ResourceNotFoundException', 'Replay nope does not exist.'),
      );
      expect(answers['ListRules Limit 101']).toEqual(
        error(
          'ValidationException',
          "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
        ),
      );
      expect(answers['ListRules invalid NextToken']).toEqual(
        error('InvalidToken', /^The NextToken provided is invalid or expired: /),
      );
    });
  });
