import { type EventPattern, type Subscription, validatePattern } from '@paved/events';
import { InvalidRuleError } from '../errors';

/**
 * The one place the platform validates a rule pattern before synth, with the same engine the local bus routes
 * with: a pattern AWS would reject fails here, naming its owner (`handler orders-reserve-stock`, `route
 * paved-media-create-thumbnail`), instead of at deploy time.
 */
export function validateRulePattern(
  owner:
    Subscription | { readonly description: string; readonly pattern: EventPattern; readonly fix: string },
): void {
  const { description, pattern, fix } =
    'contract' in owner
      ? { description: `handler ${owner.id}`, pattern: owner.pattern, fix: "Fix the subscription's pattern." }
      : owner;
  try {
    validatePattern(pattern);
  } catch (error) {
    throw new InvalidRuleError(
      `Invalid event pattern for ${description}: ${(error as Error).message} ${fix}`,
      {
        cause: error,
      },
    );
  }
}
