import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type AnyEventContract } from '../contract';
import { exampleEvent } from '../example';
import { explainMismatch } from '../patterns/explain';
import { testEventPattern } from '../patterns/evaluate';
import { type Subscription } from '../subscription';
import { type JsonSchema, rootNode, type SchemaNode, shapesOf } from './shapes';

/** A handler package whose subscription consumes a contract. */
export interface Consumer {
  /** Its Nx project name, such as `orders-reserve-stock`. */
  readonly project: string;
  /** Its folder, relative to the workspace root. */
  readonly dir: string;
  readonly subscription: Subscription;
}

interface PackageJson {
  readonly name?: string;
  readonly main?: string;
  readonly workspaces?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly nx?: { readonly name?: string; readonly tags?: readonly string[] };
}

function readPackage(dir: string): PackageJson | undefined {
  const file = join(dir, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PackageJson) : undefined;
}

/** The workspace's package folders, from the root package.json's `workspaces` (`services/*\/handlers/*`). */
function workspacePackages(root: string): string[] {
  const patterns = readPackage(root)?.workspaces ?? [];
  const expand = (dir: string, segments: readonly string[]): string[] => {
    if (segments.length === 0) return [dir];
    const [head, ...rest] = segments as [string, ...string[]];
    if (!head.includes('*')) return existsSync(join(dir, head)) ? expand(join(dir, head), rest) : [];
    const matcher = new RegExp(`^${head.split('*').map(escape).join('[^/]*')}$`);
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && matcher.test(entry.name))
      .flatMap((entry) => expand(join(dir, entry.name), rest));
  };
  return [...new Set(patterns.flatMap((pattern) => expand(root, pattern.split('/'))))];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isSubscription(value: unknown): value is Subscription {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Subscription).id === 'string' &&
    typeof (value as Subscription).entry === 'string' &&
    typeof (value as Subscription).pattern === 'object' &&
    typeof (value as Subscription).contract?.detailType === 'string'
  );
}

/**
 * Every handler package (Nx tag `kind:handler`) that depends on the contracts package `packageName`, with the
 * subscriptions its entry exports: the edges of the Nx project graph from that package to its consumers, read from
 * the same package.json files Nx reads. Loads each handler's subscription module (TypeScript: run under tsx or Jest).
 */
export function findConsumers(
  root: string,
  packageName: string,
): { consumers: Consumer[]; failures: string[] } {
  const failures: string[] = [];
  const consumers = workspacePackages(root).flatMap((dir) => {
    const pkg = readPackage(dir);
    if (!pkg || !pkg.nx?.tags?.includes('kind:handler')) return [];
    if (!pkg.dependencies?.[packageName] && !pkg.devDependencies?.[packageName]) return [];
    const project = pkg.nx?.name ?? pkg.name ?? relative(root, dir);
    const entry = join(dir, pkg.main ?? 'src/subscription.ts');
    let exports: Record<string, unknown>;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exports = require(entry) as Record<string, unknown>;
    } catch (error) {
      failures.push(
        `${project} depends on ${packageName}, but its subscription (${relative(root, entry)}) does not load, so ` +
          `its pattern cannot be checked: ${(error as Error).message.split('\n')[0]}`,
      );
      return [];
    }
    return Object.values(exports)
      .filter(isSubscription)
      .map((subscription) => ({ project, dir: relative(root, dir), subscription }));
  });
  return { consumers, failures };
}

/** The consumers of exactly this contract (its source, detail-type and version). */
export function consumersOf(contract: AnyEventContract, consumers: readonly Consumer[]): Consumer[] {
  return consumers.filter(
    ({ subscription: { contract: consumed } }) =>
      consumed.source === contract.source &&
      consumed.detailType === contract.detailType &&
      consumed.version === contract.version,
  );
}

/**
 * What is wrong between a contract's producer and one consumer, checked on the producer's examples: the consumer's
 * pattern must match at least one of them (else the examples miss what it handles, or its pattern can never match),
 * may filter only on fields the contract declares, and every example it matches must pass its contract's parse.
 */
export function consumerProblems(
  contract: AnyEventContract,
  consumer: Consumer,
  detail: JsonSchema,
  options: { readonly examples: boolean } = { examples: true },
): string[] {
  const { pattern, contract: consumed } = consumer.subscription;
  const where = `${consumer.project} (${consumer.dir}/src/subscription.ts)`;
  const problems: string[] = [];
  const events = contract.examples.map((example, index) => ({
    index,
    event: exampleEvent(contract, example),
  }));
  let matched: typeof events;
  try {
    matched = events.filter(({ event }) => testEventPattern(pattern, event));
  } catch (error) {
    return [`${where}: its pattern is not a valid event pattern: ${(error as Error).message}`];
  }
  if (matched.length === 0) {
    const [first] = explainMismatch(pattern, events[0]!.event);
    problems.push(
      `${where}: its pattern matches none of ${contract.name}'s examples` +
        (first
          ? ` (${first.path}: the pattern wants ${JSON.stringify(first.expected)}, example 1 has ${JSON.stringify(first.received)})`
          : '') +
        '. Add an example of the events it handles to the contract, or fix the pattern.',
    );
  }
  for (const field of patternFields(pattern)) {
    if (field[0] !== 'detail' || declares(rootNode(detail), field.slice(1))) continue;
    problems.push(
      `${where}: its pattern filters on ${field.join('.')}, which ${contract.name} does not declare: ` +
        'no event of this contract carries it. Filter on a declared field, or declare it in the contract.',
    );
  }
  for (const { index, event } of options.examples ? matched : []) {
    const parsed = consumed.safeParse(event);
    if (!parsed.success) {
      problems.push(
        `${where}: example ${index + 1} of ${contract.name} fails its contract: ${parsed.error.message}`,
      );
    }
  }
  return problems;
}

/** The field paths a pattern tests (`['detail', 'type']`), through `$or`. */
export function patternFields(pattern: unknown, prefix: readonly string[] = []): string[][] {
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern)) return [];
  return Object.entries(pattern).flatMap(([key, value]) => {
    if (key === '$or' && Array.isArray(value))
      return value.flatMap((branch) => patternFields(branch, prefix));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return patternFields(value, [...prefix, key]);
    }
    return [[...prefix, key]];
  });
}

/** Whether a schema declares a field path, through arrays (a pattern matches each element) and unions. */
function declares(node: SchemaNode, path: readonly string[], depth = 0): boolean {
  if (path.length === 0) return true;
  if (depth > 32) return false;
  // `{}` (zod's `z.unknown()`) declares nothing, and refuses nothing: any field may be there.
  if (node.kind === 'schema' && (node.schema === true || Object.keys(node.schema).length === 0)) return true;
  const [key, ...rest] = path as [string, ...string[]];
  return shapesOf(node).some((shape) => {
    if (shape.kind === 'array') return declares(shape.items ?? rootNode(true), path, depth + 1);
    if (shape.kind !== 'object') return false;
    const field =
      shape.properties.get(key) ?? (shape.additional.kind === 'schema' ? shape.additional.node : undefined);
    return field !== undefined && declares(field, rest, depth + 1);
  });
}
