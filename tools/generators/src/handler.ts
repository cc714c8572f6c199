import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  type AnyEventContract,
  camelCase,
  defineEvent,
  findWorkspaceRoot,
  kebabCase,
  pascalCase,
} from '@paved/events';
import { optionalFlag, type Prompter, type RawArgs, requireFlags } from './arguments';
import {
  AlreadyExistsError,
  InvalidArgumentError,
  MissingArgumentError,
  UnknownContractError,
} from './errors';
import { type FieldSpec, fieldsExample, fieldsSchema, parseFields } from './fields';
import { isKebabCase } from './names';
import { listServices, loadContracts, type ServiceInfo } from './workspace';

const USAGE =
  'npx hygen handler new --service <service> --name <handler> (--event <service>.<Contract> | --source <source> --detail-type <detail-type> [--contract <Name>] [--fields "name:type,..."]) [--description "..."]';

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
export interface HandlerParams {
  readonly service: string;
  readonly name: string;
  readonly pascalName: string;
  readonly camelName: string;
  readonly projectName: string;
  readonly packageName: string;
  readonly dir: string;
  readonly rootRelative: string;
  readonly team: string;
  readonly description: string;
  readonly contract: ContractParams;
  /** The store the handler keeps its records in: named after the handler, so each handler has its own. */
  readonly storeName: string;
  /** How the handler's code reaches that store on `storesOf(subscription)`: `.audit`, or `['add-points']`. */
  readonly storeAccess: string;
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
  return {
    service,
    name,
    pascalName: pascalCase(name),
    camelName: camelCase(name),
    projectName: `${service}-${name}`,
    packageName: `@paved/${service}-${name}`,
    dir: relative(root, dir),
    rootRelative: relative(dir, root),
    team: owner.team,
    description:
      optionalFlag(args, 'description') ??
      `Handles ${contract.params.detailType} events from ${contract.params.source}.`,
    contract: contract.params,
    storeName: name,
    storeAccess: /^[a-z][a-z0-9]*$/.test(name) ? `.${name}` : `['${name}']`,
  };
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
): { contract: AnyEventContract; params: ContractParams } {
  const [serviceName, exportName, ...rest] = key.split('.');
  if (!serviceName || !exportName || rest.length > 0) {
    throw new InvalidArgumentError(
      `Invalid --event ${JSON.stringify(key)}: write <service>.<Contract>, such as --event orders.OrderCreated.`,
    );
  }
  const service = services.find((candidate) => candidate.name === serviceName);
  const contracts = service ? loadContracts(service.dir) : new Map<string, AnyEventContract>();
  const contract = contracts.get(exportName);
  if (!contract) {
    const known = services.flatMap((s) => [...loadContracts(s.dir).keys()].map((k) => `${s.name}.${k}`));
    throw new UnknownContractError(
      `No contract ${key} in the workspace. Known contracts: ${known.join(', ') || 'none'}. ` +
        'To declare a new event instead, pass --source and --detail-type.',
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
