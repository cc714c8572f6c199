export { handlerParams, type ContractParams, type HandlerParams } from './handler';
export { serviceParams, type ServiceParams } from './service';
export {
  AlreadyExistsError,
  GeneratorError,
  InvalidArgumentError,
  MissingArgumentError,
  UnknownContractError,
} from './errors';
export { hygenHooks } from './hygen';
