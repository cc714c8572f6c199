export { startLocalBus, type LocalBus } from './http/server';
export { type LocalBusOptions } from './options';
export { type LocalBusStats } from './core/bus-core';
export { type DroppedEvent, type LocalBusActivity } from './core/recorder';
export { loadWorkspaceSubscriptions, findWorkspaceRoot, type LoadedServices } from './services';
export { localRules, type LocalRuleDefinition } from './core/rules';
export {
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
export { type AttemptView, type DeliveryView, type EventView } from './core/history';
export { type QueueView } from './core/dlq';
export {
  type OnFailureRecord,
  type FailureCondition,
  type ExhaustedCondition,
} from './delivery/failure-records';
