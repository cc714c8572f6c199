import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  type AnyEventContract,
  type AnyPublishableContract,
  type Api,
  defineApi,
  findWorkspaceRoot,
  kebabCase,
} from '@paved/events';
import { optionalFlag, type Prompter, type RawArgs, requireFlags } from './arguments';
import { AlreadyExistsError, GeneratorError, InvalidArgumentError, UnknownContractError } from './errors';
import { isKebabCase, packageParams, type PackageParams } from './names';
import { listServices, loadContracts, type ServiceInfo } from './workspace';

const USAGE =
  'npx hygen api new --service <service> --route "<METHOD> /<path>" --publishes <service>.<Contract> [--name <api>] [--description "..."]';

/** The contract a new API publishes, as the templates spell it. */
export interface ApiContractParams {
  readonly exportName: string;
  readonly packageName: string;
  readonly source: string;
  readonly detailType: string;
  /** Its first example, as JSON: the API's example request body. */
  readonly exampleJson: string;
}

/** Everything the API templates render from. */
export interface ApiParams extends PackageParams {
  readonly route: string;
  readonly contract: ApiContractParams;
  /** `pathParameters` for a test request to the route (`{ orderId: 'orderId-1' }`), as code; empty without variables. */
  readonly pathParametersCode: string;
  /** A body the request schema refuses (`{}`, else `[]`), and the paths of the issues it reports, as JSON. */
  readonly invalidBodyJson: string;
  readonly invalidPathsJson: string;
  /** Whether the service has a `src/apis.ts` to register the API in (else the generator writes one). */
  readonly hasApisFile: boolean;
  /** Versions the package pins, read from the workspace so templates never pin one. */
  readonly versions: {
    readonly zod: string;
    readonly eventBridgeClient: string;
    readonly sdkClientMock: string;
  };
}

/**
 * Checks the flags of `hygen api new` and resolves the contract before Hygen writes a single file: every refusal
 * happens here. The route and the contract are checked by `defineApi` itself, so the generator accepts exactly what
 * the declaration will.
 */
export async function apiParams(
  args: RawArgs,
  options: { prompter?: Prompter; interactive: boolean; root?: string },
): Promise<ApiParams> {
  const root = options.root ?? findWorkspaceRoot();
  const flags = await requireFlags(
    args,
    [
      { flag: 'service', question: 'Which service (team) owns the API?', example: 'orders' },
      { flag: 'route', question: 'Which route does it serve?', example: '"POST /orders"' },
      {
        flag: 'publishes',
        question: 'Which contract does it publish (<service>.<Contract>)?',
        example: 'orders.OrderCreated',
      },
    ],
    { usage: USAGE, ...options },
  );
  const { service, route, publishes } = flags as { service: string; route: string; publishes: string };
  const services = listServices(root);
  const owner = services.find((candidate) => candidate.name === service);
  if (!owner) {
    throw new InvalidArgumentError(
      `Service ${JSON.stringify(service)} does not exist (services: ${services.map((s) => s.name).join(', ') || 'none'}). ` +
        `Create it first with: npx hygen service new --name ${service}`,
    );
  }
  const name = optionalFlag(args, 'name') ?? nameOfRoute(route);
  if (!isKebabCase(name)) {
    throw new InvalidArgumentError(
      `Invalid --name ${JSON.stringify(name)}: use kebab-case, such as --name create-order.`,
    );
  }
  const dir = join(owner.dir, 'apis', name);
  if (existsSync(dir)) {
    throw new AlreadyExistsError(
      `${relative(root, dir)} exists already: the generator never overwrites an API. Choose another --name, or delete the folder first.`,
    );
  }
  const { contract, exportName, packageName } = publishedContract(publishes, services);
  const description =
    optionalFlag(args, 'description') ?? `Takes ${route} requests and announces each as ${exportName}.`;
  const [example] = contract.examples;
  const api = declaredApi(() =>
    defineApi({
      name,
      service,
      route,
      request: contract.detailSchema,
      publishes: [contract],
      entry: join(dir, 'src', 'handler.ts'),
      description,
      examples: [example],
    }),
  );
  const taken = existingApis(owner).find((other) => other.route === api.route || other.name === name);
  if (taken) {
    throw new InvalidArgumentError(
      `Service ${service} already has API ${taken.id} on ${taken.route}: a route has one function and a name one API. ` +
        'Choose another --route or --name.',
    );
  }
  const invalid = invalidBody(contract);
  return {
    ...packageParams({ root, dir, service, name, suffix: '-api', team: owner.team, description }),
    route: api.route,
    contract: {
      exportName,
      packageName,
      source: contract.source,
      detailType: contract.detailType,
      exampleJson: JSON.stringify(example, null, 2),
    },
    pathParametersCode:
      api.pathParameters.length === 0
        ? ''
        : `{ ${api.pathParameters.map((parameter) => `${parameter}: '${parameter}-1'`).join(', ')} }`,
    invalidBodyJson: JSON.stringify(invalid.body),
    invalidPathsJson: JSON.stringify(invalid.paths),
    hasApisFile: existsSync(join(owner.dir, 'src', 'apis.ts')),
    versions: {
      zod: versionOf(root, 'packages/events/package.json', 'zod'),
      eventBridgeClient: versionOf(root, 'packages/runtime/package.json', '@aws-sdk/client-eventbridge'),
      sdkClientMock: versionOf(root, 'package.json', 'aws-sdk-client-mock'),
    },
  };
}

/** `POST /loyalty/points/{customerId}` → `post-loyalty-points`: the method and the literal segments. */
export function nameOfRoute(route: string): string {
  const [method = '', path = ''] = route.trim().split(/\s+/);
  const literals = path.split('/').filter((segment) => segment !== '' && !segment.startsWith('{'));
  return kebabCase([method.toLowerCase(), ...literals].join(' ').replace(/[._~]/g, ' '));
}

/**
 * Wires a generated API into its service, after Hygen wrote the package and registered it in `src/apis.ts`: the
 * service depends on the package, exports `./apis`, its `src/index.ts` exports `apis`, and its stack passes `apis`
 * to `ServiceStack`. Each step is skipped where it is done already. Returns what it could not do, for the user.
 */
export function wireApi(root: string, service: string, packageName: string): string[] {
  const serviceDir = join(root, 'services', service);
  const left: string[] = [];

  const packageFile = join(serviceDir, 'package.json');
  const pkg = JSON.parse(readFileSync(packageFile, 'utf8')) as {
    dependencies?: Record<string, string>;
    exports?: Record<string, string>;
  };
  pkg.dependencies = sorted({ ...pkg.dependencies, [packageName]: '*' });
  if (pkg.exports && !pkg.exports['./apis']) {
    const { ['./package.json']: manifest, ...others } = pkg.exports;
    pkg.exports = {
      ...others,
      './apis': './src/apis.ts',
      ...(manifest ? { './package.json': manifest } : {}),
    };
  }
  writeFileSync(packageFile, `${JSON.stringify(pkg, null, 2)}\n`);

  const index = join(serviceDir, 'src', 'index.ts');
  if (existsSync(index)) {
    const text = readFileSync(index, 'utf8');
    if (!/\bapis\b/.test(text)) writeFileSync(index, `export { apis } from './apis';\n${text}`);
  }

  const stackFile = join(serviceDir, 'src', 'stack.ts');
  const stack = existsSync(stackFile) ? readFileSync(stackFile, 'utf8') : '';
  if (!/from '\.\/apis'/.test(stack)) {
    const imports = [...stack.matchAll(/^import .*;$/gm)];
    const last = imports[imports.length - 1];
    const wired =
      last === undefined
        ? stack
        : `${stack.slice(0, last.index + last[0].length)}\nimport { apis } from './apis';${stack.slice(last.index + last[0].length)}`.replace(
            /(super\(scope, id, \{[^}]*?)\.\.\.props \}\)/,
            '$1apis, ...props })',
          );
    if (wired.includes("from './apis'") && wired.includes('apis, ...props })')) {
      writeFileSync(stackFile, wired);
    } else {
      left.push(
        `services/${service}/src/stack.ts: import { apis } from './apis' and pass apis to ServiceStack, so the stack deploys the API.`,
      );
    }
  }
  return left;
}

/** `<service>.<Contract>`, found in that service's contracts package. */
function publishedContract(
  key: string,
  services: readonly ServiceInfo[],
): { contract: AnyPublishableContract; exportName: string; packageName: string } {
  if (key.includes(',')) {
    throw new InvalidArgumentError(
      `Invalid --publishes ${JSON.stringify(key)}: the generator writes an API that announces one event. Name one ` +
        "contract, and add others to the API's publishes by hand.",
    );
  }
  const [serviceName, exportName, ...rest] = key.split('.');
  if (!serviceName || !exportName || rest.length > 0) {
    throw new InvalidArgumentError(
      `Invalid --publishes ${JSON.stringify(key)}: write <service>.<Contract>, such as --publishes orders.OrderCreated.`,
    );
  }
  const owner = services.find((candidate) => candidate.name === serviceName);
  const contract = owner ? loadContracts(owner.dir).get(exportName) : undefined;
  if (!contract) {
    const known = services.flatMap((s) => [...loadContracts(s.dir).keys()].map((k) => `${s.name}.${k}`));
    throw new UnknownContractError(
      `No contract ${key} in the workspace. Known contracts: ${known.join(', ') || 'none'}. ` +
        'Declare the event first (npx hygen handler new --source ... --detail-type ... declares one).',
    );
  }
  if (contract.producer !== 'application') {
    throw new InvalidArgumentError(
      `Invalid --publishes ${key}: it is an AWS service's event, which only AWS puts on a bus. Publish an event of your own.`,
    );
  }
  return {
    contract: contract as AnyPublishableContract,
    exportName,
    packageName: `@paved/${serviceName}-contracts`,
  };
}

/** What `defineApi` makes of the flags, its refusal turned into the generator's. */
function declaredApi(define: () => Api): Api {
  try {
    return define();
  } catch (error) {
    if (error instanceof GeneratorError) throw error;
    throw new InvalidArgumentError((error as Error).message.replace(/^Invalid route/, 'Invalid --route'), {
      cause: error,
    });
  }
}

/** The APIs the service registers in `src/apis.ts`, if it has one. */
function existingApis(owner: ServiceInfo): readonly Api[] {
  const file = join(owner.dir, 'src', 'apis.ts');
  if (!existsSync(file)) return [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return ((require(file) as { apis?: readonly Api[] }).apis ?? []).filter(Boolean);
}

/** A body the contract's schema refuses, and the paths of its issues: `{}` when a field is required, else `[]`. */
function invalidBody(contract: AnyEventContract): { body: unknown; paths: string[] } {
  for (const body of [{}, []]) {
    const result = contract.detailSchema.safeParse(body);
    if (!result.success) {
      return {
        body,
        paths: result.error.issues.map((issue: { path: PropertyKey[] }) => issue.path.map(String).join('.')),
      };
    }
  }
  return { body: [], paths: [''] };
}

/** The exact version `name` has in the workspace package `file`, so a generated package pins the same. */
function versionOf(root: string, file: string, name: string): string {
  const pkg = JSON.parse(readFileSync(join(root, file), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const version = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
  if (!version) {
    throw new InvalidArgumentError(
      `${file} does not list ${name}, whose version a generated API pins: restore it there, or update tools/generators/src/api.ts.`,
    );
  }
  return version;
}

function sorted(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
