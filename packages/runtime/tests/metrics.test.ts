import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { defineSubscription } from '@paved/events';
import { createPublisher, defineHandler, PermanentError } from '../src';
import { metricsEnabled } from '../src/metrics';
import { OrderCreated, StockReserved } from './support/contracts';
import { answer, eventBridge, PutEventsCommand } from './support/event-bridge';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { captureLogs, type LogLine } from './support/logs';

/** An EMF line as Powertools Metrics prints it. */
interface EmfLine extends LogLine {
  readonly _aws: {
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
}

const publisher = createPublisher({
  client: new EventBridgeClient({ region: 'eu-west-1' }),
  eventBusName: 'b',
});
const subscription = defineSubscription({
  name: 'reserve-stock',
  service: 'inventory',
  contract: OrderCreated,
  entry: __filename,
  description: 'Reserves stock.',
  publishes: [StockReserved],
});

let logs: ReturnType<typeof captureLogs>;
const saved = process.env['PAVED_METRICS'];
beforeEach(() => {
  logs = captureLogs();
  process.env['PAVED_METRICS'] = 'emf';
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake(answer());
});
afterEach(() => {
  logs.restore();
  if (saved === undefined) delete process.env['PAVED_METRICS'];
  else process.env['PAVED_METRICS'] = saved;
});

const emf = (): EmfLine[] => logs.lines().filter((line): line is EmfLine => '_aws' in line);
/** The EMF lines that carry metric `name`, as { dimensions, value }. */
const metric = (name: string) =>
  emf()
    .filter((line) => line._aws.CloudWatchMetrics[0]!.Metrics.some((m) => m.Name === name))
    .map((line) => ({
      namespace: line._aws.CloudWatchMetrics[0]!.Namespace,
      dimensions: Object.fromEntries(
        line._aws.CloudWatchMetrics[0]!.Dimensions[0]!.map((key) => [key, line[key]]),
      ),
      value: line[name],
    }));

let nextId = 0;
const newEvent = () => {
  nextId += 1;
  return { ...loadEvent('order-created'), id: `c0000000-0000-4000-8000-${String(nextId).padStart(12, '0')}` };
};

describe('metrics (EMF)', () => {
  it('counts a handled delivery and its duration, by service and handler', async () => {
    // A bare contract: the handler is named by the function, the service by the contract's source.
    const handler = defineHandler(OrderCreated, () => ({ done: true }));
    await handler(newEvent(), fakeContext());
    expect(metric('Handled')).toEqual([
      {
        namespace: 'paved',
        dimensions: { service: 'paved.test.orders', handler: 'paved.test.orders/OrderCreated' },
        value: 1,
      },
    ]);
    const [duration] = metric('Duration');
    expect(duration!.dimensions).toEqual({
      service: 'paved.test.orders',
      handler: 'paved.test.orders/OrderCreated',
    });
    expect(typeof duration!.value).toBe('number');
  });

  it('counts failures by class: transient, permanent', async () => {
    const transient = defineHandler(OrderCreated, () => {
      throw new Error('database unavailable');
    });
    await expect(transient(newEvent(), fakeContext())).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    const permanent = defineHandler(OrderCreated, () => {
      throw new PermanentError('total does not match');
    });
    // No failure DLQ is set here, so the permanent failure is thrown after it is counted.
    await expect(permanent(newEvent(), fakeContext())).rejects.toMatchObject({ code: 'PERMANENT_FAILURE' });
    expect(metric('Failed').map((m) => [m.dimensions['failureClass'], m.value])).toEqual([
      ['transient', 1],
      ['permanent', 1],
    ]);
    expect(metric('Handled')).toEqual([]);
    // Duration keeps its two dimensions: a failure's duration is not split off by class.
    expect(metric('Duration').map((m) => Object.keys(m.dimensions).sort())).toEqual([
      ['handler', 'service'],
      ['handler', 'service'],
    ]);
  });

  it('counts an event that does not match its contract as invalid-event', async () => {
    const handler = defineHandler(OrderCreated, () => undefined);
    await expect(handler(loadEvent('order-created-invalid'), fakeContext())).rejects.toMatchObject({
      code: 'INVALID_EVENT',
    });
    expect(metric('Failed').map((m) => m.dimensions['failureClass'])).toEqual(['invalid-event']);
  });

  it('counts the events a producer published, by contract', async () => {
    const handler = defineHandler(subscription, (order) =>
      publisher.publish(StockReserved, [
        { orderId: order.orderId, skus: ['SKU-1'] },
        { orderId: `${order.orderId}-b`, skus: ['SKU-2'] },
      ]),
    );
    await handler(newEvent(), fakeContext());
    expect(metric('Published')).toEqual([
      {
        namespace: 'paved',
        dimensions: {
          service: 'inventory',
          handler: 'inventory-reserve-stock',
          contract: StockReserved.name,
        },
        value: 2,
      },
    ]);
  });

  it('prints nothing locally unless asked: PAVED_LOCAL=1 and off the Lambda runtime', () => {
    expect(metricsEnabled({ PAVED_LOCAL: '1' })).toBe(false);
    expect(metricsEnabled({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', PAVED_LOCAL: '1' })).toBe(false);
    expect(metricsEnabled({})).toBe(false);
    expect(metricsEnabled({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' })).toBe(true);
    expect(metricsEnabled({ PAVED_LOCAL: '1', PAVED_METRICS: 'emf' })).toBe(true);
    expect(metricsEnabled({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', PAVED_METRICS: 'off' })).toBe(false);
  });
});
