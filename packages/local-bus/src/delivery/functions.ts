import { HANDLER_ENV, storeBucketVariable } from '@paved/events';
import { join } from 'node:path';
import { type Rule } from '../core/rules';
import { type ResolvedOptions } from '../options';
import { bundleHandler } from '../sandbox/bundle';
import { FunctionTarget } from '../sandbox/function-target';
import { type FunctionSpec } from '../sandbox/messages';
import { WorkerPool } from '../sandbox/worker-pool';

/** Anything a rule delivers to: its function on the worker pool, or a stand-in when its code cannot be built. */
export type Target = Pick<FunctionTarget, 'invoke'>;

/**
 * The functions the rules deliver to, on one pool of worker threads they share: each rule's handler bundled and
 * described once as a {@link FunctionSpec}. A handler that does not bundle gets a stand-in target whose every
 * delivery fails, as a missing function does on AWS (its events reach the delivery DLQ, where a redrive after
 * the fix delivers them).
 */
export class Functions {
  private readonly targets = new Map<string, Target>();
  /** The rules whose handler built, by rule name. */
  private readonly built = new Map<string, FunctionTarget>();

  private constructor(private readonly pool: WorkerPool) {}

  /**
   * Bundles every rule's handler and registers it with a new pool. `endpoint` is where handlers' publishers
   * reach the bus; it is read when a handler first loads, after the bus listens.
   */
  static async build(
    rules: Iterable<Rule>,
    options: ResolvedOptions,
    endpoint: () => string,
  ): Promise<Functions> {
    const memorySizes = options.subscriptions.map((s) => s.memorySizeMb);
    const functions = new Functions(
      new WorkerPool({
        size: options.workers,
        heapMb: Math.max(options.workerMemoryMb, ...memorySizes),
        idleMs: options.idleMs,
      }),
    );
    await Promise.all(
      [...rules].map(async (rule) => {
        const bundle = await bundleHandler(rule.subscription.entry);
        if (!bundle.ok) {
          functions.targets.set(rule.name, {
            invoke: async () => ({ kind: 'undeliverable', code: bundle.errorCode, message: bundle.message }),
          });
          return;
        }
        const spec = functionSpec(rule, bundle.code, options, endpoint);
        const target = new FunctionTarget(functions.pool, functions.pool.register(spec));
        functions.built.set(rule.name, target);
        functions.targets.set(rule.name, target);
      }),
    );
    return functions;
  }

  /** What a rule delivers to, while the rule exists. */
  target(rule: string): Target | undefined {
    return this.targets.get(rule);
  }

  /** One handler's invocations running and waiting, for `GET /_paved/subscriptions`. */
  invocationStats(rule: string): { running: number; waiting: number; concurrency: number } | undefined {
    return this.built.get(rule)?.stats();
  }

  /** Starts the workers and loads every handler (once the endpoint handlers publish to is known). */
  warm(): void {
    this.pool.warm();
  }

  /** The shared workers, for `GET /_paved/health`. */
  stats(): { workers: number; running: number; isolated: number } {
    return this.pool.stats();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The function a rule targets, as the platform's EventHandler configures it for the same subscription. */
function functionSpec(
  rule: Rule,
  code: string,
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
    timeoutSeconds: subscription.timeoutSeconds,
    memorySizeMb: subscription.memorySizeMb,
    concurrency: subscription.reservedConcurrency || options.maxConcurrency,
    environment: () => functionEnvironment(rule, options, endpoint()),
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
  rule: Rule,
  options: ResolvedOptions,
  endpoint: string,
): Record<string, string> {
  const { subscription } = rule;
  return {
    // Dummy credentials: a local handler never signs requests with a developer's real AWS identity.
    AWS_ACCESS_KEY_ID: 'paved-local',
    AWS_SECRET_ACCESS_KEY: 'paved-local',
    AWS_SESSION_TOKEN: '',
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_LAMBDA_FUNCTION_NAME: rule.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(subscription.memorySizeMb),
    [HANDLER_ENV.eventBusName]: options.busName,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint,
    ...Object.fromEntries(
      subscription.stores.map((store) => [storeBucketVariable(store), join(options.outboxDir, store)]),
    ),
    ...(subscription.sendsEmail ? { [HANDLER_ENV.mailFrom]: LOCAL_MAIL_FROM } : {}),
    ...subscription.environment,
    // Last, so no subscription can turn it off: on the local bus, side effects go to files (@paved/adapters
    // reads these), never to SES or S3 with whatever credentials are around.
    [HANDLER_ENV.local]: '1',
    [HANDLER_ENV.outboxDir]: options.outboxDir,
  };
}
