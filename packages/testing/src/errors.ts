/** Every error the test helpers throw has a stable `code`. */
export abstract class PavedTestingError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A sample event file is missing, unreadable, or not an EventBridge event. */
export class SampleEventError extends PavedTestingError {
  readonly code = 'SAMPLE_EVENT_INVALID';
}

/** A rule pattern did not match an event it should have (or matched one it should not). */
export class PatternExpectationError extends PavedTestingError {
  readonly code = 'PATTERN_EXPECTATION_FAILED';
}

/** `apiRequest` cannot make the request asked for (a path variable without a value). */
export class ApiRequestError extends PavedTestingError {
  readonly code = 'API_REQUEST_INVALID';
}
