/** Where a command writes and what it reads: the process's streams and environment, or a test's. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Resolves when the user asks to stop (Ctrl-C, SIGTERM): long-running commands end then. */
  readonly stopSignal: Promise<string>;
}

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4010';

/** Process streams and signals, for the `paved` bin. */
export function processIo(): CliIo {
  const stopSignal = new Promise<string>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), stopSignal };
}
