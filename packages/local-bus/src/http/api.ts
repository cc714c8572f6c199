import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type BusCore } from '../core/bus-core';
import { AwsProtocolError } from '../errors';
import { sendAwsError, toAwsError } from '../protocol/aws-json';
import { openStream } from './stream';

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

/** What `GET /_paved/subscriptions` shows: which handler listens to which events, and how it is retried. */
export function subscriptionsView(core: BusCore) {
  return [...core.rules.rules.values()].map((rule) => {
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
      sendJson(res, 200, view);
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
    } else if (method === 'GET' && path === '/_paved/subscriptions') {
      sendJson(res, 200, { bus: core.options.busName, subscriptions: subscriptionsView(core) });
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
