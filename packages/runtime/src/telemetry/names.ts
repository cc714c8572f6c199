/**
 * The names of paved's metrics, shared by the runtime that emits them (Powertools Metrics, EMF) and the platform's
 * dashboard that graphs them: one source of truth, importable without loading the runtime
 * (`@paved/runtime/metric-names`).
 */

/** The CloudWatch namespace every paved function publishes to, unless `POWERTOOLS_METRICS_NAMESPACE` says otherwise. */
export const METRICS_NAMESPACE = 'paved';

/** Metric names. Units: `Count`, except `Duration` (`Milliseconds`). */
export const METRIC = {
  /** A delivery (event handler) or request (API) that succeeded; a repeated delivery answered from its record too. */
  handled: 'Handled',
  /** A delivery or request that failed, with the `failureClass` dimension. */
  failed: 'Failed',
  /** Time from the invocation's start to its outcome, handled or failed. */
  duration: 'Duration',
  /** Events a producer put on the bus, with the `contract` dimension. */
  published: 'Published',
} as const;

/** Dimension names. `service` is Powertools' own (`POWERTOOLS_SERVICE_NAME`). */
export const DIMENSION = {
  service: 'service',
  /** The subscription id of an event handler (`orders-reserve-stock`), the API id of an endpoint. */
  handler: 'handler',
  failureClass: 'failureClass',
  /** `<source>.<DetailType>` of a published contract (`orders.OrderCreated`). */
  contract: 'contract',
} as const;

/**
 * Why a delivery or request failed: what an alarm or a person does next differs by class.
 * - `invalid-event`: the event does not match its contract (sent to the failure DLQ at once);
 * - `permanent`: the handler threw a `PermanentError` (sent to the failure DLQ at once);
 * - `idempotency-conflict`: a different event under a used idempotency key (sent to the failure DLQ at once);
 * - `transient`: anything else a handler threw (Lambda retries it);
 * - `invalid-request`: an API request answered 400; `internal`: an API request answered 500.
 */
export const FAILURE_CLASSES = [
  'invalid-event',
  'permanent',
  'idempotency-conflict',
  'transient',
  'invalid-request',
  'internal',
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** The environment that switches telemetry, read by the runtime and set by the platform. */
export const TELEMETRY_ENV = {
  /**
   * Where the runtime sends its OpenTelemetry spans: `xray` (the platform sets it on every function with active
   * tracing: the X-Ray daemon Lambda runs, over local UDP), `otlp` (OTLP/HTTP to `PAVED_OTLP_ENDPOINT`: a collector
   * you run), or unset / `off`: no tracer provider is registered and every span is OpenTelemetry's no-op.
   */
  tracing: 'PAVED_TRACING',
  /** With `PAVED_TRACING=otlp`: the collector's traces URL. @default http://localhost:4318/v1/traces */
  otlpEndpoint: 'PAVED_OTLP_ENDPOINT',
  /**
   * `emf` prints the metrics (EMF lines on stdout) wherever the code runs; `off` never does. Unset: on Lambda only
   * (`AWS_EXECUTION_ENV`), never with `PAVED_LOCAL=1`.
   */
  metrics: 'PAVED_METRICS',
} as const;
