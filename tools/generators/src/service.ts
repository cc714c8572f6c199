import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findWorkspaceRoot, pascalCase } from '@paved/events';
import { optionalFlag, type Prompter, type RawArgs, requireFlags } from './arguments';
import { AlreadyExistsError, InvalidArgumentError } from './errors';
import { isKebabCase } from './names';
import { defaultTeam } from './workspace';

const USAGE = 'npx hygen service new --name <service> [--team @org/team] [--description "..."]';

/** Everything the service templates render from. */
export interface ServiceParams {
  readonly name: string;
  readonly pascalName: string;
  readonly dir: string;
  readonly team: string;
  readonly description: string;
}

/** Checks the flags of `hygen service new` before Hygen writes anything. */
export async function serviceParams(
  args: RawArgs,
  options: { prompter?: Prompter; interactive: boolean; root?: string },
): Promise<ServiceParams> {
  const root = options.root ?? findWorkspaceRoot();
  const { name } = (await requireFlags(
    args,
    [{ flag: 'name', question: 'What is the service called (kebab-case)?', example: 'orders' }],
    { usage: USAGE, ...options },
  )) as { name: string };
  if (!isKebabCase(name)) {
    throw new InvalidArgumentError(
      `Invalid --name ${JSON.stringify(name)}: use kebab-case, such as --name orders.`,
    );
  }
  const dir = join(root, 'services', name);
  if (existsSync(dir)) {
    throw new AlreadyExistsError(
      `${relative(root, dir)} exists already: the generator never overwrites a service. Choose another --name.`,
    );
  }
  const taken = projectNames(root).find((project) => project === name || project === `${name}-contracts`);
  if (taken) {
    throw new InvalidArgumentError(
      `Invalid --name ${JSON.stringify(name)}: the workspace already has an Nx project named ${JSON.stringify(taken)}, and project names must be unique. Choose another name.`,
    );
  }
  const team = optionalFlag(args, 'team') ?? defaultTeam(name);
  if (!/^@[\w.-]+\/[\w.-]+$/.test(team) && !/^[\w.+-]+@[\w.-]+$/.test(team)) {
    throw new InvalidArgumentError(
      `Invalid --team ${JSON.stringify(team)}: use a GitHub team such as @myorg/${name}-team.`,
    );
  }
  return {
    name,
    pascalName: pascalCase(name),
    dir: relative(root, dir),
    team,
    description: optionalFlag(args, 'description') ?? `The ${name} service.`,
  };
}

/** The Nx project names of the shared packages and tools (services' names are their folders, checked above). */
function projectNames(root: string): string[] {
  return ['packages', 'tools'].flatMap((folder) => {
    const dir = join(root, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .map((entry) => join(dir, entry, 'package.json'))
      .filter((file) => existsSync(file))
      .map((file) => (JSON.parse(readFileSync(file, 'utf8')) as { nx?: { name?: string } }).nx?.name ?? '')
      .filter((project) => project.length > 0);
  });
}
