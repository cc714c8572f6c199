import { readFileSync } from 'node:fs';
import { InvalidEventPatternError, ValidationError } from '../errors';
import { testEventPattern } from '../patterns/evaluate';

/** Where the command writes, and how it reads `file://` arguments (injected so tests need no files). */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** @default fs.readFileSync(path, 'utf8') */
  readonly readFile?: (path: string) => string;
}

const USAGE =
  'usage: paved test-pattern --event-pattern <json | file://path> --event <json | file://path>\n' +
  '  Tests an event pattern against an event as `aws events test-event-pattern` does.\n';

/** Exit codes, as the AWS CLI uses them: 2 for a bad command line, 254 for an error AWS would return. */
export const EXIT_USAGE = 2;
export const EXIT_SERVICE_ERROR = 254;

/**
 * `paved test-pattern`: prints `{"Result": true}` or `{"Result": false}` as `aws events test-event-pattern`
 * does, or AWS's error (`InvalidEventPatternException: …`, `ValidationException: …`) on stderr.
 * Returns the exit code.
 *
 * @example
 * runTestPatternCommand(
 *   ['--event-pattern', '{"source": ["shop"]}', '--event', 'file://event.json'],
 *   { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
 * ); // prints {"Result": true} and returns 0
 */
export function runTestPatternCommand(argv: readonly string[], io: CommandIo): number {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      io.stdout(USAGE);
      return 0;
    }
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (name !== '--event-pattern' && name !== '--event')
      return usage(io, `unknown argument ${JSON.stringify(arg)}`);
    const value = inline ?? argv[++i];
    if (value === undefined) return usage(io, `argument ${name}: expected one argument`);
    flags.set(name, value);
  }
  const missing = ['--event-pattern', '--event'].filter((f) => !flags.has(f));
  if (missing.length > 0) return usage(io, `the following arguments are required: ${missing.join(', ')}`);

  let pattern: string;
  let event: string;
  try {
    pattern = readArgument('--event-pattern', flags.get('--event-pattern') as string, io);
    event = readArgument('--event', flags.get('--event') as string, io);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return EXIT_USAGE;
  }

  try {
    const result = testEventPattern(pattern, event);
    io.stdout(`{"Result": ${result}}\n`);
    return 0;
  } catch (error) {
    if (error instanceof InvalidEventPatternError || error instanceof ValidationError) {
      io.stderr(`${error.code}: ${error.message}\n${error.hint}\n`);
      return EXIT_SERVICE_ERROR;
    }
    throw error;
  }
}

function usage(io: CommandIo, problem: string): number {
  io.stderr(`${USAGE}paved test-pattern: error: ${problem}\n`);
  return EXIT_USAGE;
}

/** A parameter value, or the content of the file it names with `file://`, as the AWS CLI reads them. */
function readArgument(flag: string, value: string, io: CommandIo): string {
  if (!value.startsWith('file://')) return value;
  const path = value.slice('file://'.length);
  try {
    return (io.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(path);
  } catch (error) {
    throw new Error(
      `Error parsing parameter '${flag}': Unable to load paramfile ${value}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
