import * as lambda from 'aws-cdk-lib/aws-lambda';
import { METRICS_NAMESPACE, TELEMETRY_ENV } from '@paved/runtime/telemetry-names';

/** What {@link configureTelemetry} takes. */
export interface TelemetryProps {
  /** The service the function belongs to: the spans' `service.name` and the metrics' `service` dimension. */
  readonly service: string;
  /**
   * The environment the team set (the declaration's `environment`, `functionProps.environment`): a variable named
   * there keeps its value.
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * Turns on paved's OpenTelemetry for a function: the runtime bundles its own small OpenTelemetry SDK and, told
 * `PAVED_TRACING=xray`, sends every span over local UDP to the X-Ray daemon Lambda runs beside a function with active
 * tracing, so X-Ray is the backend with no collector, no layer and no extension (the choice, measured, is in the
 * README: "Tracing"). The function's X-Ray grant (`xray:PutTraceSegments`, `xray:PutTelemetryRecords`, in the
 * function's `TracingPolicy`) is what the daemon forwards with. Also names the metrics namespace the runtime's EMF
 * lines use, which the service dashboard reads.
 *
 * Only with active tracing: with `PassThrough` or `tracing: DISABLED` there is no sampled X-Ray segment to hang the
 * spans from, so `PAVED_TRACING` is `off` and every span stays OpenTelemetry's no-op. A team sets `PAVED_TRACING`
 * itself through `functionProps.environment` to override (`otlp` with `PAVED_OTLP_ENDPOINT` for its own collector).
 */
export function configureTelemetry(fn: lambda.Function, props: TelemetryProps): void {
  const tracingConfig = (fn.node.defaultChild as lambda.CfnFunction).tracingConfig as
    lambda.CfnFunction.TracingConfigProperty | undefined;
  const active = tracingConfig?.mode === lambda.Tracing.ACTIVE;
  const set = (name: string, value: string): void => {
    if (props.environment?.[name] === undefined) fn.addEnvironment(name, value);
  };
  set(TELEMETRY_ENV.tracing, active ? 'xray' : 'off');
  set('OTEL_SERVICE_NAME', props.service);
  set('POWERTOOLS_METRICS_NAMESPACE', METRICS_NAMESPACE);
}
