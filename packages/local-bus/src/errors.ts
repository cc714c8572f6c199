/**
 * Every error this package throws extends {@link PavedLocalBusError} and carries a stable `code`,
 * so callers branch on `error.code`, never on message text.
 */
export abstract class PavedLocalBusError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * An error a client sees on the wire, in AWS's JSON 1.1 shape: `{"__type": awsType, "message": message}`
 * with `status`. `code` is the AWS error type, so SDK clients and this package agree on it.
 */
export class AwsProtocolError extends PavedLocalBusError {
  readonly code: string;

  constructor(
    /** AWS's error type, such as `ValidationException`. */
    readonly awsType: string,
    message: string,
    /** HTTP status. AWS answers client errors with 400. */
    readonly status = 400,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = awsType;
  }
}

/** Which check of the bus's HTTP guard refused a request (see {@link RequestRefusedError}). */
export type RefusalReason =
  /** The `Host` header names something other than loopback, an IP address or an allowed host. */
  | 'HOST_NOT_ALLOWED'
  /** An API request from another origin (`Origin`, or `Sec-Fetch-Site: cross-site`/`same-site`). */
  | 'CROSS_ORIGIN'
  /** A state change in a form a browser sends cross-site without a preflight (a "simple" request). */
  | 'SIMPLE_REQUEST'
  /** A CORS preflight (`OPTIONS`): the bus grants none. */
  | 'PREFLIGHT';

/**
 * The bus refused a request a hostile web page could have sent: DNS rebinding, a cross-origin read of its
 * API, or a cross-site state change. On the wire it is AWS's `AccessDeniedException` with 403 (so `code` is
 * that, as for every {@link AwsProtocolError}); `reason` says which check refused it.
 */
export class RequestRefusedError extends AwsProtocolError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super('AccessDeniedException', message, 403);
  }
}

/** An option given to the bus or the CLI is out of range or malformed. */
export class InvalidOptionError extends PavedLocalBusError {
  readonly code = 'INVALID_OPTION';
}

/** The workspace's services could not be found or loaded, or two handlers share an id. */
export class ServiceLoadError extends PavedLocalBusError {
  readonly code = 'SERVICE_LOAD_FAILED';
}

/** Two API routes would answer the same requests, or one would answer the bus's own paths. */
export class ApiRouteError extends PavedLocalBusError {
  readonly code = 'API_ROUTE_CONFLICT';
}

/** A handler's entry module could not be bundled (missing file, syntax error). */
export class HandlerBuildError extends PavedLocalBusError {
  readonly code = 'HANDLER_BUILD_FAILED';
}

/** The journal directory cannot be used (not writable, or locked by another running bus). */
export class JournalError extends PavedLocalBusError {
  readonly code = 'JOURNAL_UNAVAILABLE';
}

/** A CLI command talking to a running bus got an error answer, or no answer. */
export class BusRequestError extends PavedLocalBusError {
  readonly code = 'BUS_REQUEST_FAILED';
}
