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
export {
  createPublisher,
  publish,
  type Publisher,
  type PublisherOptions,
  type PublishOptions,
  type PublishResult,
} from './publisher/publisher';
