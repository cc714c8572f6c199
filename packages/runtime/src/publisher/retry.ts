/** Entry `ErrorCode`s worth sending again: EventBridge was busy or failed internally, not the entry. */
const RETRYABLE_ENTRY_CODES = new Set(['ThrottlingException', 'InternalException', 'InternalFailure']);

/** Whole-call error names that mean "try again later" rather than "this request is wrong". */
const RETRYABLE_CALL_ERRORS = new Set([
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'InternalException',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** Node socket errors: the request may never have reached EventBridge. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export function isRetryableEntryCode(code: string): boolean {
  return RETRYABLE_ENTRY_CODES.has(code);
}

/** Whether a rejected PutEvents call (throttled, 5xx, network) is worth repeating. */
export function isRetryableCallError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { $retryable, $metadata, code } = error as Error & {
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    code?: unknown;
  };
  if ($retryable) return true;
  if (RETRYABLE_CALL_ERRORS.has(error.name)) return true;
  const status = $metadata?.httpStatusCode;
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  return typeof code === 'string' && NETWORK_ERROR_CODES.has(code);
}

export interface BackoffOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly random: () => number;
}

/**
 * Delay before retry number `retry` (1 for the first retry): exponential backoff with full jitter,
 * a random delay between 0 and min(maxDelayMs, baseDelayMs * 2^(retry - 1)), so that many throttled
 * Lambdas do not retry in step.
 */
export function backoffDelay(retry: number, { baseDelayMs, maxDelayMs, random }: BackoffOptions): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}
