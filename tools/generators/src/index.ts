export { apiParams, nameOfRoute, wireApi, type ApiContractParams, type ApiParams } from './api';
export { eventVersionParams, type EventVersionParams } from './event-version';
export { handlerParams, type ContractParams, type HandlerParams } from './handler';
export { type PublishedField, type PublishParams } from './publishes';
export { serviceParams, type ServiceParams } from './service';
export {
  AlreadyExistsError,
  GeneratorError,
  InvalidArgumentError,
  MissingArgumentError,
  MissingDependencyError,
  UnknownContractError,
} from './errors';
export { hygenHooks } from './hygen';
