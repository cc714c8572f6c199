import { type Subscription } from '@paved/events';
import { InvalidRuleError } from '../errors';

/**
 * The one place the platform validates a rule pattern before synth.
 *
 * TODO(events: pattern engine): once `validatePattern` is exported from '@paved/events', call it here on
 * `subscription.pattern` and drop the structural check below; nothing else in this package needs to change.
 * Until then this catches the mistake EventBridge rejects most often at deploy time: a value that is not an
 * array (`{ detail: { status: 'PAID' } }` instead of `['PAID']`).
 */
export function validateRulePattern(subscription: Subscription): void {
  const fail = (path: string, value: unknown, fix: string): never => {
    throw new InvalidRuleError(
      `Invalid event pattern for handler ${subscription.id} at ${path}: ${JSON.stringify(value)}. ${fix}`,
    );
  };
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return;
    if (value === null || typeof value !== 'object') {
      fail(path, value, 'Every value in an event pattern is an array of matches, such as ["PAID"], or an object of fields.');
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) fail(path, value, 'Remove the empty object, or give it at least one field.');
    for (const [key, child] of entries) {
      if (key === '$or') {
        if (!Array.isArray(child) || child.length < 2) fail(`${path}.$or`, child, '$or takes an array of at least two patterns.');
        (child as unknown[]).forEach((branch, index) => {
          if (Array.isArray(branch)) fail(`${path}.$or[${index}]`, branch, 'Each $or branch is a pattern object, not an array.');
          visit(branch, `${path}.$or[${index}]`);
        });
      } else {
        visit(child, `${path}.${key}`);
      }
    }
  };
  visit(subscription.pattern, 'pattern');
}
