export { startLocalBus, type LocalBus } from './http/server';
export { type LocalBusOptions } from './options';
export { type LocalBusStats } from './core/bus-core';
export { type DroppedEvent, type LocalBusActivity } from './core/recorder';
export { loadWorkspaceSubscriptions, findWorkspaceRoot, type LoadedServices } from './services';
export {
  localBusRoutes,
  localRules,
  type LocalBusRouteDefinition,
  type LocalPlaceOptions,
  type LocalRuleDefinition,
} from './core/rule-definitions';
export {
  ApiRouteError,
  AwsProtocolError,
  BusRequestError,
  HandlerBuildError,
  InvalidOptionError,
  JournalError,
  PavedLocalBusError,
  RequestRefusedError,
  ServiceLoadError,
  type RefusalReason,
} from './errors';
export { type BusEvent } from './core/event';
export { type AttemptView, type DeliveryView, type EventView, type RequestView } from './core/history';
export { type Cause } from './core/causation';
export { type Unmatched } from './core/unmatched';
export { type UploadResult } from './core/uploads';
export { type HandlerReload } from './sandbox/hot-reload';
export { type BuildProblem } from './sandbox/bundle';
export { type QueueView } from './core/dlq';
export {
  type OnFailureRecord,
  type FailureCondition,
  type ExhaustedCondition,
} from './delivery/failure-records';
