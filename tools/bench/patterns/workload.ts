import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findWorkspaceRoot } from '@paved/events';

/** The rule counts and the matches AWS's own matcher (event-ruler 2.0.1) finds for them (bench README). */
export const EXPECTED_MATCHES: Readonly<Record<number, number>> = {
  10: 136_033,
  100: 187_309,
  1000: 234_006,
  10000: 211_991,
};

/** `$PAVED_SHARED_DIR`, or `../shared` next to the workspace. */
export function sharedDir(): string {
  return process.env['PAVED_SHARED_DIR'] ?? resolve(findWorkspaceRoot(__dirname), '../shared');
}

/** Default place for the generated workload: git-ignored (`tmp/`), never committed. */
export function defaultDataDir(): string {
  return join(findWorkspaceRoot(__dirname), 'tools/bench/tmp/patterns');
}

/** Generates the workload with the shared generator unless `dir` already holds it. */
export function ensureWorkload(dir: string, events: number, rs: readonly number[]): void {
  const missing =
    !existsSync(join(dir, 'events.jsonl')) || rs.some((r) => !existsSync(join(dir, `rules-${r}.json`)));
  if (!missing && countLines(join(dir, 'events.jsonl')) >= events) return;
  const generator = join(sharedDir(), 'bench/patterns-workload.mjs');
  if (!existsSync(generator))
    throw new Error(`Workload generator not found at ${generator}; set PAVED_SHARED_DIR.`);
  console.log(`Generating ${events} events and rules for R = ${rs.join(', ')} into ${dir} ...`);
  const result = spawnSync(process.execPath, [generator, dir, String(events), rs.join(',')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`The workload generator failed (exit ${result.status}).`);
}

function countLines(path: string): number {
  let n = 0;
  const text = readFileSync(path, 'utf8');
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The events as JSON strings, one per line: parsing is part of what is measured. Each is decoded from its
 * own bytes, as a bus decodes a request body, unless `sliced`: then each is a slice of the file's text, which
 * V8 keeps as a view into that 134 MB string and reads more slowly character by character (JSON.parse does
 * not mind; paved's in-place reader does, so the benchmark reports both).
 */
export function readEvents(dir: string, limit: number, sliced = false): string[] {
  const out: string[] = [];
  if (sliced) {
    for (const line of readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n')) {
      if (line.length === 0) continue;
      out.push(line);
      if (out.length === limit) break;
    }
    return out;
  }
  const bytes = readFileSync(join(dir, 'events.jsonl'));
  for (let start = 0; start < bytes.length && out.length < limit;) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end > start) out.push(bytes.toString('utf8', start, end));
    start = end + 1;
  }
  return out;
}

export function readRules(dir: string, r: number): object[] {
  return JSON.parse(readFileSync(join(dir, `rules-${r}.json`), 'utf8')) as object[];
}
