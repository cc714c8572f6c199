import { type Subscription } from '@paved/events';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ServiceLoadError } from './errors';

/** What {@link loadWorkspaceSubscriptions} found. */
export interface LoadedServices {
  readonly root: string;
  /** Service folder names, each with a `src/subscriptions.ts`. */
  readonly services: readonly string[];
  readonly subscriptions: readonly Subscription[];
}

/** The nearest directory at or above `from` holding `nx.json`: the workspace root. */
export function findWorkspaceRoot(from: string = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new ServiceLoadError(
        `No nx.json found in ${from} or any directory above it. Run paved inside the workspace, or pass --handlers <module>.`,
      );
    }
    dir = parent;
  }
}

/** The subscriptions a module exports as `subscriptions` (each service's `src/subscriptions.ts` does). */
export function subscriptionsOf(moduleExports: Record<string, unknown>, from: string): Subscription[] {
  const { subscriptions } = moduleExports as { subscriptions?: unknown };
  if (!Array.isArray(subscriptions)) {
    throw new ServiceLoadError(
      `${from} does not export "subscriptions" as an array (it exports ${Object.keys(moduleExports).join(', ') || 'nothing'}). ` +
        "Export the service's subscriptions: export const subscriptions = [reserveStock, ...].",
    );
  }
  subscriptions.forEach((subscription: { id?: unknown }, index) => {
    if (typeof subscription?.id !== 'string') {
      throw new ServiceLoadError(
        `subscriptions[${index}] in ${from} is not a subscription (received ${JSON.stringify(subscription)}). List the values defineSubscription(...) returns.`,
      );
    }
  });
  return subscriptions as Subscription[];
}

/**
 * Finds every `services/<service>/src/subscriptions.ts` under the workspace root and loads it, exactly as each
 * service's stack does, so the local bus runs exactly what deploys. Loading uses `require`, so TypeScript
 * needs a loader registered (the `paved` bin registers tsx).
 */
export function loadWorkspaceSubscriptions(
  root: string = findWorkspaceRoot(),
  load: (path: string) => Record<string, unknown> = require,
): LoadedServices {
  const servicesDir = join(root, 'services');
  const services = existsSync(servicesDir)
    ? readdirSync(servicesDir, { withFileTypes: true })
        .filter(
          (entry) =>
            entry.isDirectory() && existsSync(join(servicesDir, entry.name, 'src', 'subscriptions.ts')),
        )
        .map((entry) => entry.name)
        .sort()
    : [];
  const subscriptions: Subscription[] = [];
  for (const service of services) {
    const path = join(servicesDir, service, 'src', 'subscriptions.ts');
    let moduleExports: Record<string, unknown>;
    try {
      moduleExports = load(path);
    } catch (error) {
      throw new ServiceLoadError(
        `Could not load ${path}: ${(error as Error).message}. Fix the error (npx nx run ${service}:typecheck shows it) and restart.`,
        { cause: error },
      );
    }
    subscriptions.push(...subscriptionsOf(moduleExports, path));
  }
  return { root, services, subscriptions };
}
