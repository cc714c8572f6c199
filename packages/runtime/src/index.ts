export {
  defineApiHandler,
  type ApiHandlerContext,
  type ApiHandlerFunction,
  type ApiHandlerOptions,
  type ApiLambdaHandler,
  type ApiResponse,
  type RequestIssue,
} from './api-handler';
export {
  BatchDeliveryError,
  defineBatchHandler,
  type BatchLambdaHandler,
  type BatchResponse,
} from './batch-handler';
export {
  getCorrelationId,
  getEventContext,
  withCorrelationId,
  withEventContext,
  type EventContext,
} from './correlation';
export {
  EventTooLargeError,
  HandlerError,
  IdempotencyConfigError,
  IdempotencyConflictError,
  IdempotencyKeyMissingError,
  InvalidDetailError,
  InvalidEventError,
  PavedRuntimeError,
  PermanentError,
  PublishError,
  PublisherConfigError,
  TelemetryConfigError,
  StillInProgressError,
  UnpublishableContractError,
  type InvalidDetailEntry,
  type OversizeEntry,
  type PublishFailure,
} from './errors';
export {
  defineHandler,
  type HandlerContext,
  type HandlerFunction,
  type HandlerOptions,
  type LambdaHandler,
} from './handler';
export { runOnce, type RunOnceOptions, type RunOnceResult } from './idempotency/effects';
export { FilePersistenceLayer } from './idempotency/file-layer';
export { MemoryPersistenceLayer } from './idempotency/memory-layer';
export {
  dynamoDbIdempotencyStore,
  fileIdempotencyStore,
  type IdempotencyStore,
  idempotencyStoreFromEnvironment,
  memoryIdempotencyStore,
  type RecordSettings,
} from './idempotency/store';
export { FAULTS_ENV, FaultSpecError, InjectedFaultError } from './faults';
export { type ParkedEvent } from './permanent-failure';
export {
  createPublisher,
  publish,
  type Publisher,
  type PublisherOptions,
  type PublishOptions,
  type PublishResult,
} from './publisher/publisher';
export { traceAwsClient } from './telemetry/aws-sdk';
export { registerTracing } from './telemetry/provider';
