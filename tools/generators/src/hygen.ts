import { type Prompter, type RawArgs } from './arguments';
import { GeneratorError } from './errors';

/**
 * Adapts a params function to Hygen's `prompt.js` hook. A generator error is printed as one clear message
 * and the process exits 1 before any file is written (Hygen would print a stack trace, or with a missing
 * argument and no terminal, write nothing and exit 0).
 */
export function hygenHooks<T>(
  params: (args: RawArgs, options: { prompter?: Prompter; interactive: boolean }) => Promise<T>,
): { prompt: (hook: { prompter: Prompter; args: RawArgs }) => Promise<T> } {
  return {
    prompt: async ({ prompter, args }) => {
      try {
        return await params(args, {
          prompter,
          interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
        });
      } catch (error) {
        if (error instanceof GeneratorError) {
          process.stderr.write(`\n✖ ${error.message}\n\n`);
          process.exit(1);
        }
        throw error;
      }
    },
  };
}
