import * as pavedEvents from '@paved/events';
import { type Subscription } from '@paved/events';
import { InvalidRuleError } from '../errors';

type PatternEngine = (pattern: unknown) => unknown;

/**
 * The one place the platform validates a rule pattern before synth.
 *
 * TODO(events pattern engine): '@paved/events' is gaining `validatePattern` (throws on a pattern AWS would
 * reject). It is looked up at run time so this package typechecks before it lands and uses it the moment it does;
 * once it is exported, import it statically here and delete `structuralCheck`. Nothing else needs to change.
 */
export function validateRulePattern(subscription: Subscription): void {
  const engine = (pavedEvents as unknown as { validatePattern?: PatternEngine }).validatePattern;
  if (typeof engine !== 'function') {
    structuralCheck(subscription);
    return;
  }
  try {
    engine(subscription.pattern);
  } catch (error) {
    throw new InvalidRuleError(
      `Invalid event pattern for handler ${subscription.id}: ${(error as Error).message} Fix the subscription's pattern.`,
      { cause: error },
    );
  }
}

/** Until the engine lands: the mistake EventBridge rejects most often, a value that is not an array. */
function structuralCheck(subscription: Subscription): void {
  const fail = (path: string, value: unknown, fix: string): never => {
    throw new InvalidRuleError(
      `Invalid event pattern for handler ${subscription.id} at ${path}: ${JSON.stringify(value)}. ${fix}`,
    );
  };
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return;
    if (value === null || typeof value !== 'object') {
      fail(
        path,
        value,
        'Every value in an event pattern is an array of matches, such as ["PAID"], or an object of fields.',
      );
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) fail(path, value, 'Remove the empty object, or give it at least one field.');
    for (const [key, child] of entries) {
      if (key === '$or') {
        if (!Array.isArray(child) || child.length < 2)
          fail(`${path}.$or`, child, '$or takes an array of at least two patterns.');
        (child as unknown[]).forEach((branch, index) => {
          if (Array.isArray(branch))
            fail(`${path}.$or[${index}]`, branch, 'Each $or branch is a pattern object, not an array.');
          visit(branch, `${path}.$or[${index}]`);
        });
      } else {
        visit(child, `${path}.${key}`);
      }
    }
  };
  visit(subscription.pattern, 'pattern');
}
