export { isLocal, outboxDir, type Environment } from './environment';
export { localObjectPath } from './local-files';
export { mailerOf, objectsIn, storesOf, type ObjectReader, type StoresOf } from './declared';
export { AdapterConfigurationError, AdapterError } from './errors';
export {
  mailerFromEnvironment,
  OutboxMailer,
  SesMailer,
  type Email,
  type Mailer,
  type MailResult,
} from './mailer';
export {
  LocalObjectStore,
  objectStoreFromEnvironment,
  S3ObjectStore,
  type ObjectStore,
} from './object-store';
