/**
 * One copy of each value the index compares event values with, counted by use. Each rule's pattern is
 * parsed on its own, so thousands of rules hold thousands of copies of `"com.acme.orders"` (and of the check
 * that an event's `source` is that string); comparing an event value with a cold copy costs a cache miss,
 * with the shared copy it does not.
 */
export class Pool<T> {
  private readonly entries = new Map<string, { readonly value: T; uses: number }>();

  /** The shared value for `key`: `value` itself if the key is new. */
  share(key: string, value: T): T {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.entries.set(key, { value, uses: 1 });
      return value;
    }
    entry.uses++;
    return entry.value;
  }

  release(key: string): void {
    const entry = this.entries.get(key);
    if (entry !== undefined && --entry.uses === 0) this.entries.delete(key);
  }
}

/** A {@link Pool} of strings. */
export class StringPool extends Pool<string> {
  intern(value: string): string {
    return this.share(value, value);
  }
}
