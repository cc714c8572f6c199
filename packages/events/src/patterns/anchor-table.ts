import { type Anchor, Bucket, type IndexTables, removeItem, type SecondCheck, type Sink } from './bucket';
import { ipToHex } from './ip';
import { HASH_START, hashStep, newSalt, reverseHash, stringHash } from './key-table';
import { type EventValue, type Matcher, matchValue } from './matchers';
import { JsonNumber } from './numbers';
import { RangeIndex } from './range-index';
import { literal, place } from './placement';
import { type Slot } from './slot';

/** Kinds of string key, added to a table's salt. */
const EXACT = 0;
const PREFIX = 1;
const SUFFIX = 2;
const IGNORE_CASE = 3;

/** The lengths of the prefixes (or suffixes) of a table, so that a value is probed once per length. */
class Lengths {
  private readonly counts = new Map<number, number>();
  list: number[] = [];

  add(n: number): void {
    const count = this.counts.get(n) ?? 0;
    this.counts.set(n, count + 1);
    if (count === 0) this.list = [...this.counts.keys()].sort((a, b) => a - b);
  }

  delete(n: number): void {
    const count = (this.counts.get(n) ?? 1) - 1;
    if (count > 0) this.counts.set(n, count);
    else {
      this.counts.delete(n);
      this.list = [...this.counts.keys()].sort((a, b) => a - b);
    }
  }
}

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
  private exactCount = 0;
  private ignoreCaseCount = 0;
  private ranges: RangeIndex<Anchor<B>> | undefined = undefined;
  private readonly scan: Anchor<B>[] = [];
  private readonly any: Anchor<B>[] = [];
  private ipAnchors = 0;
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
        this.addKeyed(PREFIX, stringHash(p.key), p.key, anchor);
        break;
      case 'suffix':
        (this.suffixes ??= new Lengths()).add(p.key.length);
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
        this.scan.push(anchor);
        break;
      case 'any':
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
        return this.removeKeyed(PREFIX, stringHash(p.key), p.key, anchor);
      case 'suffix':
        this.suffixes?.delete(p.key.length);
        return this.removeKeyed(SUFFIX, reverseHash(p.key), p.key, anchor);
      case 'ignoreCase':
        this.ignoreCaseCount--;
        return this.removeKeyed(IGNORE_CASE, stringHash(p.key), p.key, anchor);
      case 'range':
        return this.ranges?.delete(anchor);
      case 'scan':
        return removeItem(this.scan, anchor);
      case 'any':
        return removeItem(this.any, anchor);
    }
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
    for (const a of this.scan) if (matchValue(a.matcher, value, undefined)) sink.hit(a);
    for (const a of this.any) sink.hit(a);
  }

  /**
   * Looks the value up as an exact key, as each prefix and suffix length in use (their hashes come from
   * one pass over the value, with no substring made), and lower-cased.
   */
  private fireString(value: string, i: number, sink: Sink<B>): void {
    const buckets = this.tables.buckets;
    const hex = this.ipAnchors > 0 ? ipToHex(value) : undefined;
    const length = value.length;
    if (this.exactCount > 0) {
      const salt = this.salt + EXACT;
      for (let b = buckets.get(this.slot.hashAt(i), salt); b !== undefined; b = b.next) {
        if (b.salt === salt && b.key === value) b.fire(value, hex, sink);
      }
    }
    if (this.prefixes !== undefined) {
      const lengths = this.prefixes.list;
      const salt = this.salt + PREFIX;
      let h = HASH_START;
      for (let n = 0, k = 0; k < lengths.length && (lengths[k] as number) <= length; n++) {
        if (n === lengths[k]) {
          k++;
          for (let b = buckets.get(h, salt); b !== undefined; b = b.next) {
            if (b.salt === salt && b.key.length === n && value.startsWith(b.key)) b.fire(value, hex, sink);
          }
        }
        if (n < length) h = hashStep(h, value.charCodeAt(n));
      }
    }
    if (this.suffixes !== undefined) {
      const lengths = this.suffixes.list;
      const salt = this.salt + SUFFIX;
      let h = HASH_START;
      for (let n = 0, k = 0; k < lengths.length && (lengths[k] as number) <= length; n++) {
        if (n === lengths[k]) {
          k++;
          for (let b = buckets.get(h, salt); b !== undefined; b = b.next) {
            if (b.salt === salt && b.key.length === n && value.endsWith(b.key)) b.fire(value, hex, sink);
          }
        }
        if (n < length) h = hashStep(h, value.charCodeAt(length - 1 - n));
      }
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
    for (const a of this.scan) if (matchValue(a.matcher, value, a.ipMode ? hex : undefined)) sink.hit(a);
    for (const a of this.any) sink.hit(a);
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
