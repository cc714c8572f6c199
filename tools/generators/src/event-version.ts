import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  type AnyEventContract,
  eventFamily,
  findWorkspaceRoot,
  kebabCase,
  pascalCase,
  SCHEMAS_DIR,
  versionedDetailType,
} from '@paved/events';
import { type Prompter, type RawArgs, requireFlags } from './arguments';
import { AlreadyExistsError, InvalidArgumentError, UnknownContractError } from './errors';
import { listServices, loadContracts } from './workspace';

const USAGE = 'npx hygen event version --event <service>.<Contract>';

/** Everything the `event version` templates render from. */
export interface EventVersionParams {
  readonly service: string;
  /** `services/orders/contracts`, relative to the workspace root. */
  readonly contractsDir: string;
  /** The version copied: the newest of the event's, such as `OrderCreated`. */
  readonly previous: string;
  readonly previousVersion: number;
  /** The new contract's export, such as `OrderCreatedV2`, and its file, `order-created-v2`. */
  readonly exportName: string;
  readonly fileName: string;
  readonly version: number;
  readonly source: string;
  /** `OrderCreated.v2`: a detail-type of its own, so consumers of the previous version never receive it. */
  readonly detailType: string;
  /** The event, version-less: `OrderCreated`. */
  readonly family: string;
  /** The new file's code: the previous version's, renamed, with the new detail-type and version. */
  readonly contractSource: string;
  /** What the contracts index re-exports from the new file. */
  readonly exports: string;
}

/**
 * `hygen event version`: the next version of an event, as a contract of its own. Copies the newest version's file
 * (schema, examples, description) under the next version's names, detail-type and `version`, so it is green at once
 * and the breaking change is made there. Every refusal happens here, before a file is written.
 */
export async function eventVersionParams(
  args: RawArgs,
  options: { prompter?: Prompter; interactive: boolean; root?: string },
): Promise<EventVersionParams> {
  const root = options.root ?? findWorkspaceRoot();
  const { event } = await requireFlags(
    args,
    [{ flag: 'event', question: 'Which event gets a new version?', example: 'orders.OrderCreated' }],
    { usage: USAGE, ...options },
  );
  const [serviceName, exportName, ...rest] = event!.split('.');
  if (!serviceName || !exportName || rest.length > 0) {
    throw new InvalidArgumentError(
      `Invalid --event ${JSON.stringify(event)}: write <service>.<Contract>, such as --event orders.OrderCreated.`,
    );
  }
  const services = listServices(root);
  const service = services.find((candidate) => candidate.name === serviceName);
  const contracts = service ? loadContracts(service.dir) : new Map<string, AnyEventContract>();
  const named = contracts.get(exportName);
  if (!service || !named) {
    const known = services.flatMap((s) => [...loadContracts(s.dir).keys()].map((k) => `${s.name}.${k}`));
    throw new UnknownContractError(
      `No contract ${event} in the workspace. Known contracts: ${known.join(', ') || 'none'}.`,
    );
  }
  if (named.producer === 'aws') {
    throw new InvalidArgumentError(
      `${event} is an AWS service's event: AWS versions it, not us. Version only contracts made with defineEvent.`,
    );
  }

  // The event's versions in this package; the new one follows the newest, counting retired ones' schema files.
  const family = eventFamily(named);
  const versions = [...contracts].filter(
    ([, contract]) => contract.source === named.source && eventFamily(contract) === family,
  );
  const [previous, latest] = versions.reduce((newest, each) =>
    each[1].version > newest[1].version ? each : newest,
  );
  const schemasDir = join(service.dir, 'contracts', SCHEMAS_DIR, named.source, pascalCase(family));
  const committed = existsSync(schemasDir)
    ? readdirSync(schemasDir)
        .flatMap((file) => /^v(\d+)\.json$/.exec(file)?.[1] ?? [])
        .map(Number)
    : [];
  const version = Math.max(latest.version, ...committed) + 1;
  const newName = `${previous.replace(/V\d+$/, '')}V${version}`;
  const fileName = kebabCase(newName);
  const contractsDir = relative(root, join(service.dir, 'contracts'));
  if (contracts.has(newName) || existsSync(join(service.dir, 'contracts', 'src', `${fileName}.ts`))) {
    throw new AlreadyExistsError(
      `${contractsDir}/src/${fileName}.ts or the export ${newName} exists already: the generator never overwrites a contract.`,
    );
  }

  const file = contractFile(join(service.dir, 'contracts', 'src'), previous);
  const detailType = versionedDetailType(family, version);
  const contractSource = nextVersionSource(readFileSync(file, 'utf8'), {
    previous,
    next: newName,
    detailType,
    version,
    file: relative(root, file),
  });
  const exported = [newName, `${newName}Schema`, `type ${newName}Detail`].filter((name) =>
    new RegExp(`^export (?:const|type) ${name.replace('type ', '')}\\b`, 'm').test(contractSource),
  );
  return {
    service: service.name,
    contractsDir,
    previous,
    previousVersion: latest.version,
    exportName: newName,
    fileName,
    version,
    source: named.source,
    detailType,
    family,
    contractSource,
    exports: exported.join(', '),
  };
}

/** The file of a contracts package that defines `exportName`. */
function contractFile(srcDir: string, exportName: string): string {
  const declaration = new RegExp(`^export const ${exportName} = defineEvent\\(`, 'm');
  const file = readdirSync(srcDir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(srcDir, name))
    .find((path) => declaration.test(readFileSync(path, 'utf8')));
  if (!file) {
    throw new InvalidArgumentError(
      `No file in ${srcDir} declares \`export const ${exportName} = defineEvent(\`: copy the contract by hand, ` +
        'giving it the next version and detail-type.',
    );
  }
  return file;
}

/** The previous version's code, renamed, with the next version's detail-type and `version`. */
export function nextVersionSource(
  text: string,
  change: { previous: string; next: string; detailType: string; version: number; file: string },
): string {
  if ((text.match(/\bdefineEvent\(/g) ?? []).length !== 1) {
    throw new InvalidArgumentError(
      `${change.file} declares more than one contract: the generator copies a file that declares one. ` +
        'Move the others to files of their own, or copy this one by hand.',
    );
  }
  const detailTypeLine = /^([ \t]*)detailType:\s*(['"`])(?:\\.|(?!\2)[^\\])*\2,?[ \t]*$/m;
  if (!detailTypeLine.test(text)) {
    throw new InvalidArgumentError(
      `${change.file} does not give defineEvent a literal detailType on a line of its own: copy it by hand.`,
    );
  }
  let source = text;
  for (const suffix of ['', 'Schema', 'Detail']) {
    source = source.replace(new RegExp(`\\b${change.previous}${suffix}\\b`, 'g'), `${change.next}${suffix}`);
  }
  source = source.replace(/^[ \t]*version:\s*\d+,?[ \t]*\n/m, '');
  return source.replace(
    detailTypeLine,
    (_line, indent: string) =>
      `${indent}detailType: ${JSON.stringify(change.detailType)},\n${indent}version: ${change.version},`,
  );
}
