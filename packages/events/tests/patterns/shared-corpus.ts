import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findWorkspaceRoot } from '../../src';

/** `$PAVED_SHARED_DIR`, or `../shared` next to the workspace. */
export function sharedDir(): string {
  return process.env['PAVED_SHARED_DIR'] ?? resolve(findWorkspaceRoot(__dirname), '../shared');
}

/**
 * Reads a file of the shared conformance corpus. A missing corpus fails the test run (it is never
 * skipped): CI always has it, and a silent skip would hide a broken engine.
 */
export function loadCorpus<T>(file: string): T {
  const path = join(sharedDir(), 'conformance', file);
  if (!existsSync(path)) {
    throw new Error(
      `Conformance corpus not found at ${path}. Set PAVED_SHARED_DIR to the directory holding conformance/${file} ` +
        '(it sits next to the workspace as ../shared).',
    );
  }
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** A plain-text table of passes per group, for the test log. */
export function passTable(
  title: string,
  rows: ReadonlyMap<string, { passed: number; total: number }>,
): string {
  const width = Math.max(5, ...[...rows.keys()].map((k) => k.length));
  let passed = 0;
  let total = 0;
  const lines = [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, r]) => {
      passed += r.passed;
      total += r.total;
      return `  ${group.padEnd(width)}  ${String(r.passed).padStart(3)}/${String(r.total).padEnd(3)}${r.passed === r.total ? '' : '  FAILING'}`;
    });
  return [`${title}: ${passed}/${total} passed`, ...lines].join('\n');
}
