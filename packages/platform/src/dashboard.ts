import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { type AnyEventContract } from '@paved/events';
import { DIMENSION, type FailureClass, METRIC, METRICS_NAMESPACE } from '@paved/runtime/telemetry-names';
import { type ApiEndpoint } from './api-endpoint';
import { type EventHandler } from './event-handler';

/** The failure classes an event handler reports, and those an API reports (`@paved/runtime`'s metrics). */
const HANDLER_FAILURES: readonly FailureClass[] = [
  'invalid-event',
  'permanent',
  'idempotency-conflict',
  'transient',
];
const API_FAILURES: readonly FailureClass[] = ['invalid-request', 'internal'];

/** Where the runtime's metrics of one handler or API are: its service, and its id as the `handler` dimension. */
export interface RuntimeMetricsSource {
  readonly service: string;
  /** The subscription id of an event handler, the API id of an endpoint. */
  readonly handler: string;
}

/**
 * The metrics `@paved/runtime` publishes as EMF for one handler or API (namespace `paved`, dimensions `service` and
 * `handler`): what the service dashboard graphs and what a team's own alarms can watch.
 *
 * @example
 * new cloudwatch.Alarm(this, 'Transient', {
 *   metric: runtimeMetrics({ service: 'orders', handler: 'orders-charge-payment' }).failed('transient'),
 *   threshold: 10, evaluationPeriods: 1,
 * });
 */
export function runtimeMetrics(source: RuntimeMetricsSource, options: cloudwatch.MetricOptions = {}) {
  const metric = (metricName: string, extra: Record<string, string>, statistic: string) =>
    new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { [DIMENSION.service]: source.service, [DIMENSION.handler]: source.handler, ...extra },
      statistic,
      ...options,
    });
  return {
    /** Deliveries or requests handled (a repeated delivery answered from its record included). */
    handled: () => metric(METRIC.handled, {}, 'Sum'),
    /** Deliveries or requests failed, of one class. */
    failed: (failureClass: FailureClass) =>
      metric(METRIC.failed, { [DIMENSION.failureClass]: failureClass }, 'Sum'),
    /** The runtime's duration of a delivery or request, handled or failed (`statistic` such as p50, p99). */
    duration: (statistic: string) => metric(METRIC.duration, {}, statistic),
    /** Events of `contract` this handler or API put on the bus. */
    published: (contract: AnyEventContract) =>
      metric(METRIC.published, { [DIMENSION.contract]: contract.name }, 'Sum'),
  };
}

/** What {@link runtimeMetricsWidgets} shows: a service's handlers and API endpoints. */
export interface RuntimeMetricsWidgetsProps {
  readonly service: string;
  readonly handlers: readonly EventHandler[];
  /** @default none */
  readonly endpoints?: readonly ApiEndpoint[];
}

/**
 * The rows of the service dashboard that come from the runtime's own metrics: for each handler, and each API
 * endpoint, its outcomes (handled, failed by failure class), its duration p50/p99 as the runtime measured it, and,
 * for each that publishes, the events it published by contract. The function, rule and dead-letter queue rows come
 * from AWS's own metrics (`ServiceDashboard`).
 */
export function runtimeMetricsWidgets(props: RuntimeMetricsWidgetsProps): cloudwatch.IWidget[] {
  const period = Duration.minutes(1);
  const height = 6;
  const sources = [
    ...props.handlers.map((handler) => ({
      title: handler.subscription.name,
      handler: handler.subscription.id,
      failures: HANDLER_FAILURES,
      publishes: handler.subscription.publishes,
    })),
    ...(props.endpoints ?? []).map((endpoint) => ({
      title: endpoint.api.route,
      handler: endpoint.api.id,
      failures: API_FAILURES,
      publishes: endpoint.api.publishes as readonly AnyEventContract[],
    })),
  ];
  const widgets: cloudwatch.IWidget[] = [
    new cloudwatch.TextWidget({
      markdown:
        `## Runtime metrics\nFrom \`@paved/runtime\` (EMF, namespace \`${METRICS_NAMESPACE}\`, dimensions service and handler): ` +
        'handled and failed by class (invalid-event, permanent, idempotency-conflict: sent to the failure DLQ at once; ' +
        'transient: retried by Lambda), duration, and events published by contract.',
      width: 24,
      height: 2,
    }),
  ];
  for (const source of sources) {
    const metrics = runtimeMetrics({ service: props.service, handler: source.handler }, { period });
    widgets.push(
      new cloudwatch.GraphWidget({
        title: `${source.title}: handled, failed by class`,
        left: [
          metrics.handled().with({ label: 'handled' }),
          ...source.failures.map((failureClass) =>
            metrics.failed(failureClass).with({ label: failureClass }),
          ),
        ],
        stacked: true,
        width: source.publishes.length > 0 ? 8 : 12,
        height,
      }),
      new cloudwatch.GraphWidget({
        title: `${source.title}: duration (ms)`,
        left: [
          metrics.duration('p50').with({ label: 'p50' }),
          metrics.duration('p99').with({ label: 'p99' }),
        ],
        width: source.publishes.length > 0 ? 8 : 12,
        height,
      }),
    );
    if (source.publishes.length > 0) {
      widgets.push(
        new cloudwatch.GraphWidget({
          title: `${source.title}: published`,
          left: source.publishes.map((contract) =>
            metrics.published(contract).with({ label: contract.name }),
          ),
          width: 8,
          height,
        }),
      );
    }
  }
  return widgets;
}
