/** FNV-1a's starting value; {@link hashStep} adds one UTF-16 code unit. */
export const HASH_START = 0x811c9dc5 | 0;

/**
 * One step of FNV-1a over UTF-16 code units. Written out (JavaScript cannot read V8's own string hash)
 * so that the hashes of all prefixes (or suffixes) of a value come from one pass, with no substring made.
 */
export function hashStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

export function stringHash(text: string): number {
  let h = HASH_START;
  for (let i = 0; i < text.length; i++) h = hashStep(h, text.charCodeAt(i));
  return h;
}

/** The hash of a text read from its end (how suffixes are keyed). */
export function reverseHash(text: string): number {
  let h = HASH_START;
  for (let i = text.length - 1; i >= 0; i--) h = hashStep(h, text.charCodeAt(i));
  return h;
}

let saltCounter = 0;
/** A salt for one user of a {@link KeyTable}, with room for 8 kinds of key (salt + 0 … salt + 7). */
export function newSalt(): number {
  return Math.imul(++saltCounter, 0x9e3779b9) & ~7;
}

/** An entry of a {@link KeyTable}: entries whose codes collide are chained. */
export interface Keyed<T> {
  readonly key: string;
  readonly salt: number;
  next: T | undefined;
}

/**
 * String keys of many maps (each map a salt) in one open-addressing table of 32-bit codes, behind a
 * Bloom filter of those codes. Most event values are looked up in maps that do not hold them: with
 * thousands of rules, per-map `Map`s are spread over the heap and each lookup costs cache misses, which
 * dominate matching. The filter (about a byte per key, two bits of one word per code) stays in the
 * processor's cache and turns most of those lookups away; the others probe the table. A hit returns the
 * chain of entries with that code: callers compare the key and salt (codes can collide).
 */
export class KeyTable<T extends Keyed<T>> {
  private codes = new Int32Array(64);
  private entries: (T | undefined)[] = new Array<T | undefined>(64).fill(undefined);
  private mask = 63;
  private used = 0;
  private filter = new Int32Array(16);
  private filterMask = 15;
  /** Codes removed since the filter was built (their bits stay set until it is built again). */
  private removed = 0;

  /** The chain of entries whose key may be the one hashed to `hash` under `salt`. */
  get(hash: number, salt: number): T | undefined {
    const code = codeOf(hash, salt);
    const word = this.filter[(code >>> 10) & this.filterMask] as number;
    const bits = (1 << (code & 31)) | (1 << ((code >>> 5) & 31));
    if ((word & bits) !== bits) return undefined;
    const codes = this.codes;
    const mask = this.mask;
    for (let i = code & mask; ; i = (i + 1) & mask) {
      const c = codes[i] as number;
      if (c === code) return this.entries[i];
      if (c === 0) return undefined;
    }
  }

  /** The entry for exactly `key` under `salt` (`hash` being its hash), if any. */
  find(hash: number, salt: number, key: string): T | undefined {
    for (let e = this.get(hash, salt); e !== undefined; e = e.next)
      if (e.salt === salt && e.key === key) return e;
    return undefined;
  }

  add(hash: number, entry: T): void {
    if ((this.used + 1) * 2 > this.codes.length) this.grow();
    const code = codeOf(hash, entry.salt);
    let i = code & this.mask;
    while (this.codes[i] !== 0 && this.codes[i] !== code) i = (i + 1) & this.mask;
    if (this.codes[i] === 0) {
      this.codes[i] = code;
      this.used++;
      this.mark(code);
    }
    entry.next = this.entries[i];
    this.entries[i] = entry;
  }

  delete(hash: number, entry: T): void {
    const code = codeOf(hash, entry.salt);
    let i = code & this.mask;
    while (this.codes[i] !== code) {
      if (this.codes[i] === 0) return;
      i = (i + 1) & this.mask;
    }
    let head = this.entries[i];
    if (head === entry) head = entry.next;
    else for (let e = head; e !== undefined; e = e.next) if (e.next === entry) e.next = entry.next;
    entry.next = undefined;
    if (head !== undefined) {
      this.entries[i] = head;
      return;
    }
    this.removeAt(i);
  }

  /** Linear probing's deletion: later entries of the run move back so no probe stops short of them. */
  private removeAt(hole: number): void {
    const mask = this.mask;
    this.codes[hole] = 0;
    this.entries[hole] = undefined;
    this.used--;
    if (++this.removed > this.used) this.rebuildFilter();
    for (let i = (hole + 1) & mask; this.codes[i] !== 0; i = (i + 1) & mask) {
      const home = (this.codes[i] as number) & mask;
      // The entry at i may move into the hole if its home is not cyclically within (hole, i].
      if (hole < i ? home <= hole || home > i : home <= hole && home > i) {
        this.codes[hole] = this.codes[i] as number;
        this.entries[hole] = this.entries[i];
        this.codes[i] = 0;
        this.entries[i] = undefined;
        hole = i;
      }
    }
  }

  private grow(): void {
    const codes = this.codes;
    const entries = this.entries;
    this.codes = new Int32Array(codes.length * 2);
    this.entries = new Array<T | undefined>(codes.length * 2).fill(undefined);
    this.mask = codes.length * 2 - 1;
    for (let j = 0; j < codes.length; j++) {
      const code = codes[j] as number;
      if (code === 0) continue;
      let i = code & this.mask;
      while (this.codes[i] !== 0) i = (i + 1) & this.mask;
      this.codes[i] = code;
      this.entries[i] = entries[j];
    }
    this.rebuildFilter();
  }

  private mark(code: number): void {
    const at = (code >>> 10) & this.filterMask;
    this.filter[at] = (this.filter[at] as number) | (1 << (code & 31)) | (1 << ((code >>> 5) & 31));
  }

  /** Sizes the filter for the table (a word per 4 slots: a word per 2 keys at most) and sets its bits. */
  private rebuildFilter(): void {
    this.filter = new Int32Array(Math.max(16, this.codes.length >>> 2));
    this.filterMask = this.filter.length - 1;
    this.removed = 0;
    for (const code of this.codes) if (code !== 0) this.mark(code);
  }
}

/** A nonzero 32-bit code for a hash under a salt (murmur3's finalizer, so that nearby inputs scatter). */
function codeOf(hash: number, salt: number): number {
  let x = hash ^ salt;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x ^= x >>> 16;
  return x === 0 ? 1 : x;
}
