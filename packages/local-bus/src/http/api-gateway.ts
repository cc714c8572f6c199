import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type BusCore } from '../core/bus-core';
import { type FunctionError } from '../journal/records';
import { type RouteMatch } from './api-routes';

/** What API Gateway answers itself when the integration fails (the function threw, timed out, answered nonsense). */
const INTERNAL_ERROR: LambdaAnswer = {
  status: 500,
  headers: { 'content-type': 'application/json' },
  body: '{"message":"Internal Server Error"}',
};

/** Content types whose bodies API Gateway passes as text; any other is base64-encoded (`isBase64Encoded`). */
const TEXT = /^(text\/.*|application\/(json|.*\+json|xml|.*\+xml|javascript|x-www-form-urlencoded))$/;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Serves one request to an API route as an API Gateway HTTP API with a Lambda proxy integration does ("Create AWS
 * Lambda proxy integrations for HTTP APIs", http-api-develop-integrations-lambda in the API Gateway developer
 * guide): the function runs in the sandbox (synchronously, as API Gateway invokes it) with a payload format 2.0
 * event made from the request, and its result is the answer. The request is recorded (`GET /_paved/requests/<id>`)
 * with the events published while it ran: the runtime marks them `_meta.causationId: request:<requestId>`.
 */
export async function serveApi(
  core: BusCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  raw: Buffer,
  match: RouteMatch,
): Promise<void> {
  const startedAt = Date.now();
  const requestId = `${randomText(15)}=`;
  const invocationId = randomUUID();
  const event = gatewayEvent(core, req, url, raw, match, requestId, startedAt);
  const target = core.apiFunction(match.api.id);
  const outcome = target
    ? await target.invoke(invocationId, JSON.stringify(event), true)
    : ({
        kind: 'undeliverable',
        code: 'ResourceNotFoundException',
        message: 'The function is gone.',
      } as const);
  let error: FunctionError | undefined;
  let answer: LambdaAnswer = INTERNAL_ERROR;
  if (outcome.kind === 'ok') {
    const mapped = answerOf(outcome.result ?? 'null');
    if ('problem' in mapped) error = { errorType: 'Gateway.InvalidResponse', errorMessage: mapped.problem };
    else answer = mapped;
  } else {
    error =
      outcome.kind === 'error' ? outcome.error : { errorType: outcome.code, errorMessage: outcome.message };
  }
  res.writeHead(answer.status, {
    ...answer.headers,
    ...(answer.cookies ? { 'set-cookie': answer.cookies } : {}),
    'apigw-requestid': requestId,
  });
  res.end(answer.body);
  core.recorder.record({
    k: 'req',
    id: requestId,
    kind: 'api',
    method: req.method ?? 'GET',
    path: url.pathname,
    status: answer.status,
    at: startedAt,
    durationMs: Date.now() - startedAt,
    events: [...core.history.causedBy({ kind: 'request', id: requestId })],
    target: match.api.id,
    invocationId,
    ...(error ? { error } : {}),
    ...(outcome.kind !== 'undeliverable' && outcome.logs ? { logs: outcome.logs } : {}),
  });
}

/** The payload format 2.0 event of a request: headers lower-cased, duplicates joined with commas, cookies apart. */
function gatewayEvent(
  core: BusCore,
  req: IncomingMessage,
  url: URL,
  raw: Buffer,
  { api, pathParameters }: RouteMatch,
  requestId: string,
  at: number,
) {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (name === 'cookie') cookies.push(...value.split(/;\s*/).filter(Boolean));
    else headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] ??= sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const type = headers['content-type']?.split(';')[0]!.trim().toLowerCase();
  const binary = raw.length > 0 && type !== undefined && !TEXT.test(type);
  const domainName = headers['host'] ?? '127.0.0.1';
  return {
    version: '2.0',
    routeKey: api.route,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: core.place.accountId,
      // One HTTP API per service, as the platform's ServiceApi deploys it: a stable id of the service's name.
      apiId: createHash('sha256').update(api.service).digest('hex').slice(0, 10),
      domainName,
      domainPrefix: domainName.split(/[.:]/)[0],
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: api.route,
      stage: '$default',
      time: clfTime(at),
      timeEpoch: at,
    },
    ...(raw.length > 0 ? { body: raw.toString(binary ? 'base64' : 'utf8') } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    isBase64Encoded: binary,
  };
}

interface LambdaAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly cookies?: string[];
  readonly body?: string | Buffer;
}

/**
 * API Gateway's reading of a function's result for payload format 2.0: `{statusCode, headers, cookies, body,
 * isBase64Encoded}` as given; a result without `statusCode` is inferred as status 200, `content-type:
 * application/json`, and the result as the body (a string as it is, anything else as its JSON).
 */
function answerOf(json: string): LambdaAnswer | { problem: string } {
  const result = JSON.parse(json) as unknown;
  if (result === null || typeof result !== 'object' || Array.isArray(result) || !('statusCode' in result)) {
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: typeof result === 'string' ? result : json,
    };
  }
  const { statusCode, headers = {}, cookies, body, isBase64Encoded } = result as Record<string, unknown>;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
    return {
      problem: `The function answered statusCode ${JSON.stringify(statusCode)}: give an HTTP status, 100-599.`,
    };
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers))
    return {
      problem: `The function answered headers ${JSON.stringify(headers)}: give an object of names to values.`,
    };
  const text =
    body === undefined || body === null ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return {
    status: statusCode,
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)])),
    ...(Array.isArray(cookies) && cookies.length > 0 ? { cookies: cookies.map(String) } : {}),
    ...(text === undefined ? {} : { body: isBase64Encoded === true ? Buffer.from(text, 'base64') : text }),
  };
}

/** `12/Mar/2020:19:03:58 +0000`, the `requestContext.time` format. */
function clfTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

function randomText(length: number): string {
  return [...randomBytes(length)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}
