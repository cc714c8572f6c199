/** A compile error. `argument` errors are Java IllegalArgumentExceptions in event-ruler: no fallback. */
export class PatternError extends Error {
  constructor(
    readonly reason: string,
    readonly kind: 'parse' | 'argument' = 'parse',
  ) {
    super(reason);
  }
}
