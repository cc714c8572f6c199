/** Every error an adapter throws extends {@link AdapterError} and carries a stable `code`. */
export abstract class AdapterError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An adapter needs a setting (an environment variable) that is not there. */
export class AdapterConfigurationError extends AdapterError {
  readonly code = 'ADAPTER_NOT_CONFIGURED';
}
