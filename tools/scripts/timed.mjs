#!/usr/bin/env node
// `npm test` runs through this: it runs the Nx command it is given and then prints where the time went, per project
// and target (Nx's task profile, NX_PROFILE) and the slowest test files of the whole run (tools/scripts/
// jest-timings-reporter.js, which every project's Jest loads from jest.preset.js). It exits as the command did.
//   node tools/scripts/timed.mjs nx run-many -t lint typecheck test compat
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const SLOWEST_FILES = 12;
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('Usage: node tools/scripts/timed.mjs <command> [args...], such as nx run-many -t test');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'paved-timings-'));
const profile = join(dir, 'nx-profile.json');
const suites = join(dir, 'test-files.jsonl');
const started = Date.now();
const child = spawn(command, args, {
  stdio: 'inherit',
  // Nx joins NX_PROFILE to its working directory, so it must be relative.
  env: { ...process.env, NX_PROFILE: relative(process.cwd(), profile), PAVED_TEST_TIMINGS: suites },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  try {
    report(Date.now() - started);
  } catch (error) {
    console.error(`(timings not shown: ${error.message})`);
  }
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});

function report(wallMs) {
  const tasks = existsSync(profile)
    ? JSON.parse(readFileSync(profile, 'utf8')).filter((entry) => entry.ph === 'X')
    : [];
  if (tasks.length === 0) return;
  const lines = ['', `Time per project and target (wall ${duration(wallMs)}, ${tasks.length} tasks):`];
  const targets = [...new Set(tasks.map((task) => task.args.target.target))];
  const projects = new Map();
  for (const task of tasks) {
    const { project, target } = task.args.target;
    const row = projects.get(project) ?? { project, total: 0, cells: {} };
    const ms = task.dur / 1000;
    const cached = task.args.status.includes('cache');
    row.total += cached ? 0 : ms;
    row.cells[target] = cached ? 'cache' : `${task.args.status === 'success' ? '' : '✖ '}${duration(ms)}`;
    projects.set(project, row);
  }
  const rows = [...projects.values()].sort((a, b) => b.total - a.total);
  const width = Math.max(7, ...rows.map((row) => row.project.length));
  lines.push(
    `  ${'project'.padEnd(width)}  ${targets.map((t) => t.padStart(9)).join(' ')}  ${'total'.padStart(7)}`,
  );
  for (const row of rows) {
    const cells = targets.map((target) => (row.cells[target] ?? '-').padStart(9)).join(' ');
    lines.push(`  ${row.project.padEnd(width)}  ${cells}  ${duration(row.total).padStart(7)}`);
  }
  const sum = rows.reduce((total, row) => total + row.total, 0);
  lines.push(`  (tasks that ran add up to ${duration(sum)}; Nx runs ${parallelism()} at a time)`);

  if (existsSync(suites)) {
    const files = readFileSync(suites, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line))
      .sort((a, b) => b.seconds - a.seconds);
    lines.push('', `Slowest test files (${files.length} ran):`);
    for (const file of files.slice(0, SLOWEST_FILES)) {
      const where = `${file.project ?? '?'}: ${file.file}`;
      lines.push(`  ${duration(file.seconds * 1000).padStart(7)}  ${where} (${file.tests} tests)`);
    }
  }
  console.log(lines.join('\n'));
}

function parallelism() {
  try {
    return JSON.parse(readFileSync('nx.json', 'utf8')).parallel ?? 3;
  } catch {
    return '?';
  }
}

function duration(ms) {
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}
