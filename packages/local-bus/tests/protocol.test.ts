import {
  DescribeEventBusCommand,
  DescribeRuleCommand,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { fixtureSubscriptions } from './fixtures/subscriptions';
import { rawRequest, startTestBus, type TestBus } from './helpers';

const signup = (extra: Record<string, unknown> = {}) => ({
  Source: 'myapp.userservice',
  DetailType: 'user_signup',
  Detail: JSON.stringify({ email: 'a@example.com', name: 'A' }),
  EventBusName: 'paved',
  ...extra,
});

describe('the AWS JSON 1.1 protocol', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus((out) => [fixtureSubscriptions(out).welcome!, fixtureSubscriptions(out).audit!]);
  });
  afterAll(() => t.stop());

  const putError = async (entries: unknown[]) => {
    try {
      await t.client.send(new PutEventsCommand({ Entries: entries as never }));
    } catch (error) {
      return error as { name: string; message: string; $metadata: { httpStatusCode: number } };
    }
    throw new Error('PutEvents succeeded');
  };

  it('accepts a valid entry and answers with its EventId', async () => {
    const result = await t.client.send(new PutEventsCommand({ Entries: [signup()] }));
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('fails only the invalid entries, in their places, with AWS codes and messages', async () => {
    const result = await t.client.send(
      new PutEventsCommand({
        Entries: [
          signup(),
          signup({ Source: undefined }),
          signup({ DetailType: undefined }),
          signup({ Detail: undefined }),
          signup({ Detail: '{not json' }),
          signup({ Detail: '[1, 2]' }),
          signup({ Source: 'aws.s3' }),
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(6);
    expect(result.Entries?.[0]?.EventId).toBeDefined();
    expect(result.Entries?.slice(1)).toEqual([
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
      },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
    ]);
  });

  it('rejects more than 10 entries with a ValidationException', async () => {
    const error = await putError(Array.from({ length: 11 }, () => signup()));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('Member must have length less than or equal to 10');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('rejects an empty Entries list', async () => {
    const error = await putError([]);
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('Member must have length greater than or equal to 1');
  });

  it('rejects entries over 1 MB in total, counting sizes as AWS documents', async () => {
    const big = 'x'.repeat(400 * 1024);
    const ok = await t.client.send(
      new PutEventsCommand({ Entries: [signup({ Detail: JSON.stringify({ big }) })] }),
    );
    expect(ok.FailedEntryCount).toBe(0);
    const error = await putError([1, 2, 3].map(() => signup({ Detail: JSON.stringify({ big }) })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('Total size of the entries in the request is over the limit.');
  });

  it('accepts and drops an event for a bus that does not exist, as AWS does', async () => {
    const result = await t.client.send(
      new PutEventsCommand({ Entries: [signup({ EventBusName: 'no-such-bus' })] }),
    );
    expect(result.FailedEntryCount).toBe(0);
    const view = (await (
      await fetch(`${t.bus.url}/_paved/events/${result.Entries![0]!.EventId}`)
    ).json()) as { dropped: string };
    expect(view.dropped).toContain('Event bus no-such-bus does not exist');
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const response = await rawRequest(t.bus, 'AWSEvents.CreateEventBus', '{}');
    expect(response.status).toBe(400);
    expect(response.body['__type']).toBe('UnknownOperationException');
  });

  it('answers a request without X-Amz-Target with UnknownOperationException', async () => {
    const response = await rawRequest(t.bus, undefined, '{}');
    expect(response.body['__type']).toBe('UnknownOperationException');
  });

  it('answers malformed JSON with SerializationException, not a crash', async () => {
    const response = await rawRequest(t.bus, 'AWSEvents.PutEvents', '{"Entries": [');
    expect(response.status).toBe(400);
    expect(response.body['__type']).toBe('SerializationException');
    const wrongType = await rawRequest(t.bus, 'AWSEvents.PutEvents', '{"Entries": "nope"}');
    expect(wrongType.body['__type']).toBe('SerializationException');
    const entryType = await rawRequest(t.bus, 'AWSEvents.PutEvents', '{"Entries": [{"Source": 5}]}');
    expect(entryType.body['__type']).toBe('SerializationException');
  });

  it('refuses an oversized body with 413 before parsing it', async () => {
    const response = await rawRequest(t.bus, 'AWSEvents.PutEvents', 'x'.repeat(4 * 1024 * 1024));
    expect(response.status).toBe(413);
    expect(response.body['__type']).toBe('RequestEntityTooLargeException');
  });

  it('tests an event pattern', async () => {
    const event = JSON.stringify({
      id: '1',
      account: '1',
      source: 'myapp.userservice',
      time: '2025-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      'detail-type': 'user_signup',
      detail: {},
    });
    const yes = await t.client.send(
      new TestEventPatternCommand({
        EventPattern: JSON.stringify({ source: ['myapp.userservice'] }),
        Event: event,
      }),
    );
    const no = await t.client.send(
      new TestEventPatternCommand({ EventPattern: JSON.stringify({ source: ['other'] }), Event: event }),
    );
    expect([yes.Result, no.Result]).toEqual([true, false]);
  });

  it('rejects an invalid pattern with InvalidEventPatternException, and an invalid event with ValidationException', async () => {
    const event = JSON.stringify({
      id: '1',
      account: '1',
      source: 's',
      time: '2025-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      'detail-type': 'd',
      detail: {},
    });
    await expect(
      t.client.send(new TestEventPatternCommand({ EventPattern: '{not json', Event: event })),
    ).rejects.toMatchObject({
      name: 'InvalidEventPatternException',
      message: expect.stringMatching(/^Event pattern is not valid\. Reason: /),
    });
    await expect(
      t.client.send(new TestEventPatternCommand({ EventPattern: '{"source": ["s"]}', Event: '{}' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('describes and lists the buses, rules and targets the subscriptions define', async () => {
    const buses = await t.client.send(new ListEventBusesCommand({}));
    expect(buses.EventBuses?.map((b) => b.Name)).toEqual(['default', 'paved']);
    const bus = await t.client.send(new DescribeEventBusCommand({ Name: 'paved' }));
    expect(bus.Arn).toBe('arn:aws:events:us-east-1:000000000000:event-bus/paved');
    await expect(t.client.send(new DescribeEventBusCommand({ Name: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Event bus nope does not exist.',
    });
    const rules = await t.client.send(new ListRulesCommand({ EventBusName: 'paved' }));
    expect(rules.Rules?.map((r) => r.Name)).toEqual(['audit-audit-signup', 'identity-send-welcome']);
    expect(JSON.parse(rules.Rules![0]!.EventPattern!)).toEqual({
      source: ['myapp.userservice'],
      'detail-type': ['user_signup'],
    });
    const rule = await t.client.send(
      new DescribeRuleCommand({ Name: 'identity-send-welcome', EventBusName: 'paved' }),
    );
    expect(rule.Arn).toBe('arn:aws:events:us-east-1:000000000000:rule/paved/identity-send-welcome');
    const targets = await t.client.send(
      new ListTargetsByRuleCommand({ Rule: 'identity-send-welcome', EventBusName: 'paved' }),
    );
    expect(targets.Targets?.[0]).toMatchObject({
      Arn: 'arn:aws:lambda:us-east-1:000000000000:function:identity-send-welcome',
      RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:identity-send-welcome-delivery-dlq' },
    });
    await expect(
      t.client.send(new DescribeRuleCommand({ Name: 'nope', EventBusName: 'paved' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
