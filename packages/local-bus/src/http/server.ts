import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BusCore, type LocalBusStats } from '../core/bus-core';
import { type LocalBusActivity } from '../core/recorder';
import { AwsProtocolError } from '../errors';
import { type LocalBusOptions } from '../options';
import { handleAwsRequest, sendAwsError } from '../protocol/aws-json';
import { handleApiRequest, type ApiContext } from './api';
import { serveApi } from './api-gateway';
import { ApiRoutes } from './api-routes';
import { createRequestGuard, isAwsRequest, sendRefusal, type RequestGuard } from './guard';

/** A running local bus. */
export interface LocalBus {
  /** `http://host:port`: the endpoint for SDK clients, the AWS CLI and the console. */
  readonly url: string;
  readonly port: number;
  /**
   * Listens to what the bus does, as the console's live stream shows it (`GET /_paved/stream`, `paved tail`):
   * `accepted`, `dropped`, `attempt`, `outcome`, `dlq`, `replay`. Returns a function that stops listening.
   *
   * @example
   * bus.on('outcome', (outcome, accepted) => console.log(accepted.event.id, outcome.rule, outcome.status));
   */
  on<K extends keyof LocalBusActivity>(kind: K, listener: (...args: LocalBusActivity[K]) => void): () => void;
  /** What `GET /_paved/health` reports: pending deliveries, workers, invocations running, the journal. */
  stats(): LocalBusStats;
  /** Stops accepting requests, stops every handler and closes the journal. */
  close(): Promise<void>;
}

const cores = new WeakMap<LocalBus, BusCore>();

/** The core behind a running bus: for this package's tests, never exported from its index. */
export function coreOf(bus: LocalBus): BusCore {
  return cores.get(bus)!;
}

const CONSOLE_DIR = join(__dirname, 'console');
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/console/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/console/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  '/console/catalog.js': { file: 'catalog.js', type: 'text/javascript; charset=utf-8' },
  '/console/catalog.css': { file: 'catalog.css', type: 'text/css; charset=utf-8' },
  '/console/traces.js': { file: 'traces.js', type: 'text/javascript; charset=utf-8' },
  '/console/traces.css': { file: 'traces.css', type: 'text/css; charset=utf-8' },
};

/** The largest object an upload takes (`PUT /_paved/s3/...`): S3 takes 5 GB in one PUT, a laptop's bus less. */
const MAX_OBJECT_BYTES = 64 * 1024 ** 2;
/** The largest API request body: Lambda's 6 MB synchronous invocation payload. */
const MAX_API_BODY_BYTES = 6 * 1024 ** 2;

/**
 * Starts the local bus: bundles the handlers and the APIs' functions, recovers the journal, listens, and resumes
 * delivering events that were accepted but not delivered before the last stop (or crash). API routes that clash
 * (with each other or the bus's own paths) stop it before anything starts, with an {@link ApiRouteError}.
 *
 * @example
 * const bus = await startLocalBus({ subscriptions, dataDir: '.paved', port: 0 });
 * const client = new EventBridgeClient({ endpoint: bus.url, region: 'us-east-1', credentials });
 */
export async function startLocalBus(options: LocalBusOptions): Promise<LocalBus> {
  let url = '';
  const routes = new ApiRoutes(options.apis ?? []);
  const core = await BusCore.open(options, () => url);
  const guard = createRequestGuard(core.options.allowedHosts);
  const context: ApiContext = { routes, url: () => url };
  const server = createServer((req, res) => void route(core, guard, context, req, res));
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(core.options.port, core.options.host, () => resolve());
    });
  } catch (error) {
    await core.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  if (core.options.prewarm) core.warm();
  core.resume();
  const bus: LocalBus = {
    url,
    port: address.port,
    on: (kind, listener) => core.recorder.on(kind, listener),
    stats: () => core.stats(),
    close: () => close(server, core),
  };
  cores.set(bus, core);
  return bus;
}

async function close(server: Server, core: BusCore): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await core.close();
}

async function route(
  core: BusCore,
  guard: RequestGuard,
  context: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  // First, before reading a body: a refused request must not reach anything that reads or changes state.
  const refused = guard(req, url.pathname);
  if (refused) {
    sendRefusal(res, refused);
    req.resume();
    return;
  }
  const method = req.method ?? 'GET';
  const api =
    isAwsRequest(req, url.pathname) || url.pathname.startsWith('/_paved/')
      ? undefined
      : context.routes.match(method, url.pathname);
  const limit = api
    ? { bytes: MAX_API_BODY_BYTES, what: 'An API request takes at most 6 MB, as Lambda does' }
    : method === 'PUT' && url.pathname.startsWith('/_paved/s3/')
      ? { bytes: MAX_OBJECT_BYTES, what: 'A local upload takes at most 64 MiB' }
      : { bytes: core.options.maxBodyBytes, what: 'PutEvents entries total at most 1 MB' };
  let raw: Buffer;
  try {
    raw = await readBody(req, limit.bytes, limit.what);
  } catch (error) {
    sendAwsError(res, error as AwsProtocolError);
    req.resume();
    return;
  }
  if (isAwsRequest(req, url.pathname)) {
    await handleAwsRequest(core, req, res, raw);
  } else if (url.pathname.startsWith('/_paved/')) {
    await handleApiRequest(core, req, res, url, raw, context);
  } else if (api) {
    await serveApi(core, req, res, url, raw, api);
  } else if (req.method === 'GET' && STATIC[url.pathname]) {
    const asset = STATIC[url.pathname]!;
    const body = readFileSync(join(CONSOLE_DIR, asset.file));
    res.writeHead(200, {
      'content-type': asset.type,
      'content-length': body.length,
      // The console renders event content; this policy keeps anything in it from running as script.
      'content-security-policy':
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'",
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  } else {
    sendAwsError(
      res,
      new AwsProtocolError(
        'ResourceNotFoundException',
        `Nothing at ${req.method} ${url.pathname}. The console is at /, the AWS API is POST / with X-Amz-Target, and the services' API routes are listed by GET /_paved/apis (${context.routes.list().length} routes).`,
        404,
      ),
    );
  }
}

/** Reads a request body, refusing (413) past `limit` bytes before anything is parsed. */
function readBody(req: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const tooLarge = (size: number) =>
      new AwsProtocolError(
        'RequestEntityTooLargeException',
        `Request body of ${size} bytes is larger than the bus accepts (${limit} bytes). ${what}.`,
        413,
      );
    if (declared > limit) {
      reject(tooLarge(declared));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(tooLarge(size));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
