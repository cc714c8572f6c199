// Every project's typecheck with TypeScript 5.9's `tsc` against TypeScript 7's native compiler (`paved-typecheck`,
// what the typecheck targets run), and whether the two agree.
// Usage: npm run bench:typecheck -w tools/bench [-- --runs 3 --only orders]
//
// For each project with a typecheck target, both compilers check its tsconfig.json (`-p tsconfig.json`, no emit) in
// fresh processes, interleaved run by run. Printed: median wall time and CPU time (user + system, GNU time) of each,
// their ratio, and the agreement check: both must exit alike and report the same diagnostics (file, line, column and
// code; the wording of a message may differ between versions). The run fails if they disagree on any project.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { findWorkspaceRoot } from '@paved/events';
import { median } from '../synth/bundle';
import { measure, type Measured } from '../synth/measure';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, only: { type: 'string' } },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  throw new Error(`Invalid --runs ${JSON.stringify(values.runs)}: use a whole number from 1, such as 3.`);
}

const root = findWorkspaceRoot(__dirname);
const compilers = {
  'tsc 5.9': join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
  'TypeScript 7 (paved-typecheck)': join(root, 'tools', 'scripts', 'typecheck.mjs'),
} as const;
type Compiler = keyof typeof compilers;

interface PackageJson {
  readonly name: string;
  readonly scripts?: Record<string, string>;
  readonly nx?: { readonly name?: string };
}

/** Every workspace package with a typecheck script, as npm resolves package.json's "workspaces" globs. */
function projects(): { name: string; dir: string }[] {
  const workspaces = JSON.parse(
    execFileSync('npm', ['query', '.workspace', '--json'], { cwd: root, encoding: 'utf8' }),
  ) as { location: string }[];
  return workspaces
    .map(({ location }) => {
      const pkg = JSON.parse(readFileSync(join(root, location, 'package.json'), 'utf8')) as PackageJson;
      return {
        name: pkg.nx?.name ?? pkg.name,
        dir: join(root, location),
        script: pkg.scripts?.['typecheck'],
      };
    })
    .filter((project) => project.script !== undefined)
    .filter((project) => !values.only || project.name.includes(values.only))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `file(line,col): error TS1234` of each diagnostic, sorted: what must agree between the two compilers. */
function diagnostics(output: string): string[] {
  return output
    .split('\n')
    .map((line) => /^(.+?)\((\d+),(\d+)\): error (TS\d+)/.exec(line.trim()))
    .flatMap((match) => (match ? [`${match[1]}(${match[2]},${match[3]}) ${match[4]}`] : []))
    .sort();
}

async function main(): Promise<void> {
  const list = projects();
  if (list.length === 0) throw new Error(`No project with a typecheck script matches --only ${values.only}.`);
  const rows: string[] = [];
  const totals = new Map<Compiler, { wall: number; cpu: number }>();
  let disagreements = 0;
  for (const project of list) {
    const runs = new Map<Compiler, Measured[]>();
    for (let run = 0; run < RUNS; run += 1) {
      for (const [compiler, bin] of Object.entries(compilers) as [Compiler, string][]) {
        const measured = await measure(project.dir, process.execPath, [bin, '-p', 'tsconfig.json'], 600);
        runs.set(compiler, [...(runs.get(compiler) ?? []), measured]);
      }
    }
    const cells = (Object.keys(compilers) as Compiler[]).map((compiler) => {
      const measured = runs.get(compiler)!;
      const wall = median(measured.map((m) => m.seconds));
      const cpu = median(measured.map((m) => m.cpuSeconds ?? Number.NaN));
      const total = totals.get(compiler) ?? { wall: 0, cpu: 0 };
      totals.set(compiler, { wall: total.wall + wall, cpu: total.cpu + cpu });
      return { compiler, wall, cpu, last: measured.at(-1)! };
    });
    const [old, native] = cells as [(typeof cells)[0], (typeof cells)[0]];
    const agree =
      old.last.status === native.last.status &&
      JSON.stringify(diagnostics(old.last.output)) === JSON.stringify(diagnostics(native.last.output));
    if (!agree) disagreements += 1;
    rows.push(
      `| ${project.name} | ${old.wall.toFixed(1)} s (CPU ${old.cpu.toFixed(1)} s) | ${native.wall.toFixed(1)} s (CPU ${native.cpu.toFixed(1)} s) | ×${(native.cpu / old.cpu).toFixed(2)} | ${agree ? `yes (exit ${String(native.last.status)}, ${diagnostics(native.last.output).length} errors)` : `**no**: tsc 5.9 exit ${String(old.last.status)}, ${diagnostics(old.last.output).length} errors; TypeScript 7 exit ${String(native.last.status)}, ${diagnostics(native.last.output).length} errors`} |`,
    );
    process.stderr.write(`${project.name}: done (${relative(root, project.dir)})\n`);
  }
  const [oldTotal, nativeTotal] = (Object.keys(compilers) as Compiler[]).map((compiler) =>
    totals.get(compiler)!,
  );
  console.log(
    `Typecheck, ${RUNS} fresh processes per compiler and project (medians), Node ${process.version}, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} at the end\n`,
  );
  console.log('| project | tsc 5.9 | TypeScript 7 | CPU ratio | same result |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  console.log(
    `| **all ${list.length}, one after another** | **${oldTotal!.wall.toFixed(1)} s (CPU ${oldTotal!.cpu.toFixed(1)} s)** | **${nativeTotal!.wall.toFixed(1)} s (CPU ${nativeTotal!.cpu.toFixed(1)} s)** | **×${(nativeTotal!.cpu / oldTotal!.cpu).toFixed(2)}** | ${disagreements === 0 ? 'all agree' : `**${disagreements} disagree**`} |`,
  );
  if (disagreements > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
