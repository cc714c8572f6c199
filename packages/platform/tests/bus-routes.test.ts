import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { busRoutes, defineSubscription } from '@paved/events';
import { BusRouteRule, PlatformStack, ServiceStack } from '../src';
import { uploads } from './fixtures/buckets';
import { OrderCreated } from './fixtures/contracts';
import { createThumbnail } from './fixtures/handlers';
import { serviceTemplate, testApp } from './helpers';

type Resource = { Properties: Record<string, unknown> };

const env = { account: '111111111111', region: 'eu-west-1' };
const inline = { code: lambda.Code.fromInline('exports.handler = async () => {};') };

/** The rules on the default bus. */
function defaultBusRules(template: Template): Resource[] {
  return Object.values(
    template.findResources('AWS::Events::Rule', { Properties: { EventBusName: 'default' } }),
  ) as Resource[];
}

describe('the route of application events (PlatformStack)', () => {
  let template: Template;
  let stack: PlatformStack;

  beforeAll(() => {
    stack = new PlatformStack(testApp(), 'Platform', { contracts: [OrderCreated], env });
    template = Template.fromStack(stack);
  });

  it('puts a rule on the default bus, named after the paved bus, matching every source not starting with aws.', () => {
    const [route] = busRoutes();
    expect(defaultBusRules(template)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          Name: 'paved-application-events',
          EventBusName: 'default',
          EventPattern: { source: [{ 'anything-but': { prefix: 'aws.' } }] },
          Description: route!.description,
          State: 'ENABLED',
        }),
      }),
    ]);
    expect(stack.routes['paved-application-events']?.route).toEqual(route);
  });

  it('targets the paved bus with its own role, a retry policy of 185 attempts over 24 hours and a dead-letter queue', () => {
    const [rule] = defaultBusRules(template);
    expect(rule!.Properties['Targets']).toEqual([
      {
        Id: 'Target0',
        Arn: { 'Fn::GetAtt': [expect.stringMatching(/^EventBus/), 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^ApplicationEventsRole/), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [expect.stringMatching(/^ApplicationEventsDeadLetterQueue/), 'Arn'] },
        },
      },
    ]);
  });

  it('lets only this rule assume the role, and the role only put events on the paved bus', () => {
    const ruleArn = {
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:111111111111:rule/paved-application-events'],
      ],
    };
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111', 'aws:SourceArn': ruleArn } },
          },
        ],
      },
    });
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { PolicyName: Match.stringLikeRegexp('^ApplicationEventsRole') },
      }),
    ) as Resource[];
    expect(
      policies.map((policy) => (policy.Properties['PolicyDocument'] as { Statement: unknown }).Statement),
    ).toEqual([
      [
        {
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^EventBus/), 'Arn'] },
        },
      ],
    ]);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'events.amazonaws.com' },
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApplicationEventsDeadLetterQueue'), 'Arn'] },
            Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
          },
        ]),
      },
    });
  });

  it('keeps undelivered events 14 days, encrypted, and alarms on them and on events lost', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 1209600,
      SqsManagedSseEnabled: true,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Events',
      MetricName: 'InvocationsFailedToBeSentToDlq',
      Dimensions: [{ Name: 'RuleName', Value: 'paved-application-events' }],
      Threshold: 0,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmsTopic') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      AlarmDescription: Match.stringLikeRegexp('^paved-application-events: events could not be put on paved'),
    });
  });

  it('can be left out', () => {
    const without = new PlatformStack(testApp(), 'Platform', {
      contracts: [OrderCreated],
      routeDefaultBus: false,
    });
    expect(without.routes).toEqual({});
    expect(defaultBusRules(Template.fromStack(without))).toEqual([]);
  });
});

describe('the routes of AWS events (PlatformStack)', () => {
  let template: Template;
  let stack: PlatformStack;

  beforeAll(() => {
    stack = new PlatformStack(testApp(), 'Platform', {
      // What the platform app passes: every contract in use, an AWS event among them (twice: two subscribers).
      contracts: [OrderCreated, createThumbnail.contract, createThumbnail.contract],
      busName: 'paved-dev',
      env,
    });
    template = Template.fromStack(stack);
  });

  it('forwards each kind of AWS event consumed once, however many subscribe to it', () => {
    expect(Object.values(stack.routes).map((route) => route.route)).toEqual(
      busRoutes({ contracts: [OrderCreated, createThumbnail.contract], busName: 'paved-dev' }),
    );
    expect(defaultBusRules(template).map((rule) => rule.Properties['Name'])).toEqual([
      'paved-dev-application-events',
      'paved-dev-aws-s3-object-created',
    ]);
    expect(defaultBusRules(template)[1]).toEqual(
      expect.objectContaining({
        Properties: expect.objectContaining({
          EventBusName: 'default',
          EventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'] },
          Targets: [
            expect.objectContaining({
              Arn: { 'Fn::GetAtt': [expect.stringMatching(/^EventBus/), 'Arn'] },
              RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
              DeadLetterConfig: expect.anything(),
            }),
          ],
        }),
      }),
    );
  });

  it("lets each route's role put events on the paved bus only", () => {
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { PolicyName: Match.stringLikeRegexp('^RoutePavedDevAwsS3ObjectCreatedRole') },
      }),
    ) as Resource[];
    expect(
      policies.map((policy) => (policy.Properties['PolicyDocument'] as { Statement: unknown }).Statement),
    ).toEqual([
      [
        {
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^EventBus/), 'Arn'] },
        },
      ],
    ]);
  });

  it('is exposed for a team that needs to reach the rule', () => {
    expect(stack.routes['paved-dev-aws-s3-object-created']).toBeInstanceOf(BusRouteRule);
  });
});

describe('a service that consumes AWS events (ServiceStack)', () => {
  it("puts each handler's rule on the paved bus with its subscription's pattern, and no rule on default", () => {
    const indexImage = defineSubscription({
      name: 'index-image',
      service: 'media',
      contract: createThumbnail.contract,
      pattern: uploads.objectCreated,
      entry: createThumbnail.entry,
      description: 'Indexes every uploaded image.',
    });
    const stack = new ServiceStack(testApp(), 'Media', {
      service: 'media',
      subscriptions: [createThumbnail, indexImage],
      busName: 'paved-dev',
      env,
      handlerProps: { 'create-thumbnail': inline, 'index-image': inline },
    });
    const template = serviceTemplate(stack);
    const onPaved = Object.values(
      template.findResources('AWS::Events::Rule', { Properties: { EventBusName: 'paved-dev' } }),
    ) as Resource[];
    expect(onPaved.map((rule) => [rule.Properties['Name'], rule.Properties['EventPattern']])).toEqual([
      ['media-create-thumbnail', JSON.parse(JSON.stringify(uploads.objectCreated))],
      ['media-index-image', JSON.parse(JSON.stringify(uploads.objectCreated))],
    ]);
    expect(defaultBusRules(template)).toEqual([]);
  });
});
