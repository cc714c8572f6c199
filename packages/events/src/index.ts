export { API_METHODS, defineApi, type Api, type ApiMethod, type ApiProps } from './api';
export { defineAwsEvent, type AwsEventContract, type AwsEventContractProps } from './aws/define-aws-event';
export { S3ObjectCreated, S3ObjectCreatedSchema, type S3ObjectCreatedDetail } from './aws/s3';
export {
  bucketName,
  defineBucket,
  MAX_BUCKET_ID_LENGTH,
  type Bucket,
  type BucketNameMatcher,
  type BucketProps,
} from './bucket';
export {
  defineEvent,
  type AnyEventContract,
  type AnyPublishableContract,
  type ContractPattern,
  type DetailInputOf,
  type DetailOf,
  type DetailSchema,
  type EventContract,
  type EventContractProps,
  type EventOf,
  type EventProducer,
  type ParseResult,
} from './contract';
export {
  EventEnvelopeSchema,
  EventMetadataSchema,
  METADATA_KEY,
  splitMetadata,
  type EventBridgeEvent,
  type EventEnvelope,
  type EventMetadata,
} from './envelope';
export {
  EventValidationError,
  InvalidApiError,
  InvalidBucketError,
  InvalidBusRouteError,
  InvalidContractError,
  InvalidEventPatternError,
  InvalidSubscriptionError,
  PavedEventsError,
  ValidationError,
  WorkspaceNotFoundError,
  type ValidationIssue,
} from './errors';
export { exampleEvent } from './example';
export { camelCase, kebabCase, pascalCase } from './naming';
export { findWorkspaceRoot } from './workspace';
export {
  AWS_DEFAULT_BUS_NAME,
  DEFAULT_BUS_NAME,
  HANDLER_ENV,
  MAX_PUT_EVENTS_ENTRIES,
  MAX_PUT_EVENTS_ENTRY_BYTES,
  PERMANENT_FAILURE_ATTRIBUTES,
  putEventsEntrySize,
  RERUN_FIELD,
  STORE_NAME_PATTERN,
  storeBucketVariable,
  type SizedPutEventsEntry,
} from './settings';
export { contractJsonSchema, type JsonSchemaTarget } from './json-schema';
export {
  APPLICATION_EVENTS_PATTERN,
  busRoutes,
  type BusRoute,
  type BusRouteKind,
  type BusRoutesProps,
} from './routes';
export {
  DELIVERY_KINDS,
  type Delivery,
  type DeliveryKindOptions,
  type DirectDeliveryOptions,
  partitionKeyOf,
  type QueueDelivery,
  type QueueDeliveryOptions,
  type StreamDelivery,
  type StreamDeliveryOptions,
} from './delivery';
export {
  DEFAULT_IDEMPOTENCY,
  defineSubscription,
  type DeliveryOptions,
  type EventPattern,
  type Idempotency,
  type IdempotencyOptions,
  type Subscription,
  type SubscriptionInput,
  type SubscriptionProps,
} from './subscription';
export { compilePattern, testEventPattern, validatePattern, type CompiledPattern } from './patterns/evaluate';
export { RuleIndex, type RuleIndexOptions } from './patterns/rule-index';
export {
  MAX_WILDCARD_COMPLEXITY,
  type EventPatternMatcher,
  type EventPatternObject,
  type PatternLimits,
} from './patterns/validate';
export { targetInputOf, validateSubscriptionInput } from './transformers/subscription-input';
export {
  transformInput,
  validateTargetInput,
  type TargetInput,
  type TransformContext,
  type TransformResult,
} from './transformers/target-input';
export { runTestPatternCommand, type CommandIo } from './cli/test-pattern';
export { explainMismatch, type PatternMismatch } from './patterns/explain';
export {
  checkCompatibility,
  type CheckCompatibilityOptions,
  type CompatibilityIssue,
  type CompatibilityResult,
} from './compat/check';
export {
  ARCHIVE_RETENTION_DAYS,
  COMPATIBILITY_MODES,
  DEFAULT_COMPATIBILITY_MODE,
  type CompatibilityDirection,
  type CompatibilityMode,
} from './compat/modes';
export { eventFamily, SCHEMAS_DIR, versionedDetailType } from './compat/schema-files';
export { type JsonSchema } from './compat/shapes';
export { safeParseWith } from './validation';
