// Runs cold-start-probe.cjs: one cold start of a bundle in a fresh `node` process, with the environment Lambda gives a
// Node.js function (plus what the caller adds), and the probe's report. The bundles and tracing benchmarks share it.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

const PROBE = join(__dirname, 'cold-start-probe.cjs');

/** What the probe reports of one cold start, with the wall time from spawn to exit. */
export interface ColdStart {
  /** From the process's start to the bundle's require (Node's boot and any --require preload). */
  readonly bootMs: number;
  readonly requireMs: number;
  readonly invokeMs: number;
  /** From the process's start to the first invocation's answer. */
  readonly totalMs: number;
  /** CPU (user + system) of the require alone. */
  readonly requireCpuMs: number;
  /** CPU of the whole process up to the first answer, Node's boot included. */
  readonly cpuMs: number;
  readonly wallMs: number;
  /** What the handler answered (the probe has checked it is not a failure). */
  readonly result: unknown;
}

export interface ColdStartOptions {
  /** Names the run in errors. */
  readonly name: string;
  /** The bundle's `index.js`. */
  readonly bundle: string;
  /** A JSON file holding the event the handler is invoked with. */
  readonly eventFile: string;
  /** Node's own flags, before the probe (such as --enable-source-maps, --require). */
  readonly nodeArgs: readonly string[];
  /** Beside Lambda's variables: the endpoint, the handler's own settings. */
  readonly env: Readonly<Record<string, string>>;
}

/** One cold start; rejects with the probe's output when it fails (a failed invocation exits non-zero). */
export function coldStart(options: ColdStartOptions): Promise<ColdStart> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...options.nodeArgs, PROBE], {
      env: {
        PATH: process.env['PATH'] ?? '',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        AWS_LAMBDA_FUNCTION_NAME: 'bench-handler',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        LAMBDA_TASK_ROOT: dirname(options.bundle),
        _HANDLER: 'index.handler',
        POWERTOOLS_SERVICE_NAME: 'bench',
        ...options.env,
        BENCH_BUNDLE: options.bundle,
        BENCH_EVENT_FILE: options.eventFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(
          new Error(
            `${options.name} (${options.bundle}): the probe exited with ${code}.\n${stderr}\n${stdout}`,
          ),
        );
        return;
      }
      resolvePromise({ ...(JSON.parse(line) as Omit<ColdStart, 'wallMs'>), wallMs });
    });
  });
}
