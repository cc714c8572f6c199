export { AlarmTopic, type AlarmTopicProps } from './alarm-topic';
export { ApiEndpoint, type ApiEndpointOptions, type ApiEndpointProps } from './api-endpoint';
export { BusRouteRule, type BusRouteRuleProps } from './bus-route-rule';
export {
  AWS_SDK_MODULES,
  BUNDLE_FILE,
  BUNDLE_MANIFEST_FILE,
  BUNDLE_TARGET,
  DEFAULT_EXTERNAL_MODULES,
  bundleHandler,
  findPrebuiltBundle,
  handlerBuildOptions,
  type BundleHandlerOptions,
  type HandlerBundle,
} from './bundling';
export {
  ContractSchemaRegistry,
  contractSchemaDocument,
  contractSchemaName,
  type ContractSchemaRegistryProps,
} from './contract-schema-registry';
export {
  runtimeMetrics,
  runtimeMetricsWidgets,
  type RuntimeMetricsSource,
  type RuntimeMetricsWidgetsProps,
} from './dashboard';
export {
  BundlingError,
  InvalidPlatformConfigError,
  InvalidRuleError,
  PavedPlatformError,
  UnrecognizedDeadLetterError,
} from './errors';
export { EventHandler, type EventHandlerOptions, type EventHandlerProps } from './event-handler';
export { HANDLER_RUNTIME, type FunctionOptions } from './function-options';
export { EventHandlerAlarms, type EventHandlerAlarmsProps } from './event-handler-alarms';
export { EventSourceBucket, type EventSourceBucketProps } from './event-source-bucket';
export { grantSendEmail, MAIL_FROM_CONTEXT } from './grant-send-email';
export { HandlerGroupStack, type HandlerGroupStackProps } from './handler-group-stack';
export {
  HANDLER_GROUP_COUNT,
  handlerGroupOf,
  type HandlerLayout,
  STACK_RESOURCE_LIMIT,
} from './handler-placement';
export { HandlerStore, type HandlerStoreProps } from './handler-store';
export { IDEMPOTENCY_TABLE_ACTIONS, IdempotencyTable, type IdempotencyTableProps } from './idempotency-table';
export { addNagChecks, findNagFindings, type NagChecksOptions, type NagFinding } from './nag';
export { platformNames, type PlatformNames } from './names';
export { PavedBus, type PavedBusProps } from './paved-bus';
export { readDeadLetter, redrivePayload, type DeadLetter, type DeadLetterAttributes } from './redrive';
export { PlatformStack, type PlatformStackProps } from './platform-stack';
export { QueueDelivery, type QueueDeliveryProps } from './queue-delivery';
export { ServiceApi, type ServiceApiProps } from './service-api';
export { type HandlerDashboardLink, ServiceDashboard, type ServiceDashboardProps } from './service-dashboard';
export { ServiceStack, type ServiceStackProps } from './service-stack';
export { StreamDelivery, type StreamDeliveryProps } from './stream-delivery';
export { configureTelemetry, type TelemetryProps } from './tracing';
