import { InvalidArgumentError, MissingArgumentError } from './errors';

/** One flag a generator needs: its name, what to ask, and an example for the error message. */
export interface FlagSpec {
  readonly flag: string;
  readonly question: string;
  readonly example: string;
}

/** The part of Hygen's prompter (enquirer) a generator uses. */
export interface Prompter {
  prompt(question: { type: 'input'; name: string; message: string }): Promise<Record<string, string>>;
}

export type RawArgs = Readonly<Record<string, unknown>>;

/**
 * Returns the value of every flag in `specs`. A missing one is asked for when there is a terminal; without
 * one (CI, pipes) the generator fails at once, naming the flag, before it writes anything.
 */
export async function requireFlags(
  args: RawArgs,
  specs: readonly FlagSpec[],
  options: { usage: string; prompter?: Prompter; interactive: boolean },
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const spec of specs) {
    const given = args[spec.flag];
    if (typeof given === 'string' && given.trim().length > 0) {
      values[spec.flag] = given.trim();
      continue;
    }
    if (!options.interactive || !options.prompter) {
      throw new MissingArgumentError(
        `Missing --${spec.flag}: ${spec.question} (for example --${spec.flag} ${spec.example}).\nUsage: ${options.usage}`,
      );
    }
    const answer = await options.prompter.prompt({ type: 'input', name: spec.flag, message: spec.question });
    const value = answer[spec.flag]?.trim() ?? '';
    if (value.length === 0)
      throw new MissingArgumentError(`No answer for --${spec.flag}.\nUsage: ${options.usage}`);
    values[spec.flag] = value;
  }
  return values;
}

/** Reads a string flag under its kebab-case name or the camelCase name yargs also gives it. */
export function optionalFlag(args: RawArgs, flag: string): string | undefined {
  const camel = flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const value = args[flag] ?? args[camel];
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;
}

/**
 * Reads a flag that may be given more than once or as a comma-separated list (`--publishes a.B --publishes c.D`,
 * `--publishes a.B,c.D`): its values in order, each once. None when the flag is absent.
 */
export function listFlag(args: RawArgs, flag: string): string[] {
  const given = args[flag];
  if (given === undefined) return [];
  const values = [given].flat();
  if (values.some((value) => typeof value !== 'string')) {
    throw new InvalidArgumentError(
      `Invalid --${flag}: give it a value each time, such as --${flag} orders.PaymentCaptured (or several, comma-separated).`,
    );
  }
  const items = (values as string[]).flatMap((value) => value.split(',')).map((item) => item.trim());
  return [...new Set(items.filter((item) => item.length > 0))];
}
