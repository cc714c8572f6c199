import { Logger } from '@aws-lambda-powertools/logger';
import { type Context } from 'aws-lambda';

/** The facts every log line of an invocation carries: the event's for a handler, the request's for an API. */
export interface InvocationKeys {
  readonly event_id?: string;
  readonly event_source?: string;
  readonly event_detail_type?: string;
  readonly request_id?: string;
  readonly route_key?: string;
  readonly correlation_id?: string;
  readonly trace_id?: string;
}

/** The logger a handler logs through when none is given: JSON to stdout, named after the service. */
export function defaultLogger(service: string): Logger {
  return new Logger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] || service });
}

/**
 * A child of `base` with the invocation's keys as persistent keys. A child per invocation, rather than
 * keys appended to `base` and removed afterwards, so that overlapping invocations in one process never
 * log each other's ids, and a handler calling `logger.resetKeys()` cannot drop them.
 */
export function invocationLogger(
  base: Logger,
  context: Context,
  coldStart: boolean,
  keys: InvocationKeys,
): Logger {
  const persistentKeys = Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined));
  const logger = base.createChild({ persistentKeys });
  logger.addContext(context);
  // A new Logger takes its first addContext for the cold start; a second call makes a warm invocation
  // log cold_start: false.
  if (!coldStart) logger.addContext(context);
  return logger;
}
