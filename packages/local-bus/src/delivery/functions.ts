import { HANDLER_ENV, storeBucketVariable, type Api } from '@paved/events';
import { join } from 'node:path';
import { queueUrl } from '../core/dlq';
import { functionArn, type FunctionRule } from '../core/rules';
import { type ResolvedOptions } from '../options';
import { bundleHandler, type BundleResult } from '../sandbox/bundle';
import { FunctionTarget } from '../sandbox/function-target';
import { HotReload, type HandlerReload } from '../sandbox/hot-reload';
import { type FunctionSpec } from '../sandbox/messages';
import { WorkerPool } from '../sandbox/worker-pool';

/** Anything a rule delivers to: its function on the worker pool (which fails to reach it while it has no code). */
export type Target = Pick<FunctionTarget, 'invoke'>;

/**
 * The functions the bus runs, on one pool of worker threads they share: each function rule's handler and each
 * API's function, bundled and described once as a {@link FunctionSpec}. A function that does not bundle is
 * unreachable, as a missing function is on AWS (a handler's events reach its delivery DLQ, where a redrive after
 * the fix delivers them; an API answers 500). With `watch`, an edit to a function's sources rebundles it and the
 * next invocation runs the new code (see sandbox/hot-reload.ts).
 */
export class Functions {
  private readonly targets = new Map<string, FunctionTarget>();
  /** Each API's function, by API id. */
  private readonly apis = new Map<string, FunctionTarget>();
  private hotReload: HotReload | undefined;

  private constructor(private readonly pool: WorkerPool) {}

  /**
   * Bundles every rule's handler and every API's function and registers them with a new pool. `endpoint` is
   * where their publishers reach the bus; it is read when a function first loads, after the bus listens.
   * With `options.watch`, watches their sources and reports each reload (or failed one) to `onReload`.
   */
  static async build(
    rules: Iterable<FunctionRule>,
    options: ResolvedOptions,
    endpoint: () => string,
    onReload: (reload: HandlerReload) => void = () => undefined,
  ): Promise<Functions> {
    const memorySizes = [...options.subscriptions, ...options.apis].map((s) => s.memorySizeMb);
    const functions = new Functions(
      new WorkerPool({
        size: options.workers,
        heapMb: Math.max(options.workerMemoryMb, ...memorySizes),
        idleMs: options.idleMs,
      }),
    );
    const hotReload = options.watch ? new HotReload(functions.pool, onReload) : undefined;
    const add = async (
      fn: { name: string; kind: HandlerReload['kind']; entry: string },
      spec: (code: string, version: number) => FunctionSpec,
    ): Promise<FunctionTarget> => {
      const bundle: BundleResult = await bundleHandler(fn.entry);
      const target = new FunctionTarget(
        functions.pool,
        bundle.ok
          ? functions.pool.register(spec(bundle.code, 1))
          : { code: bundle.errorCode, message: bundle.message },
      );
      hotReload?.add({ ...fn, target, spec }, bundle);
      return target;
    };
    await Promise.all([
      ...[...rules].map(async (rule) => {
        const target = await add(
          { name: rule.name, kind: 'handler', entry: rule.subscription.entry },
          (code, version) => functionSpec(rule, code, version, options, endpoint),
        );
        functions.targets.set(rule.name, target);
      }),
      ...options.apis.map(async (api) => {
        const target = await add({ name: api.id, kind: 'api', entry: api.entry }, (code, version) =>
          apiSpec(api, code, version, options, endpoint),
        );
        functions.apis.set(api.id, target);
      }),
    ]);
    hotReload?.start();
    functions.hotReload = hotReload;
    return functions;
  }

  /** What a rule delivers to, while the rule exists. */
  target(rule: string): Target | undefined {
    return this.targets.get(rule);
  }

  /** An API's function (invoke it with `sync`: API Gateway waits for its answer). */
  api(id: string): Target | undefined {
    return this.apis.get(id);
  }

  /** One handler's invocations running and waiting, for `GET /_paved/subscriptions`. */
  invocationStats(rule: string): { running: number; waiting: number; concurrency: number } | undefined {
    const target = this.targets.get(rule);
    return target?.current ? target.stats() : undefined;
  }

  /** Starts the workers and loads every handler (once the endpoint handlers publish to is known). */
  warm(): void {
    this.pool.warm();
  }

  /** The shared workers, for `GET /_paved/health`. */
  stats(): { workers: number; running: number; isolated: number } {
    return this.pool.stats();
  }

  async close(): Promise<void> {
    await this.hotReload?.close();
    await this.pool.close();
  }
}

/** The function a rule targets, as the platform's EventHandler configures it for the same subscription. */
function functionSpec(
  rule: FunctionRule,
  code: string,
  version: number,
  options: ResolvedOptions,
  endpoint: () => string,
): FunctionSpec {
  const { subscription } = rule;
  return {
    name: rule.name,
    arn: rule.targetArn,
    entry: subscription.entry,
    exportName: subscription.exportName,
    code,
    version,
    timeoutSeconds: subscription.timeoutSeconds,
    memorySizeMb: subscription.memorySizeMb,
    concurrency: subscription.reservedConcurrency || options.maxConcurrency,
    environment: () => functionEnvironment(rule, options, endpoint()),
  };
}

/** An API's function, as the platform's ApiEndpoint configures it. */
function apiSpec(
  api: Api,
  code: string,
  version: number,
  options: ResolvedOptions,
  endpoint: () => string,
): FunctionSpec {
  return {
    name: api.id,
    arn: functionArn({ region: options.region, accountId: options.accountId }, api.id),
    entry: api.entry,
    exportName: api.exportName,
    code,
    version,
    timeoutSeconds: api.timeoutSeconds,
    memorySizeMb: api.memorySizeMb,
    concurrency: options.maxConcurrency,
    environment: () => ({
      ...lambdaEnvironment(api.id, api.memorySizeMb, options, endpoint()),
      ...api.environment,
      ...localEnvironment(options),
    }),
  };
}

/** The address local handlers "send" email from: the outbox records it; nothing leaves the machine. */
const LOCAL_MAIL_FROM = 'paved-local@localhost';

/**
 * What a handler finds in `process.env`, besides the bus process's own environment: what Lambda sets, and the local
 * equivalent of each setting the platform derives from the subscription (its stores' variables name their
 * outbox folders, its sender address is a local one), so the same handler code finds the same names.
 */
export function functionEnvironment(
  rule: FunctionRule,
  options: ResolvedOptions,
  endpoint: string,
): Record<string, string> {
  const { subscription } = rule;
  return {
    ...lambdaEnvironment(rule.name, subscription.memorySizeMb, options, endpoint),
    ...Object.fromEntries(
      subscription.stores.map((store) => [storeBucketVariable(store), join(options.outboxDir, store)]),
    ),
    ...(subscription.sendsEmail ? { [HANDLER_ENV.mailFrom]: LOCAL_MAIL_FROM } : {}),
    ...subscription.environment,
    ...localEnvironment(options),
    // Its own failure DLQ, served by the bus (SQS SendMessage): where the runtime parks a permanent failure.
    [HANDLER_ENV.failureDlqUrl]: queueUrl(endpoint, options.accountId, rule.failureQueue),
  };
}

/** What Lambda sets for every function, and where its publisher finds the bus. */
function lambdaEnvironment(
  name: string,
  memorySizeMb: number,
  options: ResolvedOptions,
  endpoint: string,
): Record<string, string> {
  return {
    // Dummy credentials: a local handler never signs requests with a developer's real AWS identity.
    AWS_ACCESS_KEY_ID: 'paved-local',
    AWS_SECRET_ACCESS_KEY: 'paved-local',
    AWS_SESSION_TOKEN: '',
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySizeMb),
    [HANDLER_ENV.eventBusName]: options.busName,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint,
  };
}

/**
 * Last, so no function's settings can turn them off: on the local bus, side effects go to files (@paved/adapters
 * reads these), never to SES or S3 with whatever credentials are around, declared buckets are the bus's object
 * store, and idempotency records are files under the data dir (the runtime reads `PAVED_IDEMPOTENCY_DIR`).
 */
function localEnvironment(options: ResolvedOptions): Record<string, string> {
  return {
    [HANDLER_ENV.local]: '1',
    [HANDLER_ENV.outboxDir]: options.outboxDir,
    [HANDLER_ENV.localS3Dir]: join(options.dataDir, 's3'),
    // Idempotency records as files: shared by every worker thread, and kept across restarts of the bus.
    [HANDLER_ENV.localIdempotencyDir]: join(options.dataDir, 'idempotency'),
  };
}
