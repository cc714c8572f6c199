// `@paved/testing`: what a handler's tests need. Nothing here may import aws-cdk-lib or @paved/platform: the
// stack helpers (describeServiceStack, cdkContext) are `@paved/testing/stack` (./stack.ts).
export { apiRequest, type ApiRequestOptions } from './api-request';
export {
  batchItemFailure,
  queueBatchOf,
  streamBatchOf,
  type BatchSource,
  type StreamBatchOptions,
} from './batches';
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
export {
  createSharedScratch,
  removeSharedScratch,
  scratchWorkspace,
  SHARED_SCRATCH_ENV,
  type Scratch,
} from './scratch';
export {
  contractOutcomes,
  describeValidationOutcomes,
  fieldCases,
  parsedOutcome,
  WRONG_VALUES,
  type ValidationOutcome,
} from './validation-outcomes';
