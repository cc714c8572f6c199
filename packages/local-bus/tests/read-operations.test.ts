import {
  DescribeApiDestinationCommand,
  DescribeArchiveCommand,
  DescribeConnectionCommand,
  DescribeEndpointCommand,
  DescribeEventBusCommand,
  DescribeEventSourceCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  ListApiDestinationsCommand,
  ListArchivesCommand,
  ListConnectionsCommand,
  ListEndpointsCommand,
  ListEventBusesCommand,
  ListEventSourcesCommand,
  ListReplaysCommand,
  type ListReplaysCommandInput,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { fixtureSubscriptions } from './fixtures/subscriptions';
import { rawRequest, startTestBus, waitFor, type TestBus } from './helpers';

const PREFIX = 'arn:aws:events:us-east-1:000000000000';
const BUS = `${PREFIX}:event-bus/paved`;
const ARCHIVE = `${PREFIX}:archive/paved-archive`;
const WELCOME_FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:identity-send-welcome';
const RULES = [
  'audit-audit-signup',
  'identity-send-welcome',
  'jobs-misbehave',
  'jobs-missing-entry',
  'jobs-no-export',
  'jobs-slow-a',
  'jobs-slow-b',
  'jobs-write-outbox',
  'mailer-announce',
  'mailer-on-welcome-sent',
];
const REPLAYS = ['empty-1', 'empty-2', 'empty-3'];

describe('the read operations of the EventBridge API', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus((out) => Object.values(fixtureSubscriptions(out)));
    // Replays of a window with no events: they complete at once and give ListReplays something to page.
    const end = new Date();
    for (const name of REPLAYS) {
      await t.client.send(
        new StartReplayCommand({
          ReplayName: name,
          EventSourceArn: ARCHIVE,
          EventStartTime: new Date(end.getTime() - 60_000),
          EventEndTime: end,
          Destination: { Arn: BUS },
        }),
      );
    }
    for (const name of REPLAYS) {
      await waitFor(
        async () =>
          (await t.client.send(new DescribeReplayCommand({ ReplayName: name }))).State === 'COMPLETED',
        5000,
        `replay ${name}`,
      );
    }
  }, 60_000);
  afterAll(() => t.stop());

  /** The error an SDK call failed with; fails the test if it succeeded. */
  const failure = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      const { name, message, $metadata } = error as {
        name: string;
        message: string;
        $metadata: { httpStatusCode: number };
      };
      return { name, message, status: $metadata.httpStatusCode };
    }
    throw new Error('the call succeeded');
  };

  describe('buses', () => {
    it('lists both buses with their ARNs and times, and filters them by NamePrefix', async () => {
      const { EventBuses, NextToken } = await t.client.send(new ListEventBusesCommand({}));
      expect(NextToken).toBeUndefined();
      expect(EventBuses).toEqual([
        {
          Name: 'default',
          Arn: `${PREFIX}:event-bus/default`,
          CreationTime: expect.any(Date),
          LastModifiedTime: expect.any(Date),
        },
        {
          Name: 'paved',
          Arn: BUS,
          CreationTime: expect.any(Date),
          LastModifiedTime: expect.any(Date),
        },
      ]);
      const prefixed = await t.client.send(new ListEventBusesCommand({ NamePrefix: 'pa' }));
      expect(prefixed.EventBuses?.map((b) => b.Name)).toEqual(['paved']);
    });

    it('pages the buses one at a time', async () => {
      const first = await t.client.send(new ListEventBusesCommand({ Limit: 1 }));
      expect(first.EventBuses?.map((b) => b.Name)).toEqual(['default']);
      expect(first.NextToken).toEqual(expect.any(String));
      const second = await t.client.send(new ListEventBusesCommand({ Limit: 1, NextToken: first.NextToken }));
      expect(second.EventBuses?.map((b) => b.Name)).toEqual(['paved']);
      expect(second.NextToken).toBeUndefined();
    });

    it('describes a bus by name or ARN, and the default bus when none is named', async () => {
      expect(await t.client.send(new DescribeEventBusCommand({ Name: BUS }))).toMatchObject({
        Name: 'paved',
        Arn: BUS,
      });
      expect((await t.client.send(new DescribeEventBusCommand({}))).Name).toBe('default');
    });

    it('lists no tags for a bus or a rule, and refuses resources that do not exist with AWS texts', async () => {
      expect((await t.client.send(new ListTagsForResourceCommand({ ResourceARN: BUS }))).Tags).toEqual([]);
      const rule = `${PREFIX}:rule/paved/identity-send-welcome`;
      expect((await t.client.send(new ListTagsForResourceCommand({ ResourceARN: rule }))).Tags).toEqual([]);
      expect(
        await failure(
          t.client.send(new ListTagsForResourceCommand({ ResourceARN: `${PREFIX}:event-bus/nope` })),
        ),
      ).toEqual({
        name: 'ResourceNotFoundException',
        message: 'Event bus nope does not exist.',
        status: 400,
      });
      expect(
        await failure(t.client.send(new ListTagsForResourceCommand({ ResourceARN: `${PREFIX}:rule/nope` }))),
      ).toMatchObject({ message: 'Rule nope does not exist on EventBus default.' });
    });
  });

  describe('rules and targets', () => {
    it('lists the rules of a bus as the model shapes them: DescribeRule alone adds CreatedBy', async () => {
      const { Rules, NextToken } = await t.client.send(new ListRulesCommand({ EventBusName: 'paved' }));
      expect(NextToken).toBeUndefined();
      expect(Rules?.map((r) => r.Name)).toEqual(RULES);
      expect(Rules?.[1]).toEqual({
        Name: 'identity-send-welcome',
        Arn: `${PREFIX}:rule/paved/identity-send-welcome`,
        EventPattern: JSON.stringify({ source: ['myapp.userservice'], 'detail-type': ['user_signup'] }),
        State: 'ENABLED',
        Description: 'Records signups.',
        EventBusName: 'paved',
      });
      const described = await t.client.send(
        new DescribeRuleCommand({ Name: 'identity-send-welcome', EventBusName: BUS }),
      );
      expect(described).toMatchObject({ ...Rules![1], CreatedBy: '000000000000' });
      // The default bus, read when EventBusName is left out, holds the route of application events to paved.
      expect((await t.client.send(new ListRulesCommand({}))).Rules).toEqual([
        {
          Name: 'paved-application-events',
          Arn: `${PREFIX}:rule/paved-application-events`,
          EventPattern: JSON.stringify({ source: [{ 'anything-but': { prefix: 'aws.' } }] }),
          State: 'ENABLED',
          Description: 'Application events put on the default bus (no "aws." source) → paved.',
          EventBusName: 'default',
        },
      ]);
    });

    it('filters the rules by NamePrefix', async () => {
      const { Rules } = await t.client.send(
        new ListRulesCommand({ EventBusName: 'paved', NamePrefix: 'mailer-' }),
      );
      expect(Rules?.map((r) => r.Name)).toEqual(['mailer-announce', 'mailer-on-welcome-sent']);
    });

    it('pages the rules with Limit 1, each page one rule and the last without a NextToken', async () => {
      const names: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await t.client.send(
          new ListRulesCommand({ EventBusName: 'paved', Limit: 1, NextToken: token }),
        );
        expect(page.Rules).toHaveLength(1);
        names.push(page.Rules![0]!.Name!);
        token = page.NextToken;
        pages += 1;
      } while (token !== undefined);
      expect(pages).toBe(RULES.length);
      expect(names).toEqual(RULES);
      const three = await t.client.send(new ListRulesCommand({ EventBusName: 'paved', Limit: 3 }));
      const rest = await t.client.send(
        new ListRulesCommand({ EventBusName: 'paved', Limit: 100, NextToken: three.NextToken }),
      );
      expect(rest.Rules?.map((r) => r.Name)).toEqual(RULES.slice(3));
      expect(rest.NextToken).toBeUndefined();
    });

    it("lists a rule's target with its retry policy and dead-letter queue, paged", async () => {
      const { Targets, NextToken } = await t.client.send(
        new ListTargetsByRuleCommand({ Rule: 'identity-send-welcome', EventBusName: 'paved', Limit: 1 }),
      );
      expect(NextToken).toBeUndefined();
      expect(Targets).toEqual([
        {
          Id: 'Target0',
          Arn: WELCOME_FUNCTION,
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: {
            Arn: 'arn:aws:sqs:us-east-1:000000000000:identity-send-welcome-delivery-dlq',
          },
        },
      ]);
    });

    it("lists a route's target: the paved bus, with EventBridge's retry policy and the route's DLQ", async () => {
      const { Targets } = await t.client.send(
        new ListTargetsByRuleCommand({ Rule: 'paved-application-events' }),
      );
      expect(Targets).toEqual([
        {
          Id: 'Target0',
          Arn: BUS,
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:paved-application-events-dlq' },
        },
      ]);
      const routes = await t.client.send(new ListRuleNamesByTargetCommand({ TargetArn: BUS }));
      expect(routes.RuleNames).toEqual(['paved-application-events']);
    });

    it("names the rule that invokes a handler's function, and none for another ARN or bus", async () => {
      const found = await t.client.send(
        new ListRuleNamesByTargetCommand({ TargetArn: WELCOME_FUNCTION, EventBusName: 'paved' }),
      );
      expect(found).toMatchObject({ RuleNames: ['identity-send-welcome'] });
      expect(found.NextToken).toBeUndefined();
      const byArn = await t.client.send(
        new ListRuleNamesByTargetCommand({ TargetArn: WELCOME_FUNCTION, EventBusName: BUS, Limit: 1 }),
      );
      expect(byArn.RuleNames).toEqual(['identity-send-welcome']);
      const other = await t.client.send(
        new ListRuleNamesByTargetCommand({ TargetArn: `${WELCOME_FUNCTION}-x`, EventBusName: 'paved' }),
      );
      expect(other.RuleNames).toEqual([]);
      // The default bus is the one AWS reads when EventBusName is left out: no rule of its targets a function.
      const onDefault = await t.client.send(
        new ListRuleNamesByTargetCommand({ TargetArn: WELCOME_FUNCTION }),
      );
      expect(onDefault.RuleNames).toEqual([]);
    });

    it('answers a rule or bus that does not exist with ResourceNotFoundException and AWS texts', async () => {
      expect(
        await failure(t.client.send(new DescribeRuleCommand({ Name: 'nope', EventBusName: 'paved' }))),
      ).toEqual({
        name: 'ResourceNotFoundException',
        message: 'Rule nope does not exist on EventBus paved.',
        status: 400,
      });
      expect(
        await failure(t.client.send(new DescribeRuleCommand({ Name: 'identity-send-welcome' }))),
      ).toMatchObject({ message: 'Rule identity-send-welcome does not exist on EventBus default.' });
      expect(
        await failure(t.client.send(new ListTargetsByRuleCommand({ Rule: 'nope', EventBusName: 'paved' }))),
      ).toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Rule nope does not exist on EventBus paved.',
      });
      for (const command of [
        new ListRulesCommand({ EventBusName: 'nope' }),
        new ListRuleNamesByTargetCommand({ TargetArn: WELCOME_FUNCTION, EventBusName: 'nope' }),
        new DescribeEventBusCommand({ Name: `${PREFIX}:event-bus/nope` }),
      ])
        expect(await failure(t.client.send(command as never))).toEqual({
          name: 'ResourceNotFoundException',
          message: 'Event bus nope does not exist.',
          status: 400,
        });
    });
  });

  describe('archives and replays', () => {
    it('lists the archive as the model shapes it, by each of its filters, and describes it', async () => {
      const listed = {
        ArchiveName: 'paved-archive',
        EventSourceArn: BUS,
        State: 'ENABLED',
        RetentionDays: 7,
        SizeBytes: expect.any(Number),
        EventCount: expect.any(Number),
        CreationTime: expect.any(Date),
      };
      expect((await t.client.send(new ListArchivesCommand({}))).Archives).toEqual([listed]);
      for (const filter of [{ NamePrefix: 'paved' }, { EventSourceArn: BUS }, { State: 'ENABLED' as const }])
        expect((await t.client.send(new ListArchivesCommand(filter))).Archives).toEqual([listed]);
      for (const filter of [
        { NamePrefix: 'other' },
        { EventSourceArn: `${PREFIX}:event-bus/default` },
        { State: 'DISABLED' as const },
      ])
        expect((await t.client.send(new ListArchivesCommand(filter))).Archives).toEqual([]);
      expect(await t.client.send(new DescribeArchiveCommand({ ArchiveName: 'paved-archive' }))).toMatchObject(
        {
          ...listed,
          ArchiveArn: ARCHIVE,
          Description: expect.any(String),
        },
      );
    });

    it('refuses two archive or replay filters at once, and an archive source bus that does not exist', async () => {
      expect(
        await failure(t.client.send(new ListArchivesCommand({ NamePrefix: 'paved', State: 'ENABLED' }))),
      ).toEqual({
        name: 'ValidationException',
        message:
          'At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix.',
        status: 400,
      });
      expect(
        await failure(
          t.client.send(new ListReplaysCommand({ NamePrefix: 'empty', EventSourceArn: ARCHIVE })),
        ),
      ).toMatchObject({
        message:
          'At most one filter is allowed for ListReplays. Use either : State, EventSourceArn, or NamePrefix.',
      });
      expect(
        await failure(t.client.send(new ListArchivesCommand({ EventSourceArn: `${PREFIX}:event-bus/nope` }))),
      ).toMatchObject({ name: 'ResourceNotFoundException', message: 'Event bus nope does not exist.' });
    });

    it('lists replays by name prefix, state and archive, and pages them', async () => {
      const names = async (input: ListReplaysCommandInput) =>
        (await t.client.send(new ListReplaysCommand(input))).Replays?.map((r) => r.ReplayName);
      expect(await names({})).toEqual(REPLAYS);
      expect(await names({ NamePrefix: 'empty-2' })).toEqual(['empty-2']);
      expect(await names({ State: 'COMPLETED' })).toEqual(REPLAYS);
      expect(await names({ State: 'RUNNING' })).toEqual([]);
      expect(await names({ EventSourceArn: ARCHIVE })).toEqual(REPLAYS);
      expect(await names({ EventSourceArn: `${PREFIX}:archive/other` })).toEqual([]);
      const first = await t.client.send(new ListReplaysCommand({ Limit: 2 }));
      expect(first.Replays?.map((r) => r.ReplayName)).toEqual(['empty-1', 'empty-2']);
      expect(first.Replays?.[0]).toEqual({
        ReplayName: 'empty-1',
        EventSourceArn: ARCHIVE,
        State: 'COMPLETED',
        EventStartTime: expect.any(Date),
        EventEndTime: expect.any(Date),
        ReplayStartTime: expect.any(Date),
        ReplayEndTime: expect.any(Date),
      });
      const second = await t.client.send(new ListReplaysCommand({ Limit: 2, NextToken: first.NextToken }));
      expect(second.Replays?.map((r) => r.ReplayName)).toEqual(['empty-3']);
      expect(second.NextToken).toBeUndefined();
    });

    it('answers an archive or replay that does not exist with AWS texts', async () => {
      expect(await failure(t.client.send(new DescribeArchiveCommand({ ArchiveName: 'nope' })))).toEqual({
        name: 'ResourceNotFoundException',
        message: 'Archive nope does not exist.',
        status: 400,
      });
      expect(await failure(t.client.send(new DescribeReplayCommand({ ReplayName: 'nope' })))).toEqual({
        name: 'ResourceNotFoundException',
        message: 'Replay nope does not exist.',
        status: 400,
      });
    });
  });

  describe('what a local bus never has', () => {
    it('lists no connections, API destinations, endpoints or partner event sources', async () => {
      expect(
        await t.client.send(new ListConnectionsCommand({ ConnectionState: 'AUTHORIZED' })),
      ).toMatchObject({
        Connections: [],
      });
      expect(await t.client.send(new ListApiDestinationsCommand({ Limit: 5 }))).toMatchObject({
        ApiDestinations: [],
      });
      expect(await t.client.send(new ListEndpointsCommand({ MaxResults: 5 }))).toMatchObject({
        Endpoints: [],
      });
      expect(await t.client.send(new ListEventSourcesCommand({ NamePrefix: 'aws.partner/' }))).toMatchObject({
        EventSources: [],
      });
    });

    it('describes none of them: ResourceNotFoundException', async () => {
      expect(await failure(t.client.send(new DescribeConnectionCommand({ Name: 'github' })))).toEqual({
        name: 'ResourceNotFoundException',
        message: "Failed to describe the connection(s). Connection 'github' does not exist.",
        status: 400,
      });
      expect(await failure(t.client.send(new DescribeApiDestinationCommand({ Name: 'hook' })))).toMatchObject(
        {
          message: "Failed to describe the api-destination(s). An api-destination 'hook' does not exist.",
        },
      );
      expect(await failure(t.client.send(new DescribeEndpointCommand({ Name: 'global' })))).toMatchObject({
        name: 'ResourceNotFoundException',
      });
      expect(
        await failure(
          t.client.send(new DescribeEventSourceCommand({ Name: 'aws.partner/example.com/123/app' })),
        ),
      ).toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('keeps the partner-side operations unknown', async () => {
      for (const operation of [
        'ListPartnerEventSources',
        'ListPartnerEventSourceAccounts',
        'DescribePartnerEventSource',
      ]) {
        const response = await rawRequest(t.bus, `AWSEvents.${operation}`, '{}');
        expect([response.status, response.body['__type']]).toEqual([400, 'UnknownOperationException']);
      }
    });
  });

  describe('request validation and paging errors', () => {
    it('refuses a Limit outside 1-100 with the ValidationException AWS words', async () => {
      expect(await failure(t.client.send(new ListRulesCommand({ EventBusName: 'paved', Limit: 0 })))).toEqual(
        {
          name: 'ValidationException',
          message:
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
          status: 400,
        },
      );
      expect(await failure(t.client.send(new ListReplaysCommand({ Limit: 101 })))).toMatchObject({
        message:
          "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
      });
      expect(await failure(t.client.send(new ListEndpointsCommand({ MaxResults: 0 })))).toMatchObject({
        message: expect.stringContaining("Value '0' at 'maxResults' failed to satisfy constraint"),
      });
    });

    it('reports every constraint failure of a request in one ValidationException', async () => {
      expect(
        await failure(
          t.client.send(new ListRuleNamesByTargetCommand({ TargetArn: undefined as never, Limit: 500 })),
        ),
      ).toEqual({
        name: 'ValidationException',
        message:
          "2 validation errors detected: Value null at 'targetArn' failed to satisfy constraint: Member must not be null; " +
          "Value '500' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
        status: 400,
      });
      expect(await failure(t.client.send(new ListRulesCommand({ NamePrefix: 'no spaces' })))).toMatchObject({
        message:
          "1 validation error detected: Value 'no spaces' at 'namePrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
      });
      expect(await failure(t.client.send(new ListArchivesCommand({ State: 'ON' as never })))).toMatchObject({
        message:
          "1 validation error detected: Value 'ON' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, CREATING, UPDATING, CREATE_FAILED, UPDATE_FAILED]",
      });
    });

    it('refuses a NextToken it did not issue, or issued for another operation or other filters', async () => {
      const { NextToken } = await t.client.send(new ListRulesCommand({ EventBusName: 'paved', Limit: 1 }));
      const invalid = {
        name: 'InvalidToken',
        message: expect.stringMatching(/^The NextToken provided is invalid or expired: /),
        status: 400,
      };
      expect(
        await failure(t.client.send(new ListRulesCommand({ EventBusName: 'paved', NextToken: 'garbage' }))),
      ).toEqual(invalid);
      expect(
        await failure(
          t.client.send(new ListRulesCommand({ EventBusName: 'paved', NamePrefix: 'jobs-', NextToken })),
        ),
      ).toEqual(invalid);
      expect(await failure(t.client.send(new ListReplaysCommand({ NextToken })))).toEqual(invalid);
      expect(await failure(t.client.send(new ListConnectionsCommand({ NextToken })))).toEqual(invalid);
      // The same request with another Limit is fine: only the filters are bound to the token.
      const next = await t.client.send(new ListRulesCommand({ EventBusName: 'paved', Limit: 2, NextToken }));
      expect(next.Rules?.map((r) => r.Name)).toEqual(RULES.slice(1, 3));
    });

    it('answers a member of the wrong JSON type with SerializationException', async () => {
      const limit = await rawRequest(t.bus, 'AWSEvents.ListRules', '{"Limit": "5"}');
      expect([limit.status, limit.body['__type']]).toEqual([400, 'SerializationException']);
      const name = await rawRequest(t.bus, 'AWSEvents.DescribeRule', '{"Name": 5}');
      expect(name.body['__type']).toBe('SerializationException');
    });
  });
});
