import {
  contractJsonSchema,
  eventFamily,
  pascalCase,
  S3ObjectCreated,
  SCHEMAS_DIR,
  type AnyEventContract,
  type Api,
  type Bucket,
  type EventPattern,
  type Subscription,
} from '@paved/events';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What the catalog is built from: the workspace's declarations, as `loadWorkspaceSubscriptions` loads them. */
export interface CatalogInput {
  readonly subscriptions: readonly Subscription[];
  readonly apis?: readonly Api[];
  readonly buckets?: readonly Bucket[];
}

/** One committed revision of a schema file: its commit, the commit's date and subject. */
export interface CatalogRevision {
  readonly commit: string;
  readonly date: string;
  readonly subject: string;
}

/** One version of an event: its detail-type, schema, examples and (when git is there) the schema file's history. */
export interface CatalogVersion {
  readonly version: number;
  readonly detailType: string;
  /** The committed schema file, relative to the workspace root; `null` when none is committed. */
  readonly schemaFile: string | null;
  /** The committed schema, or the contract's own when none is committed (`committed: false`). */
  readonly schema: unknown;
  readonly committed: boolean;
  readonly examples: readonly unknown[];
  /** The schema file's commits, newest first; absent when git cannot tell. */
  readonly history?: readonly CatalogRevision[];
}

export interface CatalogProducer {
  readonly kind: 'api' | 'handler' | 'aws' | 'bucket';
  /** `orders create-order`, `POST /orders`, `aws.s3`... */
  readonly name: string;
  readonly service: string | null;
  readonly detail: string;
  readonly version: number | null;
}

export interface CatalogConsumer {
  readonly id: string;
  readonly service: string;
  readonly name: string;
  readonly description: string;
  readonly version: number;
  readonly pattern: EventPattern;
}

/** One event of the catalog: every version of one detail-type family of one source. */
export interface CatalogEvent {
  /** `<source>/<family>`: `myapp.orders/OrderCreated`. */
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly producer: 'application' | 'aws';
  readonly description: string;
  readonly documentation: string | null;
  /** The service whose contracts package commits the event's schemas, and its team (`paved.team`). */
  readonly owner: { readonly service: string; readonly team: string | null } | null;
  readonly producers: readonly CatalogProducer[];
  readonly consumers: readonly CatalogConsumer[];
  readonly versions: readonly CatalogVersion[];
}

export interface Catalog {
  readonly generatedAt: string;
  readonly events: readonly CatalogEvent[];
}

interface Draft {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly contracts: Map<number, AnyEventContract>;
  readonly producers: CatalogProducer[];
  readonly consumers: CatalogConsumer[];
}

/** A committed schema file: where it is and which service commits it. */
interface CommittedSchema {
  readonly service: string;
  readonly version: number;
  readonly path: string;
}

/** Every schema committed under `services/<s>/contracts/schemas/<source>/<Family>/v<n>.json`, by `<source>/<Family>`. */
function committedSchemas(root: string | undefined): Map<string, CommittedSchema[]> {
  const found = new Map<string, CommittedSchema[]>();
  const servicesDir = root === undefined ? undefined : join(root, 'services');
  if (!servicesDir || !existsSync(servicesDir)) return found;
  const dirs = (path: string) =>
    existsSync(path)
      ? readdirSync(path, { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => entry.name)
          .sort()
      : [];
  for (const service of dirs(servicesDir)) {
    const schemas = join(servicesDir, service, 'contracts', SCHEMAS_DIR);
    for (const source of dirs(schemas))
      for (const family of dirs(join(schemas, source))) {
        const folder = join(schemas, source, family);
        const files = readdirSync(folder)
          .map((file) => /^v(\d+)\.json$/.exec(file))
          .filter((match): match is RegExpExecArray => match !== null)
          .map((match) => ({ service, version: Number(match[1]), path: join(folder, match[0]) }))
          .sort((a, b) => a.version - b.version);
        const key = `${source}/${family}`;
        found.set(key, [...(found.get(key) ?? []), ...files]);
      }
  }
  return found;
}

/** `paved.team` of `services/<service>/package.json`, if it says. */
function teamOf(root: string, service: string): string | null {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'services', service, 'package.json'), 'utf8')) as {
      paved?: { team?: unknown };
    };
    return typeof pkg.paved?.team === 'string' ? pkg.paved.team : null;
  } catch {
    return null;
  }
}

/** The schema file's revisions, newest first, as git logs them; `undefined` when git is not there to ask. */
function historyOf(root: string, path: string): CatalogRevision[] | undefined {
  try {
    const out = execFileSync('git', ['log', '--format=%H%x09%cI%x09%s', '--', relative(root, path)], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [commit = '', date = '', ...subject] = line.split('\t');
        return { commit, date, subject: subject.join('\t') };
      });
  } catch {
    return undefined;
  }
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/**
 * The event catalog: every event the workspace declares or commits a schema for, with its owner team, producers
 * (APIs and handlers that publish it, AWS services, buckets), consumers (subscriptions and their patterns), and
 * each version's schema (the committed file), examples and the file's git history. Built from the declarations and
 * the committed files only: what `GET /_paved/catalog` serves and `paved catalog --out <dir>` writes.
 */
export function buildCatalog(loaded: CatalogInput, root?: string): Catalog {
  const drafts = new Map<string, Draft>();
  const draftOf = (contract: AnyEventContract): Draft => {
    const name = pascalCase(eventFamily(contract));
    const id = `${contract.source}/${name}`;
    let draft = drafts.get(id);
    if (!draft) {
      draft = { id, name, source: contract.source, contracts: new Map(), producers: [], consumers: [] };
      drafts.set(id, draft);
    }
    if (!draft.contracts.has(contract.version)) draft.contracts.set(contract.version, contract);
    return draft;
  };
  const apis = loaded.apis ?? [];
  const buckets = loaded.buckets ?? [];
  for (const s of loaded.subscriptions) {
    draftOf(s.contract).consumers.push({
      id: s.id,
      service: s.service,
      name: s.name,
      description: s.description,
      version: s.contract.version,
      pattern: s.pattern,
    });
    for (const published of s.publishes)
      draftOf(published).producers.push({
        kind: 'handler',
        name: `${s.service} ${s.name}`,
        service: s.service,
        detail: `handler ${s.id}`,
        version: published.version,
      });
  }
  for (const api of apis)
    for (const published of api.publishes)
      draftOf(published).producers.push({
        kind: 'api',
        name: `${api.service} ${api.name}`,
        service: api.service,
        detail: `${api.method} ${api.path}`,
        version: published.version,
      });
  if (buckets.length > 0) draftOf(S3ObjectCreated);
  for (const draft of drafts.values()) {
    const contract = [...draft.contracts.values()][0]!;
    if (contract.producer !== 'aws') continue;
    draft.producers.unshift({
      kind: 'aws',
      name: contract.source,
      service: null,
      detail: `AWS (${contract.source})`,
      version: null,
    });
    if (contract.source === S3ObjectCreated.source)
      for (const bucket of buckets)
        draft.producers.push({
          kind: 'bucket',
          name: `${bucket.service} ${bucket.name}`,
          service: bucket.service,
          detail: `bucket ${bucket.namePrefix}…`,
          version: null,
        });
  }

  const committed = committedSchemas(root);
  for (const key of committed.keys())
    if (!drafts.has(key)) {
      const [source = '', name = ''] = key.split('/');
      drafts.set(key, { id: key, name, source, contracts: new Map(), producers: [], consumers: [] });
    }

  const events = [...drafts.values()]
    .map((draft): CatalogEvent => {
      const files = committed.get(draft.id) ?? [];
      const first = [...draft.contracts.values()].sort((a, b) => b.version - a.version)[0];
      const ownerService = files[0]?.service;
      const numbers = [...new Set([...draft.contracts.keys(), ...files.map((f) => f.version)])].sort(
        (a, b) => a - b,
      );
      const versions = numbers.map((version): CatalogVersion => {
        const contract = draft.contracts.get(version);
        const file = files.find((f) => f.version === version);
        const schema: unknown = file
          ? readJson(file.path)
          : contract
            ? JSON.parse(JSON.stringify(contractJsonSchema(contract)))
            : null;
        const history = file && root !== undefined ? historyOf(root, file.path) : undefined;
        const detailType =
          contract?.detailType ??
          ((schema as { properties?: { 'detail-type'?: { const?: string } } } | null)?.properties?.[
            'detail-type'
          ]?.const ||
            draft.name);
        return {
          version,
          detailType,
          schemaFile: file && root !== undefined ? relative(root, file.path).split('\\').join('/') : null,
          schema,
          committed: file !== undefined,
          examples: contract ? [...contract.examples] : [],
          ...(history ? { history } : {}),
        };
      });
      const described = (versions.find((v) => v.committed)?.schema as { description?: unknown } | null)
        ?.description;
      return {
        id: draft.id,
        name: draft.name,
        source: draft.source,
        producer: first?.producer ?? 'application',
        description: first?.description ?? (typeof described === 'string' ? described : ''),
        documentation: first?.documentation ?? null,
        owner:
          ownerService !== undefined && root !== undefined
            ? { service: ownerService, team: teamOf(root, ownerService) }
            : null,
        producers: draft.producers,
        consumers: draft.consumers,
        versions,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  return { generatedAt: new Date().toISOString(), events };
}
