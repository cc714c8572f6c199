import { type Subscription } from '@paved/events';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ServiceLoadError } from './errors';

/** What {@link loadWorkspaceSubscriptions} found. */
export interface LoadedServices {
  readonly root: string;
  /** Service folder names, each with a `src/handlers.ts`. */
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

/**
 * The subscriptions of a module: its `handlers` export (construct classes with a static `subscription`,
 * as each service's `src/handlers.ts` has) or its `subscriptions` export (plain subscriptions).
 */
export function subscriptionsOf(moduleExports: Record<string, unknown>, from: string): Subscription[] {
  const { handlers, subscriptions } = moduleExports as { handlers?: unknown; subscriptions?: unknown };
  if (Array.isArray(subscriptions)) return subscriptions as Subscription[];
  if (!Array.isArray(handlers)) {
    throw new ServiceLoadError(
      `${from} exports neither "handlers" (handler construct classes) nor "subscriptions". Export one of them as an array.`,
    );
  }
  return handlers.map((handler: { name?: string; subscription?: Subscription }, index) => {
    if (!handler?.subscription?.id) {
      throw new ServiceLoadError(
        `handlers[${index}] (${handler?.name ?? typeof handler}) in ${from} has no static "subscription". Each handler construct must declare "static readonly subscription = defineSubscription(...)".`,
      );
    }
    return handler.subscription;
  });
}

/**
 * Finds every `services/<service>/src/handlers.ts` under the workspace root and loads it, exactly as each
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
          (entry) => entry.isDirectory() && existsSync(join(servicesDir, entry.name, 'src', 'handlers.ts')),
        )
        .map((entry) => entry.name)
        .sort()
    : [];
  const subscriptions: Subscription[] = [];
  for (const service of services) {
    const path = join(servicesDir, service, 'src', 'handlers.ts');
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
