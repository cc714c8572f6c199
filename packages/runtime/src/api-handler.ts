import { type Logger } from '@aws-lambda-powertools/logger';
import { type Api, type DetailInputOf, safeParseWith } from '@paved/events';
import {
  type APIGatewayProxyEventV2,
  type APIGatewayProxyStructuredResultV2,
  type Context,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import { withEventContext } from './correlation';
import { continueTrace, traceIdOf, traceIdOfXRay } from './trace';
import { UnpublishableContractError } from './errors';
import { defaultLogger, invocationLogger } from './logging';
import { outcomeMetrics } from './metrics';
import { flushTracing, tracingFromEnvironment } from './telemetry/provider';
import {
  markSpanFailed,
  runInSpan,
  type Span,
  SpanKind,
  startInvocationSpan,
  traceContextOf,
} from './telemetry/spans';
import {
  publish as publishWithDefault,
  type Publisher,
  type PublishOptions,
  type PublishResult,
} from './publisher/publisher';

/** What an API function answers: a status (default 200), a JSON body, and headers. */
export interface ApiResponse<TBody = unknown> {
  /** The HTTP status, 200-599. @default 200 */
  readonly status?: number;
  /** Sent as JSON (`content-type: application/json`). @default no body */
  readonly body?: TBody;
  /** Extra response headers. @default none */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The contracts an API may publish: those it declares. */
type DeclaredContract<A extends Api> = A['publishes'][number];

/** What an API function receives besides the validated body. */
export interface ApiHandlerContext<A extends Api> {
  /**
   * Publishes one of the API's declared contracts (`api.publishes`), with the request id as correlation id. Anything
   * else is refused with `UnpublishableContractError`: the function is granted PutEvents for exactly those.
   */
  publish<C extends DeclaredContract<A>>(
    contract: C,
    detail: DetailInputOf<C> | readonly DetailInputOf<C>[],
    options?: Omit<PublishOptions, 'correlationId'>,
  ): Promise<PublishResult>;
  /** A Powertools Logger whose every line carries the request id, route key and correlation id. */
  readonly logger: Logger;
  /** The request id; events published while handling the request carry it in `_meta.correlationId`. */
  readonly correlationId: string;
  /** API Gateway's id of the request (`requestContext.requestId`), also in the answer to a failed request. */
  readonly requestId: string;
  /** The Lambda invocation context. */
  readonly context: Context;
  /** The whole API Gateway request (payload format 2.0): headers, query string, path parameters. */
  readonly request: APIGatewayProxyEventV2;
}

/** The function a team writes: what to do with one valid request body. */
export type ApiHandlerFunction<A extends Api, TBody = unknown> = (
  body: z.output<A['request']>,
  api: ApiHandlerContext<A>,
) => Promise<ApiResponse<TBody> | void> | ApiResponse<TBody> | void;

/** The Lambda entry point `defineApiHandler` returns: API Gateway HTTP API, payload format 2.0. */
export type ApiLambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Options of {@link defineApiHandler}. */
export interface ApiHandlerOptions {
  /** The base logger. @default a Powertools Logger named `POWERTOOLS_SERVICE_NAME`, else the API's service */
  readonly logger?: Logger;
  /** Publishes the API's events. @default the default publisher (bus from `PAVED_EVENT_BUS_NAME`) */
  readonly publisher?: Publisher;
}

/** One problem with a request body, as a 400 answer lists it. */
export interface RequestIssue {
  /** Dotted path into the body, such as `lines.0.quantity`; empty for the body itself. */
  readonly path: string;
  readonly message: string;
}

/**
 * Turns a function of one validated request body into the Lambda entry point of an API Gateway HTTP API route
 * (payload format 2.0), declared by `defineApi`:
 *
 * - the body is decoded (base64 when API Gateway says so) and parsed as JSON: malformed JSON answers **400**
 *   `{ message, issues: [{ path: '', message }] }`;
 * - it is validated with `api.request`: a mismatch answers **400** `{ message, issues }`, one issue per problem,
 *   each naming its path (`lines.0.quantity`);
 * - `fn(body, { publish, logger, correlationId, requestId, context, request })` runs with the request id as the
 *   correlation id; `publish` takes only the API's declared contracts;
 * - its `{ status, body, headers }` is the answer (status 200 by default, body as JSON);
 * - anything `fn` throws answers **500** `{ message: 'Internal server error', requestId }`, and is logged with its
 *   stack: nothing internal reaches the client.
 *
 * Each request logs `Request received`, then `Request handled` (`status`, `durationMs`), `Request rejected`
 * (`status`, `issues`) or `Request failed` (`error`).
 *
 * @example
 * export const handler = defineApiHandler(api, async (order, { publish }) => {
 *   const orderId = `o-${randomUUID()}`;
 *   const { eventIds } = await publish(OrderCreated, { orderId, ...order });
 *   return { status: 202, body: { orderId, eventId: eventIds[0] } };
 * });
 */
export function defineApiHandler<A extends Api, TBody = unknown>(
  api: A,
  fn: ApiHandlerFunction<A, TBody>,
  options: ApiHandlerOptions = {},
): ApiLambdaHandler {
  const baseLogger = options.logger ?? defaultLogger(api.service);
  const declared = new Set(api.publishes.map((contract) => contract.name));
  const metrics = outcomeMetrics(api.service, api.id);
  let coldStart = true;

  const invoke = async (
    request: APIGatewayProxyEventV2,
    context: Context,
    span: Span,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const startedAt = performance.now();
    const elapsed = (): number => Math.round(performance.now() - startedAt);
    const requestId = request?.requestContext?.requestId || context.awsRequestId;
    const headers = (request?.headers ?? {}) as Record<string, string | undefined>;
    const trace = traceContextOf(
      span,
      continueTrace(
        traceIdOf(headers['traceparent']),
        traceIdOfXRay(headers['x-amzn-trace-id'] ?? process.env['_X_AMZN_TRACE_ID']),
      ),
    );
    const logger = invocationLogger(baseLogger, context, coldStart, {
      request_id: requestId,
      route_key: typeof request?.routeKey === 'string' ? request.routeKey : api.route,
      correlation_id: requestId,
      trace_id: trace.traceId,
    });
    coldStart = false;
    logger.info('Request received');

    const reject = (message: string, issues: readonly RequestIssue[]): APIGatewayProxyStructuredResultV2 => {
      logger.warn('Request rejected', { status: 400, issues, durationMs: elapsed() });
      metrics.failed('invalid-request', elapsed());
      return json(400, { message, issues });
    };

    if (request?.version !== '2.0' || typeof request.requestContext !== 'object') {
      logger.error('Request failed: not an API Gateway HTTP API payload format 2.0 event', {
        failure: 'configuration',
        durationMs: elapsed(),
      });
      metrics.failed('internal', elapsed());
      return json(500, { message: 'Internal server error', requestId });
    }

    let raw: unknown;
    try {
      raw = parseBody(request);
    } catch (error) {
      return reject('The request body is not valid JSON.', [{ path: '', message: (error as Error).message }]);
    }
    // Through @paved/events, which sets zod's English messages once for every schema it parses.
    const parsed = safeParseWith(api.request, raw);
    if (!parsed.success) {
      return reject(
        `The request body does not match what ${api.route} accepts.`,
        parsed.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.'),
          message: issue.message,
        })),
      );
    }

    const publish: ApiHandlerContext<A>['publish'] = (contract, detail, publishOptions = {}) => {
      if (!declared.has(contract.name)) {
        throw new UnpublishableContractError(
          contract.name,
          `Refusing to publish ${contract.name} from API ${api.id}: it is not in the API's publishes ` +
            `(${[...declared].join(', ') || 'none'}), so its function may not put it on the bus. ` +
            "Add it to the API's publishes: the platform grants PutEvents for exactly those.",
        );
      }
      const options_ = { ...publishOptions, correlationId: requestId };
      return options.publisher
        ? options.publisher.publish(contract, detail, options_)
        : publishWithDefault(contract, detail, options_);
    };

    try {
      const eventContext = {
        correlationId: requestId,
        causationId: `request:${requestId}`,
        invocationId: context.awsRequestId,
        trace,
        producer: { service: api.service, handler: api.id },
      };
      const result = await withEventContext(eventContext, () =>
        fn(parsed.data as z.output<A['request']>, {
          publish,
          logger,
          correlationId: requestId,
          requestId,
          context,
          request,
        }),
      );
      const answer = toResult(result ?? {});
      logger.info('Request handled', { status: answer.statusCode, durationMs: elapsed() });
      metrics.handled(elapsed());
      return answer;
    } catch (error) {
      logger.error('Request failed', { status: 500, failure: 'handler', durationMs: elapsed(), error });
      metrics.failed('internal', elapsed());
      markSpanFailed(span, error, 'internal');
      return json(500, { message: 'Internal server error', requestId });
    }
  };

  return async (request, context) => {
    tracingFromEnvironment();
    const headers = (request?.headers ?? {}) as Record<string, string | undefined>;
    // The request's span: a child of the caller's `traceparent` when it sent one, else of Lambda's X-Ray trace.
    const span = startInvocationSpan({
      name: api.route,
      kind: SpanKind.SERVER,
      traceparent: headers['traceparent'],
      xrayHeader: headers['x-amzn-trace-id'] ?? process.env['_X_AMZN_TRACE_ID'],
      attributes: {
        'http.route': api.route,
        'faas.trigger': 'http',
        'faas.invocation_id': context.awsRequestId,
        'paved.handler': api.id,
      },
    });
    try {
      const answer = await runInSpan(span, () => invoke(request, context, span));
      span.setAttribute('http.response.status_code', answer.statusCode ?? 200);
      return answer;
    } finally {
      span.end();
      await flushTracing();
    }
  };
}

/** The body as JSON: decoded from base64 when API Gateway encoded it; `undefined` when there is none. */
function parseBody(request: APIGatewayProxyEventV2): unknown {
  if (request.body === undefined || request.body === null || request.body === '') return undefined;
  const text = request.isBase64Encoded ? Buffer.from(request.body, 'base64').toString('utf8') : request.body;
  return JSON.parse(text);
}

/** The function's answer as API Gateway wants it; a status outside 200-599 is the function's bug. */
function toResult(response: ApiResponse): APIGatewayProxyStructuredResultV2 {
  const status = response.status ?? 200;
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new RangeError(
      `The API function answered status ${JSON.stringify(status)}: answer a whole number from 200 to 599.`,
    );
  }
  return {
    statusCode: status,
    headers: {
      ...(response.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...response.headers,
    },
    ...(response.body === undefined ? {} : { body: JSON.stringify(response.body) }),
  };
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
