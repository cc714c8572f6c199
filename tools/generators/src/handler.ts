import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type AnyEventContract, defineEvent, findWorkspaceRoot, kebabCase, pascalCase } from '@paved/events';
import { listFlag, optionalFlag, type Prompter, type RawArgs, requireFlags } from './arguments';
import { deliveryParams, type DeliveryParams } from './delivery';
import {
  AlreadyExistsError,
  InvalidArgumentError,
  MissingArgumentError,
  MissingDependencyError,
  UnknownContractError,
} from './errors';
import { type FieldSpec, fieldsExample, fieldsSchema, parseFields } from './fields';
import { isKebabCase, packageParams, type PackageParams } from './names';
import { type NamedContract, publishParams, type PublishParams } from './publishes';
import { listServices, loadContracts, type ServiceInfo } from './workspace';

const USAGE =
  'npx hygen handler new --service <service> --name <handler> (--event <service>.<Contract> | --source <source> --detail-type <detail-type> [--contract <Name>] [--fields "name:type,..."]) [--publishes <service>.<Contract>[,...]] [--delivery queue|stream [--partition-key \'$.detail.<field>\']] [--description "..."]';

/** What a handler that publishes needs besides the runtime: its test mocks EventBridge with these. */
const PUBLISHING_TEST_PACKAGES = ['@aws-sdk/client-eventbridge', 'aws-sdk-client-mock'];

/** The contract a new handler consumes: an existing one, or one the generator adds to the service's contracts. */
export interface ContractParams {
  readonly exportName: string;
  readonly fileName: string;
  readonly packageName: string;
  readonly service: string;
  readonly source: string;
  readonly detailType: string;
  readonly isNew: boolean;
  readonly fields: readonly FieldSpec[];
  readonly exampleJson: string;
}

/** Everything the handler templates render from. */
export interface HandlerParams extends PackageParams {
  readonly contract: ContractParams;
  /** The store the handler keeps its records in: named after the handler, so each handler has its own. */
  readonly storeName: string;
  /** How the handler's code reaches that store on `storesOf(subscription)`: `.audit`, or `['add-points']`. */
  readonly storeAccess: string;
  /** The contracts the handler publishes (`--publishes`), each with how its detail is derived; none by default. */
  readonly publishes: readonly PublishParams[];
  /** How its events reach it (`--delivery`): direct by default, or in batches through a queue or a stream. */
  readonly delivery: DeliveryParams;
  /** Import lines of the contracts, grouped by package: consumed and published, as values or types; published alone. */
  readonly imports: {
    readonly contracts: string;
    readonly contractTypes: string;
    readonly published: string;
  };
  /** The package's dependencies and devDependencies, by name, sorted. */
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

/**
 * Checks the flags of `hygen handler new` and resolves the contract before Hygen writes a single file: every
 * refusal happens here.
 */
export async function handlerParams(
  args: RawArgs,
  options: { prompter?: Prompter; interactive: boolean; root?: string },
): Promise<HandlerParams> {
  const root = options.root ?? findWorkspaceRoot();
  const flags = await requireFlags(
    args,
    [
      { flag: 'service', question: 'Which service (team) owns the handler?', example: 'orders' },
      { flag: 'name', question: 'What is the handler called (kebab-case)?', example: 'reserve-stock' },
    ],
    { usage: USAGE, ...options },
  );
  const { service, name } = flags as { service: string; name: string };
  if (!isKebabCase(name)) {
    throw new InvalidArgumentError(
      `Invalid --name ${JSON.stringify(name)}: use kebab-case, such as --name reserve-stock.`,
    );
  }
  const services = listServices(root);
  const owner = services.find((candidate) => candidate.name === service);
  if (!owner) {
    throw new InvalidArgumentError(
      `Service ${JSON.stringify(service)} does not exist (services: ${services.map((s) => s.name).join(', ') || 'none'}). ` +
        `Create it first with: npx hygen service new --name ${service}`,
    );
  }
  const dir = join(owner.dir, 'handlers', name);
  if (existsSync(dir)) {
    throw new AlreadyExistsError(
      `${relative(root, dir)} exists already: the generator never overwrites a handler. Choose another --name, or delete the folder first.`,
    );
  }

  const contract = await resolveContract(args, owner, services, { ...options, root });
  const consumed: NamedContract = {
    contract: contract.contract,
    exportName: contract.params.exportName,
    packageName: contract.params.packageName,
  };
  const published = listFlag(args, 'publishes').map((key) => {
    const { contract: found, params } = existingContract(key, services, 'publishes');
    return { contract: found, exportName: params.exportName, packageName: params.packageName };
  });
  const publishes = publishParams(consumed, published);
  const delivery = deliveryParams(args, { service, name, contract: contract.contract });
  const contractPackages = [consumed, ...published]
    .map((named) => named.packageName)
    .filter((name) => name !== '@paved/events');
  return {
    ...packageParams({
      root,
      dir,
      service,
      name,
      team: owner.team,
      description:
        optionalFlag(args, 'description') ??
        `Handles ${contract.params.detailType} events from ${contract.params.source}.`,
    }),
    contract: contract.params,
    storeName: name,
    storeAccess: /^[a-z][a-z0-9]*$/.test(name) ? `.${name}` : `['${name}']`,
    publishes,
    delivery,
    imports: {
      contracts: importLines([consumed, ...published], false),
      contractTypes: importLines([consumed, ...published], true),
      published: importLines(published, false),
    },
    dependencies: sortedRecord(
      ['@paved/adapters', '@paved/events', '@paved/runtime', ...contractPackages].map((dep) => [dep, '*']),
    ),
    devDependencies: sortedRecord([
      ['@paved/platform', '*'],
      ['@paved/testing', '*'],
      ...(publishes.length > 0
        ? PUBLISHING_TEST_PACKAGES.map((dep): [string, string] => [dep, installedVersion(root, dep)])
        : []),
    ]),
  };
}

/** `import { A, B } from 'pkg';` per package, in the order the contracts come; `type A` when `types`. */
function importLines(contracts: readonly NamedContract[], types: boolean): string {
  const byPackage = new Map<string, string[]>();
  for (const { exportName, packageName } of contracts) {
    const names = byPackage.get(packageName) ?? [];
    if (!names.includes(exportName)) names.push(exportName);
    byPackage.set(packageName, names);
  }
  return [...byPackage]
    .map(
      ([pkg, names]) => `import { ${names.map((n) => (types ? `type ${n}` : n)).join(', ')} } from '${pkg}';`,
    )
    .join('\n');
}

function sortedRecord(entries: readonly (readonly [string, string])[]): Record<string, string> {
  return Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b)));
}

/** The version of `name` installed at the workspace root: a generated package pins what the workspace runs. */
function installedVersion(root: string, name: string): string {
  const manifest = join(root, 'node_modules', name, 'package.json');
  if (!existsSync(manifest)) {
    throw new MissingDependencyError(
      `--publishes needs ${name} in the workspace (the generated test mocks EventBridge with it), and ${relative(root, manifest)} ` +
        'does not exist. Run npm install at the workspace root, then generate again.',
    );
  }
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

async function resolveContract(
  args: RawArgs,
  owner: ServiceInfo,
  services: readonly ServiceInfo[],
  options: { prompter?: Prompter; interactive: boolean; root: string },
): Promise<{ contract: AnyEventContract; params: ContractParams }> {
  const eventKey = optionalFlag(args, 'event');
  if (eventKey) return existingContract(eventKey, services);
  if (!optionalFlag(args, 'source') && !optionalFlag(args, 'detail-type') && !options.interactive) {
    throw new MissingArgumentError(
      'Missing --event (an existing contract, such as --event orders.OrderCreated) or --source and --detail-type ' +
        `(a new event, such as --source media.uploads --detail-type "Image Uploaded").\nUsage: ${USAGE}`,
    );
  }
  const flags = await requireFlags(
    args,
    [
      { flag: 'source', question: "The new event's source?", example: 'media.uploads' },
      { flag: 'detail-type', question: "The new event's detail-type?", example: '"Image Uploaded"' },
    ],
    { usage: USAGE, ...options },
  );
  const source = flags['source']!;
  const detailType = flags['detail-type']!;
  const exportName = optionalFlag(args, 'contract') ?? pascalCase(detailType);
  if (!/^[A-Z][A-Za-z0-9]*$/.test(exportName)) {
    throw new InvalidArgumentError(
      `Invalid contract name ${JSON.stringify(exportName)} (from --contract or --detail-type): use PascalCase, such as --contract OrderCreated.`,
    );
  }
  const existing = loadContracts(owner.dir);
  const same = [...existing].find(
    ([, contract]) => contract.source === source && contract.detailType === detailType,
  );
  if (same) {
    // The event is already declared: consume it rather than declaring it twice.
    console.log(
      `       ${owner.name}.${same[0]} already declares ${source} / ${detailType}: the handler consumes it.`,
    );
    return existingContract(`${owner.name}.${same[0]}`, services);
  }
  if (existing.has(exportName)) {
    const taken = existing.get(exportName)!;
    throw new InvalidArgumentError(
      `${owner.name} already has a contract named ${exportName} (${taken.source} / ${taken.detailType}), so ${source} / ${detailType} ` +
        `cannot take that name. Use that event with --event ${owner.name}.${exportName}, or choose a distinct --detail-type.`,
    );
  }
  const fields = parseFields(optionalFlag(args, 'fields') ?? 'id:string');
  const example = fieldsExample(fields);
  const contract = defineEvent({
    source,
    detailType,
    detail: fieldsSchema(fields),
    description: `${detailType} from ${source}.`,
    examples: [example],
  });
  return {
    contract,
    params: {
      exportName,
      fileName: kebabCase(exportName),
      packageName: `@paved/${owner.name}-contracts`,
      service: owner.name,
      source,
      detailType,
      isNew: true,
      fields,
      exampleJson: JSON.stringify(example, null, 2),
    },
  };
}

function existingContract(
  key: string,
  services: readonly ServiceInfo[],
  flag: 'event' | 'publishes' = 'event',
): { contract: AnyEventContract; params: ContractParams } {
  const [serviceName, exportName, ...rest] = key.split('.');
  if (!serviceName || !exportName || rest.length > 0) {
    const example = flag === 'event' ? 'orders.OrderCreated' : 'orders.PaymentCaptured';
    throw new InvalidArgumentError(
      `Invalid --${flag} ${JSON.stringify(key)}: write <service>.<Contract>, such as --${flag} ${example}.`,
    );
  }
  const service = services.find((candidate) => candidate.name === serviceName);
  const contracts = service ? loadContracts(service.dir) : new Map<string, AnyEventContract>();
  const contract = contracts.get(exportName);
  if (!contract) {
    const known = services.flatMap((s) => [...loadContracts(s.dir).keys()].map((k) => `${s.name}.${k}`));
    throw new UnknownContractError(
      `No contract ${key} in the workspace${flag === 'publishes' ? ' (--publishes)' : ''}. Known contracts: ` +
        `${known.join(', ') || 'none'}. ` +
        (flag === 'event'
          ? 'To declare a new event instead, pass --source and --detail-type.'
          : `Declare the event in its service's contracts package (services/${serviceName}/contracts/src) first.`),
    );
  }
  return {
    contract,
    params: {
      exportName,
      fileName: kebabCase(exportName),
      packageName: `@paved/${serviceName}-contracts`,
      service: serviceName,
      source: contract.source,
      detailType: contract.detailType,
      isNew: false,
      fields: [],
      exampleJson: JSON.stringify(contract.examples[0], null, 2),
    },
  };
}
