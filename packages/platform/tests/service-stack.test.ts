import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EventHandler, InvalidPlatformConfigError, ServiceStack } from '../src';
import { auditOrder, inventorySubscriptions, notifyCustomer, reserveStock } from './fixtures/handlers';
import { prepareFixtureBundles, serviceTemplate, testApp } from './helpers';

const env = { account: '111111111111', region: 'eu-west-1' };

describe('ServiceStack', () => {
  let stack: ServiceStack;
  let template: Template;

  beforeAll(() => {
    prepareFixtureBundles();
    stack = new ServiceStack(testApp(), 'Inventory', {
      service: 'inventory',
      subscriptions: inventorySubscriptions,
      busName: 'paved-dev',
      env,
      handlerProps: { 'notify-customer': { tracing: lambda.Tracing.DISABLED } },
    });
    // The service's handlers are in nested stacks: assert on the service as a whole.
    template = serviceTemplate(stack);
  });

  it('instantiates every registered handler, named after its subscription, on the imported bus', () => {
    expect(stack.handlers.map((handler) => handler.node.id)).toEqual(['ReserveStock', 'NotifyCustomer']);
    expect(stack.handlers[0]).toBeInstanceOf(EventHandler);
    expect(stack.handler('reserve-stock')).toBe(stack.handlers[0]);
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.resourceCountIs('AWS::Events::Rule', 2);
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'inventory-reserve-stock',
      EventBusName: 'paved-dev',
    });
    template.resourceCountIs('AWS::Events::EventBus', 0);
  });

  it("sends every alarm to the platform's topic, found by name", () => {
    const topicArn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:eu-west-1:111111111111:paved-dev-alarms']],
    };
    template.resourceCountIs('AWS::CloudWatch::Alarm', 14);
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm['Properties']['AlarmActions']).toEqual([topicArn]);
    }
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('passes handlerProps to the handler they name', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 256,
      TracingConfig: Match.absent(),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 512,
      TracingConfig: { Mode: 'Active' },
    });
  });

  it("builds the service's dashboard, listing its handlers' group dashboards, each with a row of widgets per handler", () => {
    const own = Template.fromStack(stack);
    own.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    own.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'paved-dev-inventory' });
    const listing = JSON.stringify(
      Object.values(own.findResources('AWS::CloudWatch::Dashboard'))[0]!['Properties']['DashboardBody'],
    );
    expect(stack.handlerGroups.length).toBeGreaterThan(0);
    for (const group of stack.handlerGroups) {
      const name = `paved-dev-inventory-handlers${String(group.group).padStart(2, '0')}`;
      const names = group.handlers.map((handler) => handler.subscription.name).join(', ');
      expect(listing).toContain(`- [${name}](#dashboards:name=${name}): ${names}`);
      const groupTemplate = Template.fromStack(group);
      groupTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      groupTemplate.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: name });
      const body = JSON.stringify(
        Object.values(groupTemplate.findResources('AWS::CloudWatch::Dashboard'))[0]!['Properties'][
          'DashboardBody'
        ],
      );
      for (const title of [
        'Invocations, errors, throttles',
        'Duration',
        'Dead-letter queues (messages)',
        'Rule',
        ...group.handlers.map((handler) => `${handler.subscription.name} alarms`),
      ]) {
        expect(body).toContain(title);
      }
      for (const metric of [
        'Invocations',
        'Errors',
        'Throttles',
        'Duration',
        'ApproximateNumberOfMessagesVisible',
        'FailedInvocations',
      ]) {
        expect(body).toContain(`\\"${metric}\\"`);
      }
    }
  });

  it('keeps every handler row on the one service dashboard with the flat layout', () => {
    const flat = new ServiceStack(testApp(), 'Inventory', {
      service: 'inventory',
      subscriptions: inventorySubscriptions,
      busName: 'paved-dev',
      env,
      handlerLayout: 'flat',
    });
    const flatTemplate = Template.fromStack(flat);
    expect(flat.handlerGroups).toEqual([]);
    flatTemplate.resourceCountIs('AWS::Lambda::Function', 2);
    flatTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(
      Object.values(flatTemplate.findResources('AWS::CloudWatch::Dashboard'))[0]!['Properties'][
        'DashboardBody'
      ],
    );
    expect(body).toContain('reserve-stock alarms');
    expect(body).toContain('notify-customer alarms');
  });

  it('gives the service its own alarm topic when it names an alarm email', () => {
    const own = new ServiceStack(testApp(), 'Inventory', {
      service: 'inventory',
      subscriptions: inventorySubscriptions,
      alarmEmail: 'inventory@example.com',
    });
    const ownTemplate = serviceTemplate(own);
    ownTemplate.resourceCountIs('AWS::SNS::Topic', 1);
    ownTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'inventory@example.com',
    });
    ownTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      // In a handler's nested stack, the service stack's topic is a parameter.
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^referencetoInventoryAlarmsTopic') }],
    });
  });

  it('refuses a handler of another service, naming both and the fix', () => {
    expect(
      () =>
        new ServiceStack(testApp(), 'Inventory', {
          service: 'inventory',
          subscriptions: [reserveStock, auditOrder],
        }),
    ).toThrow(
      new InvalidPlatformConfigError(
        'Handler audit-audit-order belongs to service "audit", not "inventory": list it in its own service\'s stack, or fix the subscription\'s service.',
      ),
    );
  });

  it('refuses a handler listed twice', () => {
    expect(
      () =>
        new ServiceStack(testApp(), 'Inventory', {
          service: 'inventory',
          subscriptions: [notifyCustomer, notifyCustomer],
        }),
    ).toThrow(
      'Handler inventory-notify-customer is listed twice in service inventory: list each handler once.',
    );
  });

  it('refuses handlerProps for a handler the service does not have', () => {
    expect(
      () =>
        new ServiceStack(testApp(), 'Inventory', {
          service: 'inventory',
          subscriptions: inventorySubscriptions,
          handlerProps: { 'reserve-stocks': {} },
        }),
    ).toThrow(
      'handlerProps names "reserve-stocks", which is not a handler of service inventory (handlers: reserve-stock, notify-customer). Use the subscription\'s name.',
    );
  });
});
