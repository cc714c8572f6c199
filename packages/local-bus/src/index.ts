export { BusCore } from './bus';
export { loadWorkspaceSubscriptions, findWorkspaceRoot, type LoadedServices } from './services';
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
export { type BusEvent } from './event';
export { type AttemptView, type DeliveryView, type EventView } from './history';
export { type QueueView } from './dlq';
export {
  type OnFailureRecord,
  type FailureCondition,
  type ExhaustedCondition,
} from './delivery/failure-records';
export { type LocalBusOptions } from './options';
export {
  entrySize,
  MAX_ENTRIES,
  MAX_ENTRIES_BYTES,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from './protocol/put-events';
export { localRules, type LocalRuleDefinition } from './rules';
export { startLocalBus, type LocalBus } from './server';
