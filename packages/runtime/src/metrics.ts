import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DIMENSION, type FailureClass, METRIC, METRICS_NAMESPACE, TELEMETRY_ENV } from './telemetry/names';

/**
 * paved's CloudWatch metrics, as Powertools Metrics' embedded metric format (EMF): JSON lines on stdout that
 * CloudWatch Logs turns into metrics, with no API call and no wait. Namespace `paved` (or
 * `POWERTOOLS_METRICS_NAMESPACE`); dimensions `service` and `handler`, plus `failureClass` or `contract` (see
 * `./telemetry/names`). A new Metrics object per outcome rather than one per process: overlapping invocations in one
 * process (the local bus, tests) must not publish each other's metrics.
 */
export interface OutcomeMetrics {
  /** The delivery or request succeeded: `Handled` and `Duration`. */
  handled(durationMs: number): void;
  /** It failed: `Failed` by `failureClass`, and `Duration`. */
  failed(failureClass: FailureClass, durationMs: number): void;
}

/**
 * Whether this process prints metrics: `PAVED_METRICS=emf` anywhere, `off` nowhere; unset, on Lambda only and
 * never with `PAVED_LOCAL=1`, so the local bus's terminal and test output carry no EMF lines (the local bus shows
 * each delivery's outcome and duration itself).
 */
export function metricsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const setting = env[TELEMETRY_ENV.metrics];
  if (setting === 'emf') return true;
  if (setting === 'off') return false;
  return (env['AWS_EXECUTION_ENV'] ?? '').startsWith('AWS_Lambda_') && env['PAVED_LOCAL'] !== '1';
}

/** The metrics of one handler's (or API's) outcomes; no-ops when {@link metricsEnabled} is false. */
export function outcomeMetrics(service: string, handler: string): OutcomeMetrics {
  return {
    handled(durationMs) {
      emit(service, handler, {}, (metrics) => {
        metrics.addMetric(METRIC.handled, MetricUnit.Count, 1);
        metrics.addMetric(METRIC.duration, MetricUnit.Milliseconds, durationMs);
      });
    },
    failed(failureClass, durationMs) {
      // Two lines: one EMF line has one set of dimensions, and Duration must not be split by failure class.
      emit(service, handler, {}, (metrics) =>
        metrics.addMetric(METRIC.duration, MetricUnit.Milliseconds, durationMs),
      );
      emit(service, handler, { [DIMENSION.failureClass]: failureClass }, (metrics) =>
        metrics.addMetric(METRIC.failed, MetricUnit.Count, 1),
      );
    },
  };
}

/** `Published` for events a producer put on the bus, by contract. */
export function publishedMetric(service: string, handler: string, contract: string, count: number): void {
  if (count === 0) return;
  emit(service, handler, { [DIMENSION.contract]: contract }, (metrics) =>
    metrics.addMetric(METRIC.published, MetricUnit.Count, count),
  );
}

function emit(
  service: string,
  handler: string,
  dimensions: Readonly<Record<string, string>>,
  add: (metrics: Metrics) => void,
): void {
  if (!metricsEnabled()) return;
  const metrics = new Metrics({
    namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] || METRICS_NAMESPACE,
    serviceName: process.env['POWERTOOLS_SERVICE_NAME'] || service,
    defaultDimensions: { [DIMENSION.handler]: handler, ...dimensions },
  });
  add(metrics);
  metrics.publishStoredMetrics();
}
