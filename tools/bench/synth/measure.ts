// Runs one command and measures it: wall time, and peak memory two ways. The tree's peak is the sum of the RSS of
// every process descending from the command, sampled from /proc; the largest single process and the CPU time of the
// whole tree come from GNU time. CPU time says what wall time means on a machine shared with other work.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  readonly status: number | 'timeout';
  readonly seconds: number;
  /** Highest sum of RSS over the command's process tree, in bytes, sampled every {@link SAMPLE_MS}. */
  readonly treePeakBytes: number;
  /** Largest RSS any one process in the tree reached, in bytes (GNU time's %M); undefined without /usr/bin/time. */
  readonly largestProcessBytes: number | undefined;
  /**
   * User + system CPU seconds of the command and every descendant waited for; undefined without /usr/bin/time.
   * A process nobody waits for is left out: esbuild's service, which its worker thread starts and abandons at exit.
   */
  readonly cpuSeconds: number | undefined;
  /** The 1-minute load average when the command started: other work on the machine slows wall time. */
  readonly loadAtStart: number;
  readonly output: string;
}

export const SAMPLE_MS = 100;
const GNU_TIME = '/usr/bin/time';
const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim());

/**
 * The environment `scratchWorkspace().run` gives its commands (no daemon, no cloud, no colour, no TUI), so a
 * measured command sees what a scripted one does.
 */
/** Process groups of the commands running now, so an interrupted benchmark can stop them (they are detached). */
const running = new Set<number>();

/** Kills every command {@link measure} is running, with all their descendants. */
export function stopAll(): void {
  for (const pgid of running) killGroup(pgid);
  running.clear();
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // The group has already exited.
  }
}

export const SCRATCH_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0', NX_TUI: 'false' };

/** Runs `command args` in `cwd` with no terminal, and kills its whole process group after `timeoutSeconds`. */
export function measure(
  cwd: string,
  command: string,
  args: readonly string[],
  timeoutSeconds: number,
  env: Readonly<Record<string, string>> = {},
): Promise<Measured> {
  const timeDir = mkdtempSync(join(tmpdir(), 'paved-bench-time-'));
  const timeFile = join(timeDir, 'maxrss');
  const useTime = existsSync(GNU_TIME);
  const [file, argv] = useTime
    ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, command, ...args]]
    : [command, [...args]];
  const loadAtStart = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const started = performance.now();
  // Its own process group, so a timeout kills nx and every task it started, not just the top process.
  const child = spawn(file, argv, {
    cwd,
    env: { ...process.env, ...SCRATCH_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid !== undefined) running.add(child.pid);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  let treePeakBytes = 0;
  const sample = () => {
    if (child.pid !== undefined) treePeakBytes = Math.max(treePeakBytes, treeRssBytes(child.pid));
  };
  const sampler = setInterval(sample, SAMPLE_MS);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) killGroup(child.pid);
  }, timeoutSeconds * 1000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      if (child.pid !== undefined) running.delete(child.pid);
      clearTimeout(timer);
      const time = useTime ? readGnuTime(timeFile) : undefined;
      rmSync(timeDir, { recursive: true, force: true });
      resolve({
        status: timedOut ? 'timeout' : (code ?? 1),
        seconds,
        treePeakBytes,
        largestProcessBytes: time?.maxRssBytes,
        cpuSeconds: time?.cpuSeconds,
        loadAtStart,
        output: Buffer.concat(chunks).toString('utf8'),
      });
    });
  });
}

/** GNU time's `%M %U %S` line; it writes "Command exited with non-zero status N" above it when the command fails. */
function readGnuTime(file: string): { maxRssBytes: number; cpuSeconds: number } | undefined {
  if (!existsSync(file)) return undefined;
  const [kilobytes, user, system] = (readFileSync(file, 'utf8').trim().split('\n').pop() ?? '')
    .split(' ')
    .map(Number);
  if (kilobytes === undefined || user === undefined || system === undefined) return undefined;
  if (![kilobytes, user, system].every(Number.isFinite)) return undefined;
  return { maxRssBytes: kilobytes * 1024, cpuSeconds: user + system };
}

/** Sum of the RSS of `rootPid` and all its descendants, read from /proc/<pid>/stat (field 24, in pages). */
export function treeRssBytes(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited between readdir and read
    }
    // The command name may hold spaces and parentheses: the fixed fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    rss.set(pid, Number(fields[21]) * PAGE_BYTES);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let total = 0;
  const pending = [rootPid];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    total += rss.get(pid) ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}
