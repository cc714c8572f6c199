import { type EventPattern, explainMismatch, validatePattern } from '@paved/events';
import { PatternExpectationError } from './errors';

/**
 * Fails unless `pattern` is a valid EventBridge pattern that matches `event`, with a message naming each field
 * that did not match, what the pattern wanted and what the event had. Uses the same engine as the local bus.
 *
 * @example
 * it.each(samples.valid)('matches $file', ({ event }) => expectPatternToMatch(subscription.pattern, event));
 */
export function expectPatternToMatch(pattern: EventPattern, event: object): void {
  validatePattern(pattern);
  const mismatches = explainMismatch(pattern, event);
  if (mismatches.length > 0) {
    throw new PatternExpectationError(
      `The rule pattern does not match the event. Fields that did not match:\n${mismatches
        .map(
          (m) =>
            `  - ${m.path}: the pattern wants ${JSON.stringify(m.expected)}, the event has ${JSON.stringify(m.received)}`,
        )
        .join('\n')}\nFix the pattern (src/subscription.ts) or the sample event.`,
    );
  }
}

/** Fails unless `pattern` is valid and does not match `event`. */
export function expectPatternNotToMatch(pattern: EventPattern, event: object): void {
  validatePattern(pattern);
  if (explainMismatch(pattern, event).length === 0) {
    throw new PatternExpectationError(
      `The rule pattern ${JSON.stringify(pattern)} matches an event it should ignore: ${JSON.stringify(event)}.`,
    );
  }
}
