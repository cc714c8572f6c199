import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type AnyEventContract } from '../contract';
import { findWorkspaceRoot } from '../workspace';
import { findConsumers } from './consumers';
import { gitHistory } from './history';
import { ARCHIVE_RETENTION_DAYS } from './modes';
import { checkPackage, type ContractsPackage } from './package-check';
import { formatVerdicts } from './report';
import { schemaDocument, schemaFileOf } from './schema-files';
import { deepEqual } from './shapes';

/** Where the command writes. */
export interface CompatIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE =
  'usage: paved-compat <check | schemas> [--project <contracts package folder>] [--retention-days <days>]\n' +
  "  schemas  writes each contract's JSON Schema to schemas/<source>/<Event>/v<version>.json: commit them\n" +
  "  check    fails when a contract breaks the committed schema (FULL_TRANSITIVE by default, over the archive's\n" +
  `           retention, ${ARCHIVE_RETENTION_DAYS} days unless --retention-days says otherwise), when a schema file is out of date,\n` +
  "           or when a consumer's pattern matches none of the contract's examples\n" +
  '  Run it through Nx: npx nx run <service>-contracts:compat, npx nx run-many -t compat\n';

/**
 * `paved-compat`, the `compat` and `schemas` targets of every contracts package (run from its folder). TypeScript is
 * loaded as it is everywhere in the workspace: the bin registers tsx first. Returns the exit code.
 */
export function runCompatCommand(argv: readonly string[], io: CompatIo, cwd = process.cwd()): number {
  const [command, ...rest] = argv;
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i]!, rest[i + 1]];
    if (!['--project', '--retention-days'].includes(flag) || value === undefined) {
      io.stderr(`Unknown or incomplete option ${JSON.stringify(flag)}.\n${USAGE}`);
      return 2;
    }
    flags.set(flag, value);
  }
  if (command !== 'check' && command !== 'schemas') {
    (command === '--help' || command === '-h' ? io.stdout : io.stderr)(USAGE);
    return command === '--help' || command === '-h' ? 0 : 2;
  }
  const retentionDays = Number(flags.get('--retention-days') ?? ARCHIVE_RETENTION_DAYS);
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    io.stderr(
      `Invalid --retention-days ${JSON.stringify(flags.get('--retention-days'))}: use whole days, such as 30.\n`,
    );
    return 2;
  }
  const pkg = loadPackage(resolve(cwd, flags.get('--project') ?? '.'));
  if (typeof pkg === 'string') {
    io.stderr(`${pkg}\n`);
    return 2;
  }
  return command === 'schemas' ? writeSchemas(pkg, io) : check(pkg, io, retentionDays);
}

function check(pkg: ContractsPackage, io: CompatIo, retentionDays: number): number {
  const history = gitHistory(pkg.root);
  const notes: string[] = [];
  if (!history) notes.push('no git history here: checked against the working copy of each schema file');
  else if (history.shallow) notes.push('a shallow clone: revisions older than its history were not checked');
  const packageName = readJson(join(pkg.dir, 'package.json'))?.name ?? '';
  const { consumers, failures } = findConsumers(pkg.root, packageName);
  const verdicts = checkPackage(pkg, { consumers, history, now: new Date(), retentionDays });
  const { text, failed } = formatVerdicts(pkg, verdicts, { retentionDays, notes });
  const problems = failures.map((failure) => `✖ ${failure}\n`).join('');
  (failed || problems ? io.stderr : io.stdout)(problems + text);
  return failed || problems ? 1 : 0;
}

function writeSchemas(pkg: ContractsPackage, io: CompatIo): number {
  const written: string[] = [];
  let failed = false;
  for (const [name, contract] of pkg.contracts) {
    if (contract.producer === 'aws') continue;
    const file = schemaFileOf(name, contract);
    if (file.problem) {
      io.stderr(`✖ ${file.problem}\n`);
      failed = true;
      continue;
    }
    const path = join(pkg.dir, file.path);
    const document = schemaDocument(contract);
    const current = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : undefined;
    if (deepEqual(current, document)) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
    written.push(path);
    io.stdout(`  ${file.path} (written: commit it)\n`);
  }
  // Formatted as the workspace formats JSON, so `prettier --check` in CI passes on the committed files.
  const prettier = join(pkg.root, 'node_modules', '.bin', 'prettier');
  if (written.length > 0 && existsSync(prettier)) {
    execFileSync(prettier, ['--write', '--log-level=warn', ...written], { cwd: pkg.root, stdio: 'inherit' });
  }
  if (written.length === 0 && !failed) io.stdout(`  ${pkg.project}: every schema file is up to date\n`);
  return failed ? 1 : 0;
}

/** The contracts package in `dir`: its names from package.json, its contracts from `src/index.ts`. */
function loadPackage(dir: string): ContractsPackage | string {
  const manifest = readJson(join(dir, 'package.json'));
  const index = join(dir, 'src', 'index.ts');
  if (!manifest || !existsSync(index)) {
    return `${dir} is not a contracts package (no package.json or src/index.ts): run paved-compat in services/<service>/contracts.`;
  }
  const root = findWorkspaceRoot(dir);
  const project = manifest.nx?.name ?? basename(dir);
  const tag = manifest.nx?.tags?.find((each) => each.startsWith('service:'));
  const service = tag ? tag.slice('service:'.length) : basename(dirname(dir));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exports = require(index) as Record<string, unknown>;
  const contracts = new Map(
    Object.entries(exports).filter((entry): entry is [string, AnyEventContract] => isContract(entry[1])),
  );
  return { root, dir, project, service, contracts };
}

function isContract(value: unknown): value is AnyEventContract {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AnyEventContract).detailType === 'string' &&
    typeof (value as AnyEventContract).safeParseDetail === 'function' &&
    'detailSchema' in value
  );
}

function readJson(
  path: string,
): { name?: string; nx?: { name?: string; tags?: readonly string[] } } | undefined {
  return existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as ReturnType<typeof readJson>)
    : undefined;
}
