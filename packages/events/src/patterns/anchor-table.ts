import { type Anchor, Bucket, type IndexTables, removeItem, type SecondCheck, type Sink } from './bucket';
import { ipToHex } from './ip';
import { HASH_START, hashStep, newSalt, reverseHash, stringHash } from './key-table';
import { type EventValue, type Matcher, matchValue } from './matchers';
import { JsonNumber } from './numbers';
import { RangeIndex } from './range-index';
import { literal, place } from './placement';
import { type Slot } from './slot';

/** Kinds of string key, added to a table's salt. */
const NONE: readonly number[] = [];
const EXACT = 0;
const PREFIX = 1;
const SUFFIX = 2;
const IGNORE_CASE = 3;

/**
 * The lengths of the prefixes (or suffixes) of a table, so that a value is probed once per length: as bits
 * of one number (lengths up to 30, read without touching this object: see {@link AnchorTable}) and as a
 * list of the longer ones.
 */
class Lengths {
  private readonly counts = new Map<number, number>();
  bits = 0;
  long: number[] = [];

  add(n: number): void {
    const count = this.counts.get(n) ?? 0;
    this.counts.set(n, count + 1);
    if (count === 0) this.update();
  }

  delete(n: number): void {
    const count = (this.counts.get(n) ?? 1) - 1;
    if (count > 0) this.counts.set(n, count);
    else {
      this.counts.delete(n);
      this.update();
    }
  }

  private update(): void {
    this.bits = 0;
    for (const n of this.counts.keys()) if (n <= MAX_BIT_LENGTH) this.bits |= 1 << n;
    this.long = [...this.counts.keys()].filter((n) => n > MAX_BIT_LENGTH).sort((a, b) => a - b);
  }
}

/** Prefix and suffix lengths up to this are bits of a number. */
const MAX_BIT_LENGTH = 30;

/**
 * The anchors of one partition of the index on one field path, filed by value (strings, prefixes and
 * suffixes in the index's {@link KeyTable} under this table's salt, other values in maps, ranges in a
 * {@link RangeIndex}), so that an event value finds the anchors it satisfies with a few lookups.
 */
export class AnchorTable<B> {
  private numbers: Map<number, Bucket<B>> | undefined = undefined;
  private texts: Map<string, Bucket<B>> | undefined = undefined;
  private literals: Map<boolean | null, Bucket<B>> | undefined = undefined;
  private prefixes: Lengths | undefined = undefined;
  private suffixes: Lengths | undefined = undefined;
  /**
   * Copies of the lengths' bits, and whether there are longer ones, kept here: matching an event reads
   * only this object of the table (with thousands of rules, each object more is a likely cache miss).
   */
  private prefixBits = 0;
  private suffixBits = 0;
  private longAffixes = false;
  private exactCount = 0;
  private ignoreCaseCount = 0;
  private ranges: RangeIndex<Anchor<B>> | undefined = undefined;
  private readonly scan: Anchor<B>[] = [];
  private readonly any: Anchor<B>[] = [];
  private ipAnchors = 0;
  /** Anchors in {@link scan} and {@link any}. */
  private unkeyed = 0;
  /** Anchors filed here; the table is dropped from its partition at zero. */
  size = 0;
  private readonly salt = newSalt();

  constructor(
    readonly slot: Slot,
    private readonly tables: IndexTables<B>,
  ) {}

  /** Reports to `sink` every anchor the current event's values on this path satisfy. */
  fireAll(sink: Sink<B>): void {
    const slot = this.slot;
    for (let i = 0; i < slot.count; i++) {
      const value = slot.values[i] as EventValue;
      if (typeof value === 'string') this.fireString(value, i, sink);
      else this.fire(value, sink);
    }
  }

  addAnchor(branch: B, matcher: Matcher, ipMode: boolean, second: SecondCheck | undefined): Anchor<B> {
    const p = place(matcher);
    const anchor: Anchor<B> = { branch, matcher, second, ipMode, verify: p.verify };
    this.size++;
    if (ipMode) this.ipAnchors++;
    const tables = this.tables;
    switch (p.index) {
      case 'exact':
        this.exactCount++;
        this.addKeyed(EXACT, stringHash(p.key), p.key, anchor);
        break;
      case 'number':
        bucketFor((this.numbers ??= new Map()), Number(p.key)).add(anchor, tables);
        break;
      case 'text':
        bucketFor((this.texts ??= new Map()), p.key).add(anchor, tables);
        break;
      case 'literal':
        bucketFor((this.literals ??= new Map()), literal(p.key)).add(anchor, tables);
        break;
      case 'prefix':
        (this.prefixes ??= new Lengths()).add(p.key.length);
        this.copyLengths();
        this.addKeyed(PREFIX, stringHash(p.key), p.key, anchor);
        break;
      case 'suffix':
        (this.suffixes ??= new Lengths()).add(p.key.length);
        this.copyLengths();
        this.addKeyed(SUFFIX, reverseHash(p.key), p.key, anchor);
        break;
      case 'ignoreCase':
        this.ignoreCaseCount++;
        this.addKeyed(IGNORE_CASE, stringHash(p.key), p.key, anchor);
        break;
      case 'range':
        (this.ranges ??= new RangeIndex()).add(anchor, matcher as Extract<Matcher, { kind: 'range' }>);
        break;
      case 'scan':
        this.unkeyed++;
        this.scan.push(anchor);
        break;
      case 'any':
        this.unkeyed++;
        this.any.push(anchor);
        break;
    }
    return anchor;
  }

  removeAnchor(anchor: Anchor<B>): void {
    const p = place(anchor.matcher);
    this.size--;
    if (anchor.ipMode) this.ipAnchors--;
    const tables = this.tables;
    switch (p.index) {
      case 'exact':
        this.exactCount--;
        return this.removeKeyed(EXACT, stringHash(p.key), p.key, anchor);
      case 'number':
        return removeFrom(this.numbers, Number(p.key), anchor, tables);
      case 'text':
        return removeFrom(this.texts, p.key, anchor, tables);
      case 'literal':
        return removeFrom(this.literals, literal(p.key), anchor, tables);
      case 'prefix':
        this.prefixes?.delete(p.key.length);
        this.copyLengths();
        return this.removeKeyed(PREFIX, stringHash(p.key), p.key, anchor);
      case 'suffix':
        this.suffixes?.delete(p.key.length);
        this.copyLengths();
        return this.removeKeyed(SUFFIX, reverseHash(p.key), p.key, anchor);
      case 'ignoreCase':
        this.ignoreCaseCount--;
        return this.removeKeyed(IGNORE_CASE, stringHash(p.key), p.key, anchor);
      case 'range':
        return this.ranges?.delete(anchor);
      case 'scan':
        this.unkeyed--;
        return removeItem(this.scan, anchor);
      case 'any':
        this.unkeyed--;
        return removeItem(this.any, anchor);
    }
  }

  private copyLengths(): void {
    this.prefixBits = this.prefixes?.bits ?? 0;
    this.suffixBits = this.suffixes?.bits ?? 0;
    this.longAffixes = (this.prefixes?.long.length ?? 0) + (this.suffixes?.long.length ?? 0) > 0;
  }

  private addKeyed(kind: number, hash: number, key: string, anchor: Anchor<B>): void {
    const salt = this.salt + kind;
    const buckets = this.tables.buckets;
    let bucket = buckets.find(hash, salt, key);
    if (!bucket) buckets.add(hash, (bucket = new Bucket(key, salt)));
    bucket.add(anchor, this.tables);
  }

  private removeKeyed(kind: number, hash: number, key: string, anchor: Anchor<B>): void {
    const buckets = this.tables.buckets;
    const bucket = buckets.find(hash, this.salt + kind, key);
    if (!bucket) return;
    bucket.remove(anchor, this.tables);
    if (bucket.empty) buckets.delete(hash, bucket);
  }

  /** Reports to `sink` every anchor (or group of anchors) that one event value satisfies. */
  private fire(value: Exclude<EventValue, string>, sink: Sink<B>): void {
    if (typeof value === 'number') {
      this.numbers?.get(value)?.fire(value, undefined, sink);
      this.ranges?.forEach(value, sink.hit);
    } else if (value instanceof JsonNumber) {
      this.texts?.get(value.text)?.fire(value, undefined, sink);
    } else {
      this.literals?.get(value)?.fire(value, undefined, sink);
    }
    if (this.unkeyed > 0) {
      for (const a of this.scan) if (matchValue(a.matcher, value, undefined)) sink.hit(a);
      for (const a of this.any) sink.hit(a);
    }
  }

  /**
   * Looks the value up as an exact key, as each prefix and suffix length in use (their hashes come from
   * one pass over the value, with no substring made), and lower-cased.
   */
  private fireString(value: string, i: number, sink: Sink<B>): void {
    const buckets = this.tables.buckets;
    const hex = this.ipAnchors > 0 ? ipToHex(value) : undefined;
    if (this.exactCount > 0) {
      const salt = this.salt + EXACT;
      for (let b = buckets.get(this.slot.hashAt(i), salt); b !== undefined; b = b.next) {
        if (b.salt === salt && b.key === value) b.fire(value, hex, sink);
      }
    }
    if (this.prefixBits !== 0 || this.suffixBits !== 0 || this.longAffixes) {
      this.fireAffixes(value, hex, sink);
    }
    if (this.ignoreCaseCount > 0) {
      // Keys are ASCII patterns lower-cased; a non-ASCII value may still lower-case to ASCII (K, the
      // Kelvin sign, gives k), so its hash is taken from its lower case.
      const salt = this.salt + IGNORE_CASE;
      const lower = asciiLowerHash(value) ?? stringHash(value.toLowerCase());
      for (let b = buckets.get(lower, salt); b !== undefined; b = b.next) {
        if (b.salt === salt && b.key === value.toLowerCase()) b.fire(value, hex, sink);
      }
    }
    if (this.unkeyed > 0) {
      for (const a of this.scan) if (matchValue(a.matcher, value, a.ipMode ? hex : undefined)) sink.hit(a);
      for (const a of this.any) sink.hit(a);
    }
  }

  /**
   * Looks the value up as each prefix and suffix length in use: their hashes come from one pass over the
   * value from each end, with no substring made.
   */
  private fireAffixes(value: string, hex: string | undefined, sink: Sink<B>): void {
    const buckets = this.tables.buckets;
    const length = value.length;
    const long = this.longAffixes;
    for (let kind = PREFIX; kind <= SUFFIX; kind++) {
      const bits = kind === PREFIX ? this.prefixBits : this.suffixBits;
      const longer = long ? ((kind === PREFIX ? this.prefixes : this.suffixes)?.long ?? NONE) : NONE;
      if (bits === 0 && longer.length === 0) continue;
      const salt = this.salt + kind;
      // The longest length to hash up to: the highest bit, or the longest long length within the value.
      let last = 31 - Math.clz32(bits);
      for (const n of longer) if (n <= length) last = n;
      last = Math.min(last, length);
      let h = HASH_START;
      for (let n = 0; n <= last; n++) {
        if (n <= MAX_BIT_LENGTH ? (bits >>> n) & 1 : longer.includes(n)) {
          for (let b = buckets.get(h, salt); b !== undefined; b = b.next) {
            if (b.salt !== salt || b.key.length !== n) continue;
            if (kind === PREFIX ? value.startsWith(b.key) : value.endsWith(b.key)) b.fire(value, hex, sink);
          }
        }
        if (n < length) h = hashStep(h, value.charCodeAt(kind === PREFIX ? n : length - 1 - n));
      }
    }
  }
}

/** The hash of an ASCII text lower-cased; undefined for other texts (their lower case may be ASCII). */
function asciiLowerHash(text: string): number | undefined {
  let h = HASH_START;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return undefined;
    h = hashStep(h, c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  }
  return h;
}

function bucketFor<K, B>(map: Map<K, Bucket<B>>, key: K): Bucket<B> {
  let bucket = map.get(key);
  if (!bucket) map.set(key, (bucket = new Bucket()));
  return bucket;
}

function removeFrom<K, B>(
  map: Map<K, Bucket<B>> | undefined,
  key: K,
  anchor: Anchor<B>,
  tables: IndexTables<B>,
): void {
  const bucket = map?.get(key);
  if (!bucket) return;
  bucket.remove(anchor, tables);
  if (bucket.empty) map?.delete(key);
}
