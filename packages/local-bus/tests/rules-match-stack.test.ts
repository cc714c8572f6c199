import { PlatformStack, ServiceStack } from '@paved/platform';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { localBusRoutes, localRules, type LocalRuleDefinition } from '../src';
import { functionEnvironment } from '../src/delivery/functions';
import { resolveOptions } from '../src/options';
import { RuleBook } from '../src/core/rules';
import { shopSubscriptions } from './fixtures/stack/subscriptions';
import { ApiRoutes } from '../src/http/api-routes';
import { createSignup, echo } from './fixtures/chain';

type Resource = { Properties: Record<string, unknown> };
type TargetProps = {
  Arn: { 'Fn::GetAtt': [string, string] };
  RetryPolicy: unknown;
  DeadLetterConfig?: unknown;
  Input?: string;
  InputPath?: string;
  InputTransformer?: unknown;
};

// What runs locally must be what deploys: the same subscriptions, synthesized by the platform's ServiceStack and
// built into rules by the local bus, give the same rules, patterns and retry settings.
describe('the local bus rules and the synthesized stack', () => {
  let rules: [string, Resource][];
  let invokeConfigs: Resource[];
  let local: Map<string, LocalRuleDefinition>;
  let functions: Resource[];

  beforeAll(() => {
    const app = new App({
      builtinCloudFormationValidation: false,
      context: { mailFrom: 'shop@example.com' },
    });
    const stack = new ServiceStack(app, 'Shop', {
      service: 'shop',
      subscriptions: shopSubscriptions,
      env: { account: '111111111111', region: 'eu-west-1' },
      // Inline code: what is compared is the wiring, so no handler needs bundling.
      handlerProps: Object.fromEntries(
        shopSubscriptions.map((s) => [
          s.name,
          { code: lambda.Code.fromInline('exports.handler = async () => {};') },
        ]),
      ),
    });
    // Handlers live in the service's nested stacks (one per placement group): their resources are read from all.
    const resources = Object.assign(
      {},
      ...[stack, ...stack.handlerGroups].map((owner) => Template.fromStack(owner).toJSON()['Resources']),
    ) as Record<string, unknown>;
    const template = Template.fromJSON({ Resources: resources }, { skipCyclicalDependenciesCheck: true });
    rules = Object.entries(template.findResources('AWS::Events::Rule')) as [string, Resource][];
    invokeConfigs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')) as Resource[];
    functions = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
    local = new Map(localRules(shopSubscriptions).map((rule) => [rule.Name, rule]));
  });

  it('has one rule per subscription on both sides', () => {
    expect(rules.map(([, r]) => r.Properties['Name']).sort()).toEqual([...local.keys()].sort());
    expect(local.size).toBe(shopSubscriptions.length);
  });

  it('gives every rule the same name, bus and event pattern', () => {
    for (const [, { Properties }] of rules) {
      const mine = local.get(Properties['Name'] as string)!;
      expect({
        Name: Properties['Name'],
        EventBusName: Properties['EventBusName'],
        EventPattern: Properties['EventPattern'],
      }).toEqual({
        Name: mine.Name,
        EventBusName: mine.EventBusName,
        EventPattern: JSON.parse(mine.EventPattern),
      });
    }
  });

  it("retries delivery to each rule's target as the stack's RetryPolicy says, into a dead-letter queue", () => {
    for (const [, { Properties }] of rules) {
      const mine = local.get(Properties['Name'] as string)!;
      const [target, ...others] = Properties['Targets'] as TargetProps[];
      expect(others).toEqual([]);
      expect(target!.RetryPolicy).toEqual(mine.Target.RetryPolicy);
      expect(target!.DeadLetterConfig).toEqual({
        Arn: { 'Fn::GetAtt': [expect.stringMatching(/DeliveryDlq/), 'Arn'] },
      });
    }
  });

  it("gives each rule's target the same Input, InputPath or InputTransformer, or none", () => {
    for (const [, { Properties }] of rules) {
      const mine = local.get(Properties['Name'] as string)!;
      const [target] = Properties['Targets'] as TargetProps[];
      expect({
        Input: target!.Input,
        InputPath: target!.InputPath,
        InputTransformer: target!.InputTransformer,
      }).toEqual({
        Input: mine.Target.Input,
        InputPath: mine.Target.InputPath,
        InputTransformer: mine.Target.InputTransformer,
      });
    }
  });

  it("retries each failed invocation as the function's EventInvokeConfig says, into its on-failure queue", () => {
    expect(invokeConfigs).toHaveLength(rules.length);
    for (const [, { Properties }] of rules) {
      const mine = local.get(Properties['Name'] as string)!;
      const functionId = (Properties['Targets'] as TargetProps[])[0]!.Arn['Fn::GetAtt'][0];
      const config = invokeConfigs.find(
        (c) => (c.Properties['FunctionName'] as { Ref: string }).Ref === functionId,
      )!;
      expect(config.Properties).toEqual({
        FunctionName: { Ref: functionId },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: mine.EventInvokeConfig.MaximumRetryAttempts,
        MaximumEventAgeInSeconds: mine.EventInvokeConfig.MaximumEventAgeInSeconds,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/FailureDlq/), 'Arn'] } },
        },
      });
    }
  });

  it('compares every kind of input, as declared, not only rules without one', () => {
    expect(local.get('shop-summarize-signup')!.Target.InputTransformer).toEqual({
      InputPathsMap: { email: '$.detail.email', 'signup-id': '$.id' },
      InputTemplate: '{"email": <email>, "signup": "<signup-id>", "rule": <aws.events.rule-name>}',
    });
    expect(local.get('shop-signup-detail')!.Target.InputPath).toBe('$.detail');
    expect(local.get('shop-tick')!.Target.Input).toBe('{"action": "tick"}');
    expect(local.get('shop-record-signup')!.Target).not.toHaveProperty('InputTransformer');
  });

  it('gives each function the settings its stores and email need, under the same names on both sides', () => {
    const options = resolveOptions({ subscriptions: shopSubscriptions, dataDir: '/tmp/paved-shop' });
    const book = new RuleBook(
      { region: 'eu-west-1', accountId: '111111111111' },
      ['default', 'paved'],
      'paved',
      shopSubscriptions,
    );
    const declared = (variables: Record<string, unknown>) =>
      Object.keys(variables)
        .filter((name) => name.endsWith('_BUCKET') || name === 'MAIL_FROM')
        .sort();
    for (const subscription of shopSubscriptions) {
      const deployed = functions.find((fn) =>
        String(fn.Properties['Description']).startsWith(subscription.description.slice(0, 40)),
      )!;
      const onAws = declared(
        (deployed.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables,
      );
      const locally = declared(
        functionEnvironment(book.functionRule(subscription.id)!, options, 'http://127.0.0.1:1'),
      );
      expect({ id: subscription.id, variables: locally }).toEqual({ id: subscription.id, variables: onAws });
    }
    expect(declared(functionEnvironment(book.functionRule('shop-audit-jobs')!, options, ''))).toEqual([
      'AUDITS_BUCKET',
      'JOB_LOG_BUCKET',
      'MAIL_FROM',
    ]);
  });

  it('compares settings that differ from the defaults, not only defaults', () => {
    const audit = local.get('shop-audit-jobs')!;
    expect(audit.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 7200 });
    expect(audit.EventInvokeConfig).toMatchObject({
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 3600,
    });
    expect(local.get('shop-once-only')!.Target.RetryPolicy).toEqual({
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
  });
});

// The routes from the default bus to the paved bus: what the platform's shared stack deploys for the workspace's
// contracts is what the local bus installs on its default bus for the same subscriptions.
describe("the local bus's routes and the synthesized platform stack", () => {
  let deployed: Resource[];
  let resources: Record<string, Resource & { Type: string }>;

  beforeAll(() => {
    const app = new App({ builtinCloudFormationValidation: false });
    const contracts = [...new Set(shopSubscriptions.map((s) => s.contract))];
    const stack = new PlatformStack(app, 'Platform', {
      contracts,
      env: { account: '111111111111', region: 'eu-west-1' },
    });
    const template = Template.fromStack(stack);
    resources = template.toJSON()['Resources'];
    deployed = Object.values(template.findResources('AWS::Events::Rule')) as Resource[];
  });

  const local = () =>
    new Map(
      localBusRoutes(shopSubscriptions, { region: 'eu-west-1', accountId: '111111111111' }).map((r) => [
        r.Name,
        r,
      ]),
    );

  it('has the same routes on both sides: application events, and the one AWS event a handler consumes', () => {
    expect(deployed.map((r) => r.Properties['Name']).sort()).toEqual([...local().keys()].sort());
    expect([...local().keys()].sort()).toEqual(['paved-application-events', 'paved-aws-s3-object-created']);
  });

  it('gives every route the same name, bus and pattern, and a target on the same bus', () => {
    for (const { Properties } of deployed) {
      const mine = local().get(Properties['Name'] as string)!;
      const [target, ...others] = Properties['Targets'] as (TargetProps & { Arn: unknown })[];
      expect(others).toEqual([]);
      const busId = (target!.Arn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      expect({
        Name: Properties['Name'],
        EventBusName: Properties['EventBusName'],
        EventPattern: Properties['EventPattern'],
        TargetBus: resources[busId]!.Properties['Name'],
        RetryPolicy: target!.RetryPolicy,
      }).toEqual({
        Name: mine.Name,
        EventBusName: mine.EventBusName,
        EventPattern: JSON.parse(mine.EventPattern),
        TargetBus: /:event-bus\/(.+)$/.exec(mine.Target.Arn)![1],
        RetryPolicy: mine.Target.RetryPolicy,
      });
      expect(resources[busId]!.Type).toBe('AWS::Events::EventBus');
      const dlqId = (target!.DeadLetterConfig as { Arn: { 'Fn::GetAtt': [string, string] } }).Arn[
        'Fn::GetAtt'
      ][0];
      expect(resources[dlqId]!.Type).toBe('AWS::SQS::Queue');
      expect(mine.Target.DeadLetterConfig.Arn).toBe(`arn:aws:sqs:eu-west-1:111111111111:${mine.Name}-dlq`);
    }
  });

  it('forwards the AWS event by its source and detail-type alone: subscriptions narrow it on the paved bus', () => {
    expect(JSON.parse(local().get('paved-aws-s3-object-created')!.EventPattern)).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
    });
  });
});

// The routes the local bus serves must be the routes API Gateway serves: same method and path (route key), and the
// same event format for the function (payload format 2.0, which the local bus builds).
describe("the local bus's API routes and the synthesized HTTP API", () => {
  const apis = [createSignup, echo];
  let routes: Resource[];
  let integrations: Resource[];

  beforeAll(() => {
    const stack = new ServiceStack(new App({ builtinCloudFormationValidation: false }), 'Identity', {
      service: 'identity',
      subscriptions: [],
      // An API of another service is refused by the stack; the routes compared are the declarations'.
      apis: apis.map((api) => ({ ...api, service: 'identity' })),
      env: { account: '111111111111', region: 'eu-west-1' },
      apiProps: Object.fromEntries(
        apis.map((api) => [api.name, { code: lambda.Code.fromInline('exports.handler = async () => {};') }]),
      ),
    });
    const template = Template.fromStack(stack);
    routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    integrations = Object.values(template.findResources('AWS::ApiGatewayV2::Integration')) as Resource[];
  });

  it('serves the same route keys on both sides', () => {
    const local = new ApiRoutes(apis).list().map((api) => `${api.method} ${api.path}`);
    expect(routes.map((route) => route.Properties['RouteKey']).sort()).toEqual([...local].sort());
    expect(local).toEqual(['POST /signups', 'ANY /echo/{id}/{rest+}']);
  });

  it('invokes each function with the payload format the local bus builds', () => {
    expect(integrations.map((integration) => integration.Properties['PayloadFormatVersion'])).toEqual([
      '2.0',
      '2.0',
    ]);
    expect(new ApiRoutes(apis).match('POST', '/signups')?.api).toBe(createSignup);
    expect(new ApiRoutes(apis).match('GET', '/echo/7/a/b')?.pathParameters).toEqual({ id: '7', rest: 'a/b' });
  });
});
