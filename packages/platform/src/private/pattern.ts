import { type Subscription, validatePattern } from '@paved/events';
import { InvalidRuleError } from '../errors';

/**
 * The one place the platform validates a rule pattern before synth, with the same engine the local bus routes
 * with: a pattern AWS would reject fails here, naming the handler, instead of at deploy time.
 */
export function validateRulePattern(subscription: Subscription): void {
  try {
    validatePattern(subscription.pattern);
  } catch (error) {
    throw new InvalidRuleError(
      `Invalid event pattern for handler ${subscription.id}: ${(error as Error).message} Fix the subscription's pattern.`,
      { cause: error },
    );
  }
}
