import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AnyEventContract } from '@paved/events';

export interface ServiceInfo {
  readonly name: string;
  readonly dir: string;
  /** The GitHub team that owns the service, from `paved.team` in its package.json. */
  readonly team: string;
}

export function listServices(root: string): ServiceInfo[] {
  const servicesDir = join(root, 'services');
  if (!existsSync(servicesDir)) return [];
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(servicesDir, entry.name, 'package.json')))
    .map((entry) => readService(join(servicesDir, entry.name)));
}

function readService(dir: string): ServiceInfo {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    nx?: { name?: string };
    paved?: { team?: string };
  };
  const name = pkg.nx?.name ?? dir.split('/').pop()!;
  return { name, dir, team: pkg.paved?.team ?? defaultTeam(name) };
}

/** The CODEOWNERS team a new service gets unless `--team` says otherwise. */
export function defaultTeam(service: string): string {
  return `@myorg/${service}-team`;
}

/** Every contract a service's contracts package exports, by export name. Loads TypeScript through tsx. */
export function loadContracts(serviceDir: string): Map<string, AnyEventContract> {
  const index = join(serviceDir, 'contracts', 'src', 'index.ts');
  const contracts = new Map<string, AnyEventContract>();
  if (!existsSync(index)) return contracts;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exports = require(index) as Record<string, unknown>;
  for (const [name, value] of Object.entries(exports)) {
    if (isContract(value)) contracts.set(name, value);
  }
  return contracts;
}

function isContract(value: unknown): value is AnyEventContract {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AnyEventContract).source === 'string' &&
    typeof (value as AnyEventContract).detailType === 'string' &&
    typeof (value as AnyEventContract).safeParse === 'function'
  );
}
