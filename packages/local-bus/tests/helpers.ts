import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { spawn, type ChildProcess } from 'node:child_process';
import { type Subscription } from '@paved/events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalBus, type EventView, type LocalBus, type LocalBusOptions } from '../src';

export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface TestBus {
  readonly bus: LocalBus;
  readonly client: EventBridgeClient;
  readonly dir: string;
  readonly outFile: string;
  /** Stops the bus; the temp dir stays for a restart unless `remove`. */
  stop(remove?: boolean): Promise<void>;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'paved-bus-'));
}

/** Starts a bus on an ephemeral port with a temp data dir, and an SDK client pointed at it. */
export async function startTestBus(
  subscriptions: (outFile: string) => readonly Subscription[],
  options: Partial<LocalBusOptions> & { dir?: string } = {},
): Promise<TestBus> {
  const dir = options.dir ?? tempDir();
  const outFile = join(dir, 'deliveries.jsonl');
  const bus = await startLocalBus({
    port: 0,
    timeScale: 0.001,
    ...options,
    dataDir: join(dir, 'data'),
    subscriptions: subscriptions(outFile),
  });
  const client = new EventBridgeClient({
    endpoint: bus.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
  return {
    bus,
    client,
    dir,
    outFile,
    stop: async (remove = true) => {
      client.destroy();
      await bus.close();
      if (remove) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Lines the recording fixture handlers wrote. */
export function deliveries(outFile: string): { fn: string; id: string; replay: string | null; at: number }[] {
  if (!existsSync(outFile)) return [];
  return readFileSync(outFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** Polls `check` until it returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** GETs a /_paved/ endpoint as JSON. */
export async function getJson<T = unknown>(
  bus: LocalBus,
  path: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(bus.url + path);
  return { status: response.status, body: (await response.json()) as T };
}

/** An event's view once every delivery it has (at least `deliveries` of them) has an outcome. */
export function settled(bus: LocalBus, id: string, timeoutMs = 8000, deliveries = 1): Promise<EventView> {
  return waitFor(
    async () => {
      const { status, body } = await getJson<EventView>(bus, `/_paved/events/${id}`);
      return status === 200 &&
        body.deliveries.length >= deliveries &&
        body.deliveries.every((d) => d.status !== 'pending')
        ? body
        : undefined;
    },
    timeoutMs,
    `event ${id} to settle`,
  );
}

/** Sends a raw AWS JSON 1.1 request. */
export async function rawRequest(
  bus: LocalBus,
  target: string | undefined,
  body: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (target) headers['x-amz-target'] = target;
  const response = await fetch(bus.url + '/', { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const BIN = join(__dirname, '..', 'bin', 'paved.js');
const BUS_HANDLERS = join(__dirname, 'fixtures', 'bus-handlers.ts');

/** `paved start` running as a child process, as a developer runs it. */
export interface BusProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** What it printed up to "Ctrl-C to stop.". */
  readonly banner: string;
  /** Everything it printed so far. */
  readonly output: () => string;
}

/** The `paved` bin, as `npx paved` runs it. */
export const PAVED_BIN = BIN;

/**
 * Starts `paved start --handlers tests/fixtures/bus-handlers.ts` (or `handlers`) as a child process and resolves
 * once its banner is out. The recording handler writes to `outFile`. `quiet: false` keeps its activity log on.
 */
export function startBusProcess(
  dataDir: string,
  outFile: string,
  { handlers = BUS_HANDLERS, quiet = true }: { handlers?: string; quiet?: boolean } = {},
): Promise<BusProcess> {
  const args = [
    BIN,
    'start',
    '--port',
    '0',
    '--data-dir',
    dataDir,
    '--handlers',
    handlers,
    ...(quiet ? ['--quiet'] : []),
    '--time-scale',
    '0.001',
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PAVED_TEST_OUT_FILE: outFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`bus did not start: ${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      const end = output.indexOf('Ctrl-C to stop.');
      if (url && end >= 0) {
        clearTimeout(timer);
        resolve({ child, url, banner: output.slice(0, end), output: () => output });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`bus exited with ${code}: ${output}`)));
  });
}
