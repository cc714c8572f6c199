import {
  AWS_DEFAULT_BUS_NAME,
  DEFAULT_BUS_NAME,
  type Api,
  type Bucket,
  type Subscription,
} from '@paved/events';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InvalidOptionError } from './errors';

/** What {@link startLocalBus} takes. Every option but `subscriptions` and `dataDir` has a default. */
export interface LocalBusOptions {
  /** The handlers to run: rules and targets are derived from them exactly as the CDK stacks derive them. */
  readonly subscriptions: readonly Subscription[];
  /** Where the journal (and archive) lives. `paved start` uses `<workspace>/.paved`. */
  readonly dataDir: string;
  /**
   * The HTTP APIs to serve (the values `defineApi(...)` returns): each route at the bus's root (`POST /orders`), its
   * function run in the sandbox as API Gateway invokes it (payload format 2.0). A route that clashes with another
   * or with the bus's own paths stops the bus starting.
   * @default []
   */
  readonly apis?: readonly Api[];
  /**
   * The declared buckets (the values `defineBucket(...)` returns): local buckets named as on AWS
   * (`bucketName(bucket, { account, region })`), stored under `<dataDir>/s3`, that put S3's `Object Created` event
   * on the `default` bus for every upload (`paved s3 cp`).
   * @default []
   */
  readonly buckets?: readonly Bucket[];
  /**
   * Where handlers' side effects go: every handler runs with `PAVED_LOCAL=1` and `PAVED_OUTBOX_DIR` set to this,
   * so `@paved/adapters` writes emails and stored objects as files here instead of calling SES or S3.
   * @default `<dataDir>/outbox` (`<workspace>/.paved/outbox` for `paved start`)
   */
  readonly outboxDir?: string;
  /** Interface to listen on. Loopback unless you mean to expose the bus. @default '127.0.0.1' */
  readonly host?: string;
  /**
   * Host names the bus answers to besides `localhost` and IP addresses (always answered). A request with any
   * other `Host` gets 403, so a web page that points its own DNS name at this machine (DNS rebinding) cannot
   * read or change the bus. A name starting with a dot also allows its subdomains: `.example.test`.
   * `true` answers to every name, which reopens that hole: use it only behind a proxy that checks names.
   * @default [] (localhost and IP addresses only)
   * @example allowedHosts: ['bus.dev.test'] // the bus reached through a hosts-file name or a dev proxy
   */
  readonly allowedHosts?: readonly string[] | true;
  /** Port to listen on; 0 picks a free one. @default 4010 */
  readonly port?: number;
  /**
   * The custom bus the handlers' rules live on. `default` exists too, with the routes that forward to this bus
   * (application events, and the AWS events the handlers consume: `busRoutes`). @default 'paved'
   */
  readonly busName?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Account id in ARNs and events. @default '000000000000' */
  readonly accountId?: string;
  /** Multiplies retry delays and maximum event ages, so a developer need not wait minutes. @default 0.01 */
  readonly timeScale?: number;
  /** Invocations of one handler that run at once when it sets no reservedConcurrency. @default 4 */
  readonly maxConcurrency?: number;
  /**
   * Worker threads the handlers share; each hosts many handlers and runs many invocations at once. The
   * default leaves one core to the bus's own thread (HTTP, journal, routing): on two cores, a second worker
   * tripled the p99 latency under load and added no throughput.
   * @default one per core but one, at least 1 (`os.availableParallelism() - 1`)
   */
  readonly workers?: number;
  /**
   * Heap limit of each shared worker, in MB, raised to the largest handler's memorySizeMb: the handlers in a
   * worker share its heap. A worker that runs a suspect invocation alone gets that handler's memorySizeMb.
   * @default 1024
   */
  readonly workerMemoryMb?: number;
  /** Recent events kept in memory for the console and `GET /_paved/events`. @default 1000 */
  readonly historyLimit?: number;
  /** Archive retention: journal segments older than this are deleted. @default 7 */
  readonly retentionDays?: number;
  /** Journal size bound: the oldest segments are deleted past it. @default 1 GiB */
  readonly maxJournalBytes?: number;
  /** Journal segment size. @default 64 MiB */
  readonly segmentBytes?: number;
  /** fdatasync each batch of acknowledged events before acknowledging it. @default true */
  readonly fsync?: boolean;
  /**
   * What PutEvents does with an entry for a bus that does not exist. `accept`: as AWS does today, answer with
   * an EventId and drop the event (the console and log say so). `reject`: fail the entry. @default 'accept'
   */
  readonly unknownBus?: 'accept' | 'reject';
  /** Stop an idle execution environment after this long. @default 300000 (5 minutes) */
  readonly idleMs?: number;
  /** Start one environment per handler at startup, so first events are not cold starts. @default false */
  readonly prewarm?: boolean;
  /**
   * Hot reload: watch every function's sources (the files its bundle was built from, workspace packages such as
   * its contracts included) and rebundle exactly the functions an edit affects; the next invocation runs the new
   * code, those running finish on the old, and a change that does not bundle is reported (`bus.on('reload')`, the
   * console, the terminal) while the function keeps its last good code. `paved start` turns it on
   * (`--no-watch` turns it off).
   * @default false
   */
  readonly watch?: boolean;
  /** Request body limit, checked before parsing. @default 3 MiB (1 MB of entries, JSON-escaped, fits) */
  readonly maxBodyBytes?: number;
}

export type ResolvedOptions = Required<LocalBusOptions>;

/** A DNS name, optionally with a leading dot (its subdomains too), or an IP address as a URL writes it. */
const HOST_NAME =
  /^(\.?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*|\[[0-9a-f:.]+\])$/i;

export function resolveOptions(options: LocalBusOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    host: '127.0.0.1',
    allowedHosts: [],
    port: 4010,
    busName: DEFAULT_BUS_NAME,
    region: 'us-east-1',
    accountId: '000000000000',
    timeScale: 0.01,
    maxConcurrency: 4,
    workers: Math.max(1, availableParallelism() - 1),
    workerMemoryMb: 1024,
    historyLimit: 1000,
    retentionDays: 7,
    maxJournalBytes: 1024 ** 3,
    segmentBytes: 64 * 1024 ** 2,
    fsync: true,
    unknownBus: 'accept',
    idleMs: 300_000,
    prewarm: false,
    watch: false,
    maxBodyBytes: 3 * 1024 ** 2,
    ...stripUndefined(options),
    subscriptions: options.subscriptions,
    apis: options.apis ?? [],
    buckets: options.buckets ?? [],
    dataDir: options.dataDir,
    outboxDir: options.outboxDir ?? join(options.dataDir ?? '', 'outbox'),
  };
  const check = (name: keyof ResolvedOptions, ok: boolean, fix: string): void => {
    if (!ok) throw new InvalidOptionError(`Invalid ${name} ${JSON.stringify(resolved[name])}: ${fix}`);
  };
  check(
    'port',
    Number.isInteger(resolved.port) && resolved.port >= 0 && resolved.port <= 65535,
    'use a port number from 0 to 65535.',
  );
  check(
    'allowedHosts',
    resolved.allowedHosts === true ||
      (Array.isArray(resolved.allowedHosts) &&
        resolved.allowedHosts.every((name) => typeof name === 'string' && HOST_NAME.test(name))),
    'list host names only, without scheme, port or path, such as ["bus.dev.test", ".example.test"] (a leading dot allows subdomains), or true for any name (see Security in the README).',
  );
  check(
    'timeScale',
    typeof resolved.timeScale === 'number' && resolved.timeScale > 0 && resolved.timeScale <= 1,
    'use a number above 0 and at most 1, such as 0.01 (1 means real AWS timings).',
  );
  check(
    'maxConcurrency',
    Number.isInteger(resolved.maxConcurrency) && resolved.maxConcurrency >= 1,
    'use a whole number of at least 1.',
  );
  check(
    'workers',
    Number.isInteger(resolved.workers) && resolved.workers >= 1,
    'use a whole number of at least 1, such as the number of cores.',
  );
  check(
    'historyLimit',
    Number.isInteger(resolved.historyLimit) && resolved.historyLimit >= 1,
    'use a whole number of at least 1.',
  );
  check(
    'busName',
    /^[\w.-]{1,256}$/.test(resolved.busName) && resolved.busName !== AWS_DEFAULT_BUS_NAME,
    'use 1-256 letters, digits, dots, dashes or underscores, other than "default".',
  );
  check(
    'unknownBus',
    resolved.unknownBus === 'accept' || resolved.unknownBus === 'reject',
    'use "accept" (as AWS) or "reject".',
  );
  check(
    'dataDir',
    typeof resolved.dataDir === 'string' && resolved.dataDir.length > 0,
    'give a directory for the journal, such as .paved.',
  );
  check(
    'outboxDir',
    typeof resolved.outboxDir === 'string' && resolved.outboxDir.length > 0,
    "give a directory for handlers' side effects, such as .paved/outbox.",
  );
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
