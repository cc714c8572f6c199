export { apiRequest, type ApiRequestOptions } from './api-request';
export {
  batchItemFailure,
  queueBatchOf,
  streamBatchOf,
  type BatchSource,
  type StreamBatchOptions,
} from './batches';
export { cdkContext } from './cdk-context';
export { fakeContext } from './context';
export { expectValidContracts } from './contracts';
export { expectEmailedOnce, expectStoredOnce } from './delivered-twice';
export { ApiRequestError, PatternExpectationError, PavedTestingError, SampleEventError } from './errors';
export { useLocalOutbox, type LocalOutbox } from './outbox';
export { expectPatternNotToMatch, expectPatternToMatch } from './patterns';
export {
  invalidSamples,
  loadSampleEvents,
  type InvalidSample,
  type SampleEvent,
  type SampleEvents,
} from './samples';
export { scratchWorkspace, type Scratch } from './scratch';
export { describeServiceStack } from './service';
