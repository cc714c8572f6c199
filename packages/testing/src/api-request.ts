import { type Api } from '@paved/events';
import { type APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApiRequestError } from './errors';

/** What {@link apiRequest} sends besides the route. */
export interface ApiRequestOptions {
  /**
   * The body: a string is sent as it is (malformed JSON, say), anything else as JSON.
   * @default no body
   */
  readonly body?: unknown;
  /** A value for each variable of the route's path (`{ orderId: 'o-1' }` for `/orders/{orderId}`). @default {} */
  readonly pathParameters?: Readonly<Record<string, string>>;
  /** Request headers, lower-case. @default `content-type: application/json` with a body */
  readonly headers?: Readonly<Record<string, string>>;
  /** The query string's parameters. @default none */
  readonly queryStringParameters?: Readonly<Record<string, string>>;
  /** API Gateway's id of the request: the correlation id of what the API publishes. @default 'request-1' */
  readonly requestId?: string;
}

/**
 * The event API Gateway (HTTP API, payload format 2.0) hands an API's function for one request to its route: what
 * `defineApiHandler` answers in production, and the local bus sends.
 *
 * @example
 * const response = await handler(apiRequest(api, { body: api.examples[0] }), fakeContext());
 * expect(response.statusCode).toBe(202);
 */
export function apiRequest(api: Api, options: ApiRequestOptions = {}): APIGatewayProxyEventV2 {
  const parameters = options.pathParameters ?? {};
  const missing = api.pathParameters.filter((name) => parameters[name] === undefined);
  if (missing.length > 0) {
    throw new ApiRequestError(
      `apiRequest(${api.id}) has no value for ${missing.map((name) => `{${name}}`).join(', ')} of ${api.route}: ` +
        `pass pathParameters: { ${missing.map((name) => `${name}: '...'`).join(', ')} }.`,
    );
  }
  const path = api.path.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => parameters[name]!);
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const requestId = options.requestId ?? 'request-1';
  const query = new URLSearchParams(options.queryStringParameters ?? {}).toString();
  const method = api.method === 'ANY' ? 'POST' : api.method;
  return {
    version: '2.0',
    routeKey: api.route,
    rawPath: path,
    rawQueryString: query,
    headers: options.headers ?? (body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(options.queryStringParameters ? { queryStringParameters: { ...options.queryStringParameters } } : {}),
    ...(api.pathParameters.length > 0 ? { pathParameters: { ...parameters } } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      domainName: 'api-id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'api-id',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.15', userAgent: 'paved-testing' },
      requestId,
      routeKey: api.route,
      stage: '$default',
      time: '01/Jan/2026:12:00:00 +0000',
      timeEpoch: 1767268800000,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}
