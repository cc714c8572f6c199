import { type Api, type Bucket, type Subscription } from '@paved/events';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ServiceLoadError } from './errors';

/** What {@link loadWorkspaceSubscriptions} found. */
export interface LoadedServices {
  readonly root: string;
  /** Service folder names, each with a `src/subscriptions.ts`, `src/apis.ts` or `src/buckets.ts`. */
  readonly services: readonly string[];
  readonly subscriptions: readonly Subscription[];
  /** Every service's API routes (`src/apis.ts` exports `apis`). */
  readonly apis: readonly Api[];
  /** Every service's declared buckets (`src/buckets.ts` exports `buckets`). */
  readonly buckets: readonly Bucket[];
}

/** The files a service may declare what the local bus runs in, and what each exports. */
const DECLARATIONS = { subscriptions: 'subscriptions.ts', apis: 'apis.ts', buckets: 'buckets.ts' } as const;

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
 * The values a module exports as `name` (`apis`: `defineApi` values; `buckets`: `defineBucket` values), each with
 * the field `key` that every such value has; `[]` when the module does not export it and `optional`.
 */
export function declarationsOf<T>(
  moduleExports: Record<string, unknown>,
  from: string,
  name: 'apis' | 'buckets',
  optional = true,
): T[] {
  const values = moduleExports[name];
  if (values === undefined && optional) return [];
  const what = name === 'apis' ? 'defineApi(...)' : 'defineBucket(...)';
  if (!Array.isArray(values)) {
    throw new ServiceLoadError(
      `${from} does not export "${name}" as an array (it exports ${Object.keys(moduleExports).join(', ') || 'nothing'}). Export the values ${what} returns: export const ${name} = [...].`,
    );
  }
  values.forEach((value: { id?: unknown; route?: unknown; namePrefix?: unknown }, index) => {
    const shaped =
      typeof value?.id === 'string' &&
      (name === 'apis' ? typeof value.route === 'string' : typeof value.namePrefix === 'string');
    if (!shaped)
      throw new ServiceLoadError(
        `${name}[${index}] in ${from} is not what ${what} returns (received ${JSON.stringify(value)}). List those values.`,
      );
  });
  return values as T[];
}

/**
 * Finds every service under the workspace root and loads what it declares, exactly as each service's stack does,
 * so the local bus runs exactly what deploys: `src/subscriptions.ts` (`subscriptions`), and where they exist
 * `src/apis.ts` (`apis`) and `src/buckets.ts` (`buckets`). Loading uses `require`, so TypeScript needs a loader
 * registered (the `paved` bin registers tsx).
 */
export function loadWorkspaceSubscriptions(
  root: string = findWorkspaceRoot(),
  load: (path: string) => Record<string, unknown> = require,
): LoadedServices {
  const servicesDir = join(root, 'services');
  const has = (service: string, file: string) => existsSync(join(servicesDir, service, 'src', file));
  const services = existsSync(servicesDir)
    ? readdirSync(servicesDir, { withFileTypes: true })
        .filter(
          (entry) => entry.isDirectory() && Object.values(DECLARATIONS).some((file) => has(entry.name, file)),
        )
        .map((entry) => entry.name)
        .sort()
    : [];
  const subscriptions: Subscription[] = [];
  const apis: Api[] = [];
  const buckets: Bucket[] = [];
  for (const service of services) {
    const loadFile = (file: string): [Record<string, unknown>, string] | undefined => {
      if (!has(service, file)) return undefined;
      const path = join(servicesDir, service, 'src', file);
      try {
        return [load(path), path];
      } catch (error) {
        throw new ServiceLoadError(
          `Could not load ${path}: ${(error as Error).message}. Fix the error (npx nx run ${service}:typecheck shows it) and restart.`,
          { cause: error },
        );
      }
    };
    const declared = loadFile(DECLARATIONS.subscriptions);
    if (declared) subscriptions.push(...subscriptionsOf(...declared));
    const routes = loadFile(DECLARATIONS.apis);
    if (routes) apis.push(...declarationsOf<Api>(...routes, 'apis', false));
    const stores = loadFile(DECLARATIONS.buckets);
    if (stores) buckets.push(...declarationsOf<Bucket>(...stores, 'buckets', false));
  }
  return { root, services, subscriptions, apis, buckets };
}
