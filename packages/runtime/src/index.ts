export { getCorrelationId, withCorrelationId } from './correlation';
export {
  EventTooLargeError,
  HandlerError,
  InvalidDetailError,
  InvalidEventError,
  PavedRuntimeError,
  PermanentError,
  PublishError,
  PublisherConfigError,
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
export { MAX_PUT_EVENTS_ENTRIES, MAX_PUT_EVENTS_ENTRY_BYTES, putEventsEntrySize } from './publisher/limits';
export {
  createPublisher,
  EVENT_BUS_NAME_ENV,
  publish,
  type Publisher,
  type PublisherOptions,
  type PublishOptions,
  type PublishResult,
} from './publisher/publisher';
