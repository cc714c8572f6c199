/**
 * A compile error. `parse` errors are Jackson parse errors in event-ruler, which AWS reports with a
 * ` at [Source: …]` location; `argument` errors are not (event-ruler's IllegalArgumentExceptions from CIDR
 * and number checks, EventBridge's `$or` limit) and come without one.
 */
export class PatternError extends Error {
  constructor(
    readonly reason: string,
    readonly kind: 'parse' | 'argument' = 'parse',
  ) {
    super(reason);
  }
}
