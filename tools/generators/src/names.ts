import { relative } from 'node:path';
import { camelCase, pascalCase } from '@paved/events';
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Handler and service names are kebab-case: `add-loyalty-points`, not `AddLoyaltyPoints` or `add--points`. */
export function isKebabCase(text: string): boolean {
  return KEBAB.test(text);
}

/** What every generated package's templates render from: its names, where it is, and who owns it. */
export interface PackageParams {
  readonly service: string;
  readonly name: string;
  readonly pascalName: string;
  readonly camelName: string;
  readonly projectName: string;
  readonly packageName: string;
  /** The package's folder, relative to the workspace root. */
  readonly dir: string;
  /** The workspace root, relative to the package's folder. */
  readonly rootRelative: string;
  readonly team: string;
  readonly description: string;
}

/**
 * The names and place of a package `name` of `service` in the absolute folder `dir`: its Nx project is
 * `<service>-<name><suffix>` and its npm package `@paved/<service>-<name><suffix>` (`-api` for an API).
 */
export function packageParams(args: {
  readonly root: string;
  readonly dir: string;
  readonly service: string;
  readonly name: string;
  readonly suffix?: string;
  readonly team: string;
  readonly description: string;
}): PackageParams {
  const project = `${args.service}-${args.name}${args.suffix ?? ''}`;
  return {
    service: args.service,
    name: args.name,
    pascalName: pascalCase(args.name),
    camelName: camelCase(args.name),
    projectName: project,
    packageName: `@paved/${project}`,
    dir: relative(args.root, args.dir),
    rootRelative: relative(args.dir, args.root),
    team: args.team,
    description: args.description,
  };
}
