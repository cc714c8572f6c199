import { bucketName, HANDLER_ENV, type Api, type Bucket, type Subscription } from '@paved/events';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { localBusRoutes } from '../core/rule-definitions';
import { type AcceptedRecord } from '../journal/records';
import { startLocalBus, type LocalBus } from '../http/server';
import { resolveOptions, type LocalBusOptions } from '../options';
import { declarationsOf, findWorkspaceRoot, loadWorkspaceSubscriptions, subscriptionsOf } from '../services';
import { type CliIo } from './io';

export interface StartFlags {
  readonly port?: string;
  readonly host?: string;
  readonly 'allowed-hosts'?: string;
  readonly 'data-dir'?: string;
  readonly 'outbox-dir'?: string;
  readonly workers?: string;
  readonly 'bus-name'?: string;
  readonly 'time-scale'?: string;
  readonly handlers?: string;
  readonly region?: string;
  readonly 'unknown-bus'?: string;
  readonly 'retention-days'?: string;
  readonly prewarm?: boolean;
  readonly 'no-watch'?: boolean;
  readonly quiet?: boolean;
}

const number = (value: string | undefined): number | undefined =>
  value === undefined || value === '' ? undefined : Number(value);

/** `--allowed-hosts a,b` (or `all`, any name: see Security in the README) → the `allowedHosts` option. */
export const parseAllowedHosts = (value: string | undefined): readonly string[] | true | undefined =>
  value === undefined || value.trim() === ''
    ? undefined
    : value.trim() === 'all'
      ? true
      : value
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean);

/**
 * `paved start`: loads every service's handlers (or `--handlers <module>`), starts the bus and logs what
 * flows through it until SIGINT/SIGTERM, then stops cleanly.
 */
export async function runStart(flags: StartFlags, io: CliIo): Promise<number> {
  const { env } = io;
  let subscriptions: readonly Subscription[];
  let apis: readonly Api[];
  let buckets: readonly Bucket[];
  let root: string;
  let origin: string;
  if (flags.handlers) {
    const path = resolve(io.cwd, flags.handlers);
    const exported = createRequire(__filename)(path) as Record<string, unknown>;
    subscriptions = subscriptionsOf(exported, path);
    apis = declarationsOf<Api>(exported, path, 'apis');
    buckets = declarationsOf<Bucket>(exported, path, 'buckets');
    root = findWorkspaceRoot(io.cwd);
    origin = path;
  } else {
    const loaded = loadWorkspaceSubscriptions(findWorkspaceRoot(io.cwd));
    ({ subscriptions, apis, buckets } = loaded);
    root = loaded.root;
    origin = `${loaded.services.length} services (${loaded.services.join(', ') || 'none'})`;
  }
  const dataDir = resolve(io.cwd, flags['data-dir'] ?? env['PAVED_DATA_DIR'] ?? join(root, '.paved'));
  const outboxDir = flags['outbox-dir'] ?? env['PAVED_OUTBOX_DIR'];
  const requested: LocalBusOptions = {
    subscriptions,
    apis,
    buckets,
    dataDir,
    outboxDir: outboxDir === undefined ? undefined : resolve(io.cwd, outboxDir),
    workers: number(flags.workers ?? env['PAVED_WORKERS']),
    port: number(flags.port ?? env['PAVED_PORT']),
    host: flags.host ?? env['PAVED_HOST'],
    allowedHosts: parseAllowedHosts(flags['allowed-hosts'] ?? env['PAVED_ALLOWED_HOSTS']),
    busName: flags['bus-name'] ?? env['PAVED_BUS_NAME'],
    timeScale: number(flags['time-scale'] ?? env['PAVED_TIME_SCALE']),
    region: flags.region ?? env['AWS_REGION'],
    unknownBus: (flags['unknown-bus'] ?? env['PAVED_UNKNOWN_BUS']) as 'accept' | 'reject' | undefined,
    retentionDays: number(flags['retention-days']),
    prewarm: flags.prewarm,
    // On for a developer's bus: an edited handler runs on the next event (hot reload).
    watch: !flags['no-watch'],
  };
  // Resolved here too, for the banner: the bus resolves the same options the same way.
  const options = resolveOptions(requested);
  const bus = await startLocalBus(requested);
  const pending = bus.stats().pendingEvents;
  io.stdout.write(
    [
      `paved local bus listening on ${bus.url}`,
      `  console   ${bus.url}/`,
      `  bus       ${options.busName}, ${subscriptions.length} handlers from ${origin}, on ${options.workers} worker thread${options.workers === 1 ? '' : 's'}`,
      `  default   ${routesLine(subscriptions, options.busName)}`,
      ...apiLines(bus.url, apis),
      ...bucketLines(buckets, options),
      `  journal   ${dataDir}${pending > 0 ? ` (${pending} events from before the last stop are being delivered)` : ''}`,
      `  outbox    ${options.outboxDir}: handlers run with ${HANDLER_ENV.local}=1, so emails and stored objects land here as files, not in SES or S3`,
      ...hostsLine(options.allowedHosts),
      `  timings   retries and event ages x${options.timeScale} (--time-scale); handler timeouts as configured`,
      options.watch
        ? `  watch     every handler's sources and the workspace packages they import: an edit reloads it for the next event (--no-watch: off)`
        : `  watch     off (--no-watch): restart to run edited handlers`,
      // The AWS CLI signs every request, so it wants credentials even for a local endpoint: any will do.
      `  try       ${tryCommand(bus.url, options.busName, subscriptions)}`,
      'Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  if (!flags.quiet) logActivity(bus, io);
  logReloads(bus, io);
  const signal = await io.stopSignal;
  io.stdout.write(`${signal}: stopping…\n`);
  await bus.close();
  io.stdout.write('stopped.\n');
  return 0;
}

/** What the `default` bus forwards to the paved bus: its routes (`busRoutes`), as the platform deploys them. */
function routesLine(subscriptions: readonly Subscription[], busName: string): string {
  const routes = localBusRoutes(subscriptions, { busName });
  return `where AWS services and PutEvents without EventBusName put events; ${routes.length} route${routes.length === 1 ? '' : 's'} forward to ${busName}: ${routes.map((route) => route.Name).join(', ')}`;
}

/** Each API route at its local URL: `POST http://127.0.0.1:4010/orders  (orders create-order)`. */
function apiLines(url: string, apis: readonly Api[]): string[] {
  if (apis.length === 0) return [];
  const width = Math.max(...apis.map((api) => api.method.length + url.length + api.path.length + 1));
  return apis.map(
    (api, i) =>
      `  ${i === 0 ? 'apis    ' : '        '}  ${`${api.method} ${url}${api.path}`.padEnd(width)}  (${api.service} ${api.name})`,
  );
}

/** Each local bucket by its name as on AWS, and how to upload to it. */
function bucketLines(buckets: readonly Bucket[], options: { accountId: string; region: string }): string[] {
  return buckets.map((bucket, i) => {
    const name = bucketName(bucket, { account: options.accountId, region: options.region });
    return `  ${i === 0 ? 'buckets ' : '        '}  ${name}  (${bucket.service} ${bucket.name}): npx paved s3 cp <file> s3://${name}/<key>`;
  });
}

/** Says which extra names the bus answers to; loudly when it answers to any (DNS rebinding is then open). */
function hostsLine(allowed: readonly string[] | true): string[] {
  if (allowed === true)
    return [
      '  hosts     ANY Host is answered (--allowed-hosts all): a web page can reach this bus by DNS rebinding; list names instead',
    ];
  return allowed.length > 0 ? [`  hosts     localhost, IP addresses and ${allowed.join(', ')}`] : [];
}

/**
 * A PutEvents call to copy and paste: the AWS CLI with dummy credentials (it refuses to run without any), and
 * the shortest example event of the loaded contracts, so it matches a rule.
 */
export function tryCommand(url: string, busName: string, subscriptions: readonly Subscription[]): string {
  const entries = subscriptions
    .filter((s) => s.contract.examples.length > 0)
    .map((s) => {
      const entry = {
        Source: s.contract.source,
        DetailType: s.contract.detailType,
        Detail: JSON.stringify(s.contract.examples[0]),
        EventBusName: busName,
      };
      return JSON.stringify([entry]);
    })
    .sort((a, b) => a.length - b.length);
  const json =
    entries[0] ??
    JSON.stringify([{ Source: 'my.source', DetailType: 'my_type', Detail: '{}', EventBusName: busName }]);
  const quoted = `'${json.replace(/'/g, `'\\''`)}'`;
  return `AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1 aws events put-events --endpoint-url ${url} --entries ${quoted}`;
}

/** How an accepted event came to the bus, for the activity log: nothing for a client's PutEvents. */
function originTag(record: AcceptedRecord): string {
  const { origin } = record;
  switch (origin.kind) {
    case 'put':
      return '';
    case 'forward':
      return ` [forwarded from ${origin.from.bus} ${origin.from.id} by ${origin.rule}]`;
    case 'upload':
      return ` [upload ${origin.requestId}]`;
    case 'replay':
      return ` [replay ${origin.name}]`;
    case 'redrive':
      return ` [redrive ${origin.queue}]`;
  }
}

const time = (): string => new Date().toISOString().slice(11, 23);

/** Which function reloaded, or why it did not and what it runs meanwhile (even with --quiet: it is no event). */
function logReloads(bus: LocalBus, io: CliIo): void {
  bus.on('reload', (r) => {
    const what = `${r.kind === 'api' ? 'api' : 'handler'} ${r.function}`;
    const changed = r.changed.length > 0 ? ` (${r.changed.join(', ')} changed)` : '';
    io.stdout.write(
      r.status === 'reloaded'
        ? `${time()} reload  ${what} v${r.version}${changed} in ${r.durationMs} ms: the next event runs the new code\n`
        : `${time()} RELOAD FAILED ${what}${changed}: ${r.error?.message ?? ''}\n`,
    );
  });
}

function logActivity(bus: LocalBus, io: CliIo): void {
  bus.on('accepted', (r, unmatched) =>
    io.stdout.write(
      `${time()} event   ${r.event.id} ${r.event.source}/${r.event['detail-type']} on ${r.bus}${originTag(r)} -> ${unmatched ? `NO RULE: ${unmatched.message}` : r.rules.join(', ')}\n`,
    ),
  );
  bus.on('dropped', (d) =>
    io.stdout.write(
      `${time()} DROPPED ${d.event.id}: ${d.reason}${d.unmatched ? ` It ${d.unmatched.message}` : ''}\n`,
    ),
  );
  bus.on('request', (q) =>
    io.stdout.write(
      `${time()} request ${q.method} ${q.path} ${q.status} ${Math.round(q.durationMs)} ms (${q.target})${q.events.length > 0 ? ` -> events ${q.events.join(', ')}` : ''}${q.error ? `: ${q.error.errorType}: ${q.error.errorMessage}` : ''}\n`,
    ),
  );
  bus.on('attempt', (a) => {
    if (!a.ok)
      io.stdout.write(
        `${time()} failed  ${a.rule} ${a.kind} #${a.n}: ${a.error?.errorType}: ${a.error?.errorMessage}\n`,
      );
  });
  bus.on('outcome', (o) => {
    if (o.status !== 'succeeded')
      io.stdout.write(
        `${time()} ${o.status.toUpperCase()} ${o.rule}${o.queue ? ` -> ${o.queue}` : ''}: ${o.reason ?? ''}\n`,
      );
  });
}
