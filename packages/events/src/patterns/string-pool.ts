/**
 * One copy of each string the index compares event values with, counted by use. Each rule's pattern is
 * parsed on its own, so thousands of rules hold thousands of copies of `"com.acme.orders"`; comparing an
 * event value with a cold copy costs a cache miss, with the shared copy it does not.
 */
export class StringPool {
  private readonly strings = new Map<string, { readonly value: string; uses: number }>();

  intern(value: string): string {
    const entry = this.strings.get(value);
    if (entry === undefined) {
      this.strings.set(value, { value, uses: 1 });
      return value;
    }
    entry.uses++;
    return entry.value;
  }

  release(value: string): void {
    const entry = this.strings.get(value);
    if (entry !== undefined && --entry.uses === 0) this.strings.delete(value);
  }
}
