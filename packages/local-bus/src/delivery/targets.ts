import { join } from 'node:path';
import { HANDLER_ENV, storeBucketVariable } from '@paved/events';
import { type ResolvedOptions } from '../options';
import { type Rule } from '../rules';
import { bundleHandler } from './bundle';
import { type Target } from './dispatcher';
import { FunctionTarget } from './function-target';
import { type WorkerPool } from './worker-pool';

/** Every rule's target: its function on the pool, or a stand-in that fails delivery when it cannot be built. */
export interface Targets {
  readonly targets: Map<string, Target>;
  /** The rules whose handler built, by rule name. */
  readonly functions: Map<string, FunctionTarget>;
}

/**
 * Bundles every rule's handler and registers it with the pool. `endpoint` is where handlers' publishers reach
 * the bus; it is read when a handler first loads, after the bus listens.
 */
export async function buildTargets(
  rules: Iterable<Rule>,
  pool: WorkerPool,
  options: ResolvedOptions,
  endpoint: () => string,
): Promise<Targets> {
  const targets = new Map<string, Target>();
  const functions = new Map<string, FunctionTarget>();
  await Promise.all(
    [...rules].map(async (rule) => {
      const { subscription } = rule;
      const bundle = await bundleHandler(subscription.entry);
      if (!bundle.ok) {
        targets.set(rule.name, {
          invoke: async () => ({ kind: 'undeliverable', code: bundle.errorCode, message: bundle.message }),
        });
        return;
      }
      const fn = pool.register({
        functionName: rule.name,
        entry: subscription.entry,
        exportName: subscription.exportName,
        code: bundle.code,
        timeoutSeconds: subscription.timeoutSeconds,
        memorySizeMb: subscription.memorySizeMb,
        region: options.region,
        accountId: options.accountId,
        environment: () => functionEnvironment(rule, options, endpoint()),
      });
      const target = new FunctionTarget(pool, fn, subscription.reservedConcurrency || options.maxConcurrency);
      functions.set(rule.name, target);
      targets.set(rule.name, target);
    }),
  );
  return { targets, functions };
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
