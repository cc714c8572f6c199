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
  getCorrelationId,
  getEventContext,
  withCorrelationId,
  withEventContext,
  type EventContext,
} from './correlation';
export {
  EventTooLargeError,
  HandlerError,
  InvalidDetailError,
  InvalidEventError,
  PavedRuntimeError,
  PermanentError,
  PublishError,
  PublisherConfigError,
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
export {
  createPublisher,
  publish,
  type Publisher,
  type PublisherOptions,
  type PublishOptions,
  type PublishResult,
} from './publisher/publisher';
