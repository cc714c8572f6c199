import { type App } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { defineApi } from '@paved/events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiEndpoint, InvalidPlatformConfigError, ServiceStack } from '../src';
import { api as takeOrder } from './fixtures/apis/take-order/src/api';
import { inventorySubscriptions } from './fixtures/handlers';
import { testApp } from './helpers';

type Resource = { Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

const env = { account: '111111111111', region: 'eu-west-1' };
const inline = { code: lambda.Code.fromInline('exports.handler = async () => {};') };
const handlerProps = { 'reserve-stock': inline, 'notify-customer': inline };

function statementsOf(template: Template, rolePrefix: string): Statement[] {
  return (Object.values(template.findResources('AWS::IAM::Policy')) as Resource[])
    .filter((policy) =>
      (policy.Properties['Roles'] as { Ref: string }[]).some((role) => role.Ref.startsWith(rolePrefix)),
    )
    .flatMap((policy) => (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement);
}

describe('ServiceApi', () => {
  let stack: ServiceStack;
  let template: Template;

  beforeAll(() => {
    // The endpoint's function is bundled at synth, as in a real deploy: the bundle is checked below.
    stack = new ServiceStack(testApp(), 'Inventory', {
      service: 'inventory',
      subscriptions: inventorySubscriptions,
      apis: [takeOrder],
      env,
      handlerProps,
    });
    template = Template.fromStack(stack);
  });

  it('makes one HTTP API for the service with the declared route, integrated with its function (payload 2.0)', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Name: 'paved-inventory',
      ProtocolType: 'HTTP',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /orders',
      AuthorizationType: 'NONE',
      Target: {
        'Fn::Join': [
          '',
          ['integrations/', { Ref: Match.stringLikeRegexp('^ApiHttpApiPOSTordersIntegration') }],
        ],
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiTakeOrderFunction'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiTakeOrderFunction'), 'Arn'] },
    });
    expect(stack.api?.endpoint('take-order')).toBeInstanceOf(ApiEndpoint);
  });

  it('runs the function like a handler, with the bus it publishes to', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 10,
      MemorySize: 256,
      TracingConfig: { Mode: 'Active' },
      Description: 'POST /orders: Takes an order and announces it.',
      Environment: {
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'inventory',
          PAVED_EVENT_BUS_NAME: 'paved',
        },
      },
    });
  });

  it('lets the function put exactly its declared contracts on the bus, and nothing on "*" but X-Ray', () => {
    const statements = statementsOf(template, 'ApiTakeOrderRole');
    expect(statements.filter((statement) => statement.Action === 'events:PutEvents')).toEqual([
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:111111111111:event-bus/paved'],
          ],
        },
        Condition: {
          StringEquals: { 'events:source': 'paved.fixtures.orders', 'events:detail-type': ['OrderCreated'] },
        },
      },
    ]);
    expect(statements.map((statement) => statement.Action)).toEqual(
      expect.arrayContaining([['logs:CreateLogStream', 'logs:PutLogEvents'], 'events:PutEvents']),
    );
    const wildcards = statements.filter((statement) => statement.Resource === '*');
    expect(wildcards.map((statement) => statement.Action)).toEqual([
      ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
    ]);
    expect(statements).toHaveLength(3);
  });

  it('serves the $default stage, auto-deployed and throttled, with JSON access logs kept a month', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
    const format = (Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as Resource)
      .Properties['AccessLogSettings'] as { Format: string };
    expect(Object.keys(JSON.parse(format.Format))).toEqual(
      expect.arrayContaining(['requestId', 'routeKey', 'status', 'integrationError', 'responseLatency']),
    );
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it("alarms on the API's 5xx answers and on the function's errors and throttles, notifying the service's topic", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: Match.stringLikeRegexp('^ApiHttpApi') } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [Match.anyValue()],
    });
    for (const metricName of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [
          { Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^ApiTakeOrderFunction') } },
        ],
        AlarmDescription: Match.stringLikeRegexp('^inventory-take-order \\(POST /orders\\)'),
      });
    }
  });

  it('gives the address as the stack output ApiUrl', () => {
    template.hasOutput('ApiUrl', {
      Value: {
        'Fn::Join': [
          '',
          [
            'https://',
            { Ref: Match.stringLikeRegexp('^ApiHttpApi') },
            '.execute-api.eu-west-1.',
            { Ref: 'AWS::URLSuffix' },
            '/',
          ],
        ],
      },
    });
  });

  it("bundles the function without the pattern engine or the CDK: the runtime, zod and the SDK's EventBridge client", () => {
    const fn = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^POST /orders') },
      }),
    )[0] as Resource;
    const key = (fn.Properties['Code'] as { S3Key: string }).S3Key.replace('.zip', '');
    const code = readFileSync(join((stack.node.root as App).outdir, `asset.${key}`, 'index.js'), 'utf8');
    for (const engine of ['RuleIndex', 'InvalidEventPatternError', 'aws-cdk-lib', 'esbuild'])
      expect(code).not.toContain(engine);
    expect(code).toContain('PutEventsCommand');
    // zod, Powertools Logger, the runtime and the SDK's EventBridge client (Smithy ~450 KB, as every publisher's).
    expect(Buffer.byteLength(code)).toBeLessThan(650 * 1024);
  });
});

describe('ServiceApi options', () => {
  it("puts every route behind the team's authorizer", () => {
    const authorizer = new HttpJwtAuthorizer(
      'Jwt',
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example',
      {
        jwtAudience: ['orders-client'],
      },
    );
    const stack = new ServiceStack(testApp(), 'Inventory', {
      service: 'inventory',
      subscriptions: [],
      apis: [takeOrder],
      apiAuthorizer: authorizer,
      apiProps: { 'take-order': inline },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /orders',
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: Match.stringLikeRegexp('Jwt') },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Audience: ['orders-client'],
        Issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example',
      },
    });
  });

  it('makes no HTTP API for a service without APIs', () => {
    const stack = new ServiceStack(testApp(), 'Inventory', {
      service: 'inventory',
      subscriptions: inventorySubscriptions,
      handlerProps,
    });
    expect(stack.api).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::Api', 0);
  });

  it("refuses another service's API, two APIs on one route, and apiProps for an unknown API", () => {
    const elsewhere = defineApi({ ...takeOrder, service: 'billing', examples: [takeOrder.examples[0]!] });
    expect(
      () =>
        new ServiceStack(testApp(), 'Inventory', {
          service: 'inventory',
          subscriptions: [],
          apis: [elsewhere],
        }),
    ).toThrow(
      new InvalidPlatformConfigError(
        'API billing-take-order belongs to service "billing", not "inventory": list it in its own service\'s stack, or fix the API\'s service.',
      ),
    );
    const again = defineApi({ ...takeOrder, name: 'take-order-again', examples: [takeOrder.examples[0]!] });
    expect(
      () =>
        new ServiceStack(testApp(), 'Inventory', {
          service: 'inventory',
          subscriptions: [],
          apis: [takeOrder, again],
        }),
    ).toThrow(
      'APIs inventory-take-order and inventory-take-order-again both declare the route POST /orders: a route has one function. Change one route.',
    );
    expect(
      () =>
        new ServiceStack(testApp(), 'Inventory', {
          service: 'inventory',
          subscriptions: [],
          apis: [takeOrder],
          apiProps: { 'take-orders': inline },
        }),
    ).toThrow(
      'apiProps names "take-orders", which is not an API of service inventory (APIs: take-order). Use the API\'s name.',
    );
  });
});
