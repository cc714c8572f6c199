import { type Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ServiceStack } from '../src';
import { api as takeOrder } from './fixtures/apis/take-order/src/api';
import { inventorySubscriptions } from './fixtures/handlers';
import { serviceTemplate, testApp } from './helpers';

type FunctionResource = {
  Properties: { Environment: { Variables: Record<string, unknown> }; TracingConfig?: { Mode: string } };
};

const env = { account: '111111111111', region: 'eu-west-1' };
const inline = { code: lambda.Code.fromInline('exports.handler = async () => {};') };

describe('OpenTelemetry configuration of every function', () => {
  let template: Template;
  let stack: ServiceStack;

  beforeAll(() => {
    stack = new ServiceStack(testApp(), 'Inventory', {
      service: 'inventory',
      subscriptions: inventorySubscriptions,
      apis: [takeOrder],
      env,
      handlerProps: {
        'reserve-stock': inline,
        'notify-customer': { ...inline, tracing: lambda.Tracing.DISABLED },
      },
      apiProps: {
        'take-order': {
          ...inline,
          functionProps: {
            environment: { PAVED_TRACING: 'otlp', PAVED_OTLP_ENDPOINT: 'http://collector:4318/v1/traces' },
          },
        },
      },
    });
    template = serviceTemplate(stack);
  });

  const functionOf = (logicalIdPrefix: string): FunctionResource['Properties'] => {
    const [resource] = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) =>
      id.startsWith(logicalIdPrefix),
    );
    if (!resource) throw new Error(`No function ${logicalIdPrefix}… in the template.`);
    return (resource[1] as FunctionResource).Properties;
  };

  it('sends spans to X-Ray through the daemon: active tracing, PAVED_TRACING=xray, no layer, no wrapper', () => {
    const fn = functionOf('ReserveStockFunction');
    expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
    expect(fn.Environment.Variables).toMatchObject({
      PAVED_TRACING: 'xray',
      OTEL_SERVICE_NAME: 'inventory',
      POWERTOOLS_METRICS_NAMESPACE: 'paved',
      POWERTOOLS_SERVICE_NAME: 'inventory',
    });
    expect(fn.Environment.Variables['AWS_LAMBDA_EXEC_WRAPPER']).toBeUndefined();
    expect((fn as { Layers?: unknown }).Layers).toBeUndefined();
  });

  it("grants the daemon's X-Ray actions to the function's role, in a policy of their own", () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith('ReserveStockTracingPolicy'),
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]![1]['Properties']['PolicyDocument']['Statement']).toEqual([
      { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
    ]);
  });

  it('turns the spans off where X-Ray tracing is disabled: nothing would receive them', () => {
    const fn = functionOf('NotifyCustomerFunction');
    expect(fn.TracingConfig).toBeUndefined();
    expect(fn.Environment.Variables['PAVED_TRACING']).toBe('off');
  });

  it("configures API functions the same way, keeping a team's own PAVED_TRACING", () => {
    const fn = functionOf('ApiTakeOrderFunction');
    expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
    expect(fn.Environment.Variables).toMatchObject({
      PAVED_TRACING: 'otlp',
      PAVED_OTLP_ENDPOINT: 'http://collector:4318/v1/traces',
      OTEL_SERVICE_NAME: 'inventory',
    });
  });

  it("synthesizes exactly these tracing-related properties on a handler's function", () => {
    const fn = functionOf('ReserveStockFunction');
    const tracing = {
      TracingConfig: fn.TracingConfig,
      Environment: Object.fromEntries(
        Object.entries(fn.Environment.Variables).filter(([key]) =>
          /^(PAVED_TRACING|OTEL_|POWERTOOLS_|NODE_OPTIONS)/.test(key),
        ),
      ),
    };
    expect(tracing).toEqual({
      TracingConfig: { Mode: 'Active' },
      Environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'inventory',
        PAVED_TRACING: 'xray',
        OTEL_SERVICE_NAME: 'inventory',
        POWERTOOLS_METRICS_NAMESPACE: 'paved',
      },
    });
  });
});
