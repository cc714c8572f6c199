/** Every error a generator reports extends {@link GeneratorError}: Hygen prints its message and exits 1. */
export abstract class GeneratorError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A required flag is missing and there is no terminal to ask on. */
export class MissingArgumentError extends GeneratorError {
  readonly code = 'MISSING_ARGUMENT';
}

/** A flag has a value the generator cannot use. */
export class InvalidArgumentError extends GeneratorError {
  readonly code = 'INVALID_ARGUMENT';
}

/** The package the generator would write exists already: it never overwrites. */
export class AlreadyExistsError extends GeneratorError {
  readonly code = 'ALREADY_EXISTS';
}

/** `--event` names a contract the workspace does not have. */
export class UnknownContractError extends GeneratorError {
  readonly code = 'UNKNOWN_CONTRACT';
}

/** Something the generated code needs is not installed in the workspace. */
export class MissingDependencyError extends GeneratorError {
  readonly code = 'MISSING_DEPENDENCY';
}
