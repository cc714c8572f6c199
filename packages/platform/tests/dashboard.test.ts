import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { runtimeMetrics, ServiceStack } from '../src';
import { api as takeOrder } from './fixtures/apis/take-order/src/api';
import { inventorySubscriptions } from './fixtures/handlers';
import { testApp } from './helpers';

const env = { account: '111111111111', region: 'eu-west-1' };
const inline = { code: lambda.Code.fromInline('exports.handler = async () => {};') };

/** A widget of the dashboard body, as CloudWatch reads it. */
interface Widget {
  readonly type: string;
  readonly properties: {
    readonly title?: string;
    readonly markdown?: string;
    readonly metrics?: readonly (readonly unknown[])[];
    readonly stacked?: boolean;
  };
}

/**
 * The widgets of the service's dashboard and of its handler groups' dashboards (each group's handlers are on its own),
 * their tokens (the DLQ names, the region: always inside JSON strings) read as `TOKEN`.
 */
function widgetsOf(stack: ServiceStack): Widget[] {
  return [stack, ...stack.handlerGroups].flatMap((owner) => {
    const [dashboard] = Object.values(Template.fromStack(owner).findResources('AWS::CloudWatch::Dashboard'));
    const body = owner.resolve(dashboard!['Properties']['DashboardBody']) as {
      'Fn::Join': [string, unknown[]];
    };
    const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
    return (JSON.parse(text) as { widgets: Widget[] }).widgets;
  });
}

/** A metric line of a graph widget: [namespace, name, ...dimension pairs, options]. */
function metricsOf(widget: Widget | undefined) {
  if (!widget) throw new Error('No such widget on the dashboard.');
  return (widget.properties.metrics ?? []).map((line) => {
    const values = line.filter((value) => typeof value === 'string') as string[];
    const options = line.find((value) => typeof value === 'object') as { label?: string; stat?: string };
    const [namespace, name, ...pairs] = values;
    const dimensions: Record<string, string> = {};
    for (let index = 0; index + 1 < pairs.length; index += 2) dimensions[pairs[index]!] = pairs[index + 1]!;
    return { namespace, name, dimensions, label: options?.label, stat: options?.stat };
  });
}

describe('the service dashboard', () => {
  let stack: ServiceStack;
  let widgets: Widget[];
  const titled = (title: string) => widgets.find((widget) => widget.properties.title === title);

  beforeAll(() => {
    stack = new ServiceStack(testApp(), 'Inventory', {
      service: 'inventory',
      subscriptions: inventorySubscriptions,
      apis: [takeOrder],
      env,
      handlerProps: { 'reserve-stock': inline, 'notify-customer': inline },
      apiProps: { 'take-order': inline },
    });
    widgets = widgetsOf(stack);
  });

  it('is one dashboard per service, and one per nested stack of its handlers beside them', () => {
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(stack.handlerGroups.length).toBeGreaterThan(0);
    for (const group of stack.handlerGroups) {
      Template.fromStack(group).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      expect(group.dashboard.dashboard.node.scope?.node.scope).toBe(group);
    }
  });

  it('shows per handler what it handled and what failed, by failure class, from the runtime’s metrics', () => {
    const lines = metricsOf(titled('reserve-stock: handled, failed by class'));
    expect(lines.map((line) => line.label)).toEqual([
      'handled',
      'invalid-event',
      'permanent',
      'idempotency-conflict',
      'transient',
    ]);
    for (const line of lines) {
      expect(line.namespace).toBe('paved');
      expect(line.dimensions).toMatchObject({ service: 'inventory', handler: 'inventory-reserve-stock' });
      expect(line.stat).toBe('Sum');
    }
    expect(lines[0]!.name).toBe('Handled');
    expect(lines.slice(1).map((line) => [line.name, line.dimensions['failureClass']])).toEqual([
      ['Failed', 'invalid-event'],
      ['Failed', 'permanent'],
      ['Failed', 'idempotency-conflict'],
      ['Failed', 'transient'],
    ]);
  });

  it('shows per handler its duration p50 and p99', () => {
    const lines = metricsOf(titled('notify-customer: duration (ms)'));
    expect(lines.map((line) => [line.name, line.stat, line.dimensions['handler']])).toEqual([
      ['Duration', 'p50', 'inventory-notify-customer'],
      ['Duration', 'p99', 'inventory-notify-customer'],
    ]);
  });

  it('shows per producer the events it published, one line per contract it declares', () => {
    const lines = metricsOf(titled('reserve-stock: published'));
    expect(lines.map((line) => [line.name, line.dimensions['contract']])).toEqual([
      ['Published', 'paved.fixtures.inventory/StockReserved'],
      ['Published', 'paved.fixtures.inventory/Stock Short'],
    ]);
    // A handler that publishes nothing has no such graph.
    expect(titled('notify-customer: published')).toBeUndefined();
  });

  it('shows the API endpoint as a producer too, with its own failure classes', () => {
    expect(metricsOf(titled('POST /orders: handled, failed by class')).map((line) => line.label)).toEqual([
      'handled',
      'invalid-request',
      'internal',
    ]);
    expect(metricsOf(titled('POST /orders: published')).map((line) => line.dimensions)).toEqual([
      { service: 'inventory', handler: 'inventory-take-order', contract: takeOrder.publishes[0]!.name },
    ]);
  });

  it("keeps each handler's dead-letter queue depth beside them", () => {
    const dlqs = widgets.filter((widget) => widget.properties.title === 'Dead-letter queues (messages)');
    expect(dlqs).toHaveLength(2);
    expect(metricsOf(dlqs[0]).map((line) => [line.name, line.label])).toEqual([
      ['ApproximateNumberOfMessagesVisible', 'Failure DLQ'],
      ['ApproximateNumberOfMessagesVisible', 'Delivery DLQ'],
    ]);
  });
});

describe('runtimeMetrics', () => {
  it("names the runtime's metrics for a team's own alarms", () => {
    const metrics = runtimeMetrics({ service: 'orders', handler: 'orders-charge-payment' });
    const failed = new Stack().resolve(metrics.failed('transient').toMetricConfig().metricStat) as {
      namespace: string;
      metricName: string;
      statistic: string;
      dimensions: { name: string; value: string }[];
    };
    expect(failed).toMatchObject({ namespace: 'paved', metricName: 'Failed', statistic: 'Sum' });
    expect(Object.fromEntries(failed.dimensions.map(({ name, value }) => [name, value]))).toEqual({
      service: 'orders',
      handler: 'orders-charge-payment',
      failureClass: 'transient',
    });
  });
});
