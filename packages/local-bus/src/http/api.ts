import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type BusCore } from '../core/bus-core';
import { buildCatalog } from '../core/catalog';
import { TRACE_ID, Traces } from '../core/traces';
import { upload } from '../core/uploads';
import { AwsProtocolError } from '../errors';
import { sendAwsError, toAwsError } from '../protocol/aws-json';
import { startPavedReplay } from '../protocol/operations/replays';
import { type Body } from '../protocol/request';
import { findWorkspaceRoot } from '../services';
import { type ApiRoutes } from './api-routes';
import { openStream } from './stream';

/** What the `/_paved/` endpoints read besides the core: the API routes served, and the bus's own address. */
export interface ApiContext {
  readonly routes: ApiRoutes;
  /** `http://host:port`, known once the bus listens. */
  readonly url: () => string;
}

const sendJson = (res: ServerResponse, status: number, value: unknown): void => {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
};

const notFound = (what: string): AwsProtocolError =>
  new AwsProtocolError('ResourceNotFoundException', what, 404);

/** The workspace the bus runs in, for the catalog's committed schemas and teams; none outside a workspace. */
function workspaceRoot(): string | undefined {
  try {
    return findWorkspaceRoot(process.cwd());
  } catch {
    return undefined;
  }
}

/** What `GET /_paved/apis` shows: each API route, its local URL and an example body to send it. */
export function apisView(routes: ApiRoutes, url: string) {
  return routes.list().map((api) => ({
    id: api.id,
    service: api.service,
    name: api.name,
    description: api.description,
    method: api.method,
    path: api.path,
    route: api.route,
    url: `${url}${api.path}`,
    example: api.examples[0],
    publishes: api.publishes.map((contract) => contract.name),
  }));
}

/** What `GET /_paved/buckets` shows: each local bucket, which service declares it, and what it holds. */
export function bucketsView(core: BusCore) {
  return core.buckets.list().map((bucket) => ({
    name: bucket.name,
    id: bucket.id,
    service: bucket.service,
    description: bucket.description,
    eventBridge: true,
    objects: core.buckets.objectCount(bucket),
    dir: bucket.dir,
  }));
}

/** What `GET /_paved/subscriptions` shows: which handler listens to which events, and how it is retried. */
export function subscriptionsView(core: BusCore) {
  return core.rules.functionRules().map((rule) => {
    const s = rule.subscription;
    return {
      id: rule.name,
      service: s.service,
      name: s.name,
      description: s.description,
      contract: s.contract.name,
      pattern: rule.pattern,
      bus: rule.bus,
      ruleArn: rule.arn,
      functionArn: rule.targetArn,
      entry: s.entry,
      exportName: s.exportName,
      timeoutSeconds: s.timeoutSeconds,
      retryAttempts: s.retryAttempts,
      maxEventAgeSeconds: s.maxEventAgeSeconds,
      deliveryRetryAttempts: s.deliveryRetryAttempts,
      deliveryMaxEventAgeSeconds: s.deliveryMaxEventAgeSeconds,
      failureQueue: rule.failureQueue,
      deliveryQueue: rule.deliveryQueue,
      publishes: s.publishes.map((contract) => contract.name),
      stores: s.stores,
      sendsEmail: s.sendsEmail,
      ...(s.input ? { input: s.input } : {}),
      invocations: core.invocationStats(rule.name) ?? null,
    };
  });
}

/**
 * The bus's own JSON endpoints under `/_paved/`: what the console, the CLI and tests read. Errors use the
 * same `{"__type", "message"}` shape as the AWS protocol.
 */
export async function handleApiRequest(
  core: BusCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  raw: Buffer,
  context: ApiContext,
): Promise<void> {
  try {
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/_paved/health') {
      const { bus, ...stats } = core.stats();
      sendJson(res, 200, { ok: true, bus, pid: process.pid, ...stats });
    } else if (method === 'GET' && path === '/_paved/events') {
      const limit = Math.max(1, Math.min(1000, Number(url.searchParams.get('limit') ?? 50) || 50));
      sendJson(res, 200, { events: core.history.list(limit) });
    } else if (method === 'GET' && (match = /^\/_paved\/events\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(match[1]!);
      const view = core.history.get(id);
      if (!view)
        throw notFound(
          `Event ${id} is not in the bus's recent history (the last ${core.options.historyLimit} events). Older events are in the archive: replay them to see their deliveries.`,
        );
      const traceId = new Traces(core.history, core.options.historyLimit).traceIdOfEvent(id);
      sendJson(res, 200, { ...view, ...(traceId ? { traceId } : {}) });
    } else if (method === 'GET' && path === '/_paved/traces') {
      const text = (name: string) => url.searchParams.get(name)?.trim() || undefined;
      const limit = Math.max(1, Math.min(500, Number(url.searchParams.get('limit') ?? 50) || 50));
      const traces = new Traces(core.history, core.options.historyLimit).search({
        q: text('q'),
        source: text('source'),
        detailType: text('detailType'),
        correlationId: text('correlationId'),
        limit,
      });
      sendJson(res, 200, { traces });
    } else if (method === 'GET' && (match = /^\/_paved\/traces\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(match[1]!);
      if (!TRACE_ID.test(id))
        throw new AwsProtocolError(
          'ValidationException',
          `${JSON.stringify(id)} is not a trace id: give the 32 lowercase hex digits of a W3C trace id (an event's traceId in GET /_paved/events/<id>, or a trace from GET /_paved/traces?q=...).`,
        );
      const trace = new Traces(core.history, core.options.historyLimit).get(id);
      if (!trace)
        throw notFound(
          `No trace ${id} in the bus's recent history (the last ${core.options.historyLimit} events and requests). Search with GET /_paved/traces?q=<text>, or open an event (GET /_paved/events/<id>) for its traceId.`,
        );
      sendJson(res, 200, trace);
    } else if (method === 'GET' && path === '/_paved/stream') {
      openStream(core, res);
    } else if (method === 'GET' && path === '/_paved/dlq') {
      sendJson(res, 200, { queues: core.dlq.list() });
    } else if (method === 'POST' && (match = /^\/_paved\/dlq\/([^/]+)\/redrive$/.exec(path))) {
      let messageIds: string[] | undefined;
      if (raw.length > 0) {
        const body = JSON.parse(raw.toString('utf8')) as { messageIds?: unknown };
        if (body.messageIds !== undefined) {
          if (!Array.isArray(body.messageIds))
            throw new AwsProtocolError(
              'ValidationException',
              `messageIds must be a list of message ids, received ${JSON.stringify(body.messageIds)}.`,
            );
          messageIds = body.messageIds.map(String);
        }
      }
      const queue = decodeURIComponent(match[1]!);
      if (!core.dlq.kindOf(queue))
        throw notFound(
          `Queue ${queue} does not exist. Queues are <handler id>-failure-dlq and <handler id>-delivery-dlq; GET /_paved/dlq lists them.`,
        );
      sendJson(res, 200, { redriven: await core.redrive(queue, messageIds) });
    } else if (method === 'POST' && path === '/_paved/replays') {
      // StartReplay with paved's Force (the console's replay form, `paved replay --force`).
      sendJson(res, 200, startPavedReplay(core, JSON.parse(raw.toString('utf8') || '{}') as Body));
    } else if (method === 'GET' && path === '/_paved/subscriptions') {
      sendJson(res, 200, { bus: core.options.busName, subscriptions: subscriptionsView(core) });
    } else if (method === 'GET' && path === '/_paved/apis') {
      sendJson(res, 200, { apis: apisView(context.routes, context.url()) });
    } else if (method === 'GET' && path === '/_paved/catalog') {
      sendJson(res, 200, buildCatalog(core.options, workspaceRoot()));
    } else if (method === 'GET' && path === '/_paved/buckets') {
      sendJson(res, 200, { buckets: bucketsView(core) });
    } else if (method === 'PUT' && (match = /^\/_paved\/s3\/([^/]+)\/(.+)$/.exec(url.pathname))) {
      // The key as given, trailing "/" included: S3 keys are any text (the store refuses what a folder cannot hold).
      const [bucket, ...key] = [match[1]!, ...match[2]!.split('/')].map(decodeURIComponent);
      const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
      sendJson(
        res,
        200,
        await upload(core, { bucket: bucket!, key: key.join('/'), body: raw, sourceIp, path: url.pathname }),
      );
    } else if (method === 'GET' && path === '/_paved/requests') {
      const limit = Math.max(1, Math.min(1000, Number(url.searchParams.get('limit') ?? 50) || 50));
      sendJson(res, 200, { requests: core.history.listRequests(limit) });
    } else if (method === 'GET' && (match = /^\/_paved\/requests\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(match[1]!);
      const view = core.history.getRequest(id);
      if (!view)
        throw notFound(
          `Request ${id} is not in the bus's recent history (the last ${core.options.historyLimit} API requests and uploads).`,
        );
      sendJson(res, 200, view);
    } else {
      throw notFound(
        `No endpoint ${method} ${url.pathname}. See packages/local-bus/README.md for the /_paved/ endpoints.`,
      );
    }
  } catch (error) {
    sendAwsError(
      res,
      error instanceof SyntaxError
        ? new AwsProtocolError(
            'SerializationException',
            `The request body is not valid JSON: ${error.message}`,
          )
        : toAwsError(error),
    );
  }
}
