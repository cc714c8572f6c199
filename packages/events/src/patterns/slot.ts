import { ipToHex } from './ip';
import { type EventValue, type Matcher, matchValue } from './matchers';
import { JsonNumber } from './numbers';
import { RangeIndex } from './range-index';
import { PathStats } from './selectivity';

/**
 * A matcher registered as the entry point ("anchor") of a rule branch: when an event value satisfies
 * it, the branch becomes a candidate and is then checked in full.
 */
export interface Anchor<B> {
  readonly branch: B;
  readonly matcher: Matcher;
  /** The branch's field is in IP mode: IP-literal strings are addresses, not strings. */
  readonly ipMode: boolean;
  /** The bucket only narrows the search: the matcher must still be tested. */
  readonly verify: boolean;
}

type Bucket<B> = Anchor<B>[];

/** Where an anchor is filed, and the statistics key used to choose anchors. */
interface Placement {
  readonly index: 'exact' | 'number' | 'text' | 'literal' | 'prefix' | 'suffix' | 'ignoreCase' | 'range' | 'scan' | 'any';
  readonly key: string;
  readonly verify: boolean;
}

/** Prefixes (or suffixes) by text, with the lengths in use, so a value is looked up once per length. */
class AffixIndex<B> {
  readonly map = new Map<string, Bucket<B>>();
  private readonly lengthCounts = new Map<number, number>();
  lengths: number[] = [];

  add(key: string, anchor: Anchor<B>): void {
    addTo(this.map, key, anchor);
    const count = this.lengthCounts.get(key.length) ?? 0;
    this.lengthCounts.set(key.length, count + 1);
    if (count === 0) this.lengths = [...this.lengthCounts.keys()].sort((a, b) => a - b);
  }

  delete(key: string, anchor: Anchor<B>): void {
    removeFrom(this.map, key, anchor);
    const count = (this.lengthCounts.get(key.length) ?? 1) - 1;
    if (count > 0) this.lengthCounts.set(key.length, count);
    else {
      this.lengthCounts.delete(key.length);
      this.lengths = [...this.lengthCounts.keys()].sort((a, b) => a - b);
    }
  }
}

/**
 * Everything the index keeps about one field path: the values an event had there (for checking
 * candidates), the anchors filed by value, and how often each value occurs in the rules (to choose
 * selective anchors).
 */
export class Slot<B> {
  /** Conditions of indexed rules on this path; the slot is dropped at zero. */
  refs = 0;
  /** Values seen in the current event (valid while `epoch` is the index's current epoch). */
  epoch = -1;
  count = 0;
  readonly values: EventValue[] = [];
  /** 1 when the value sat inside an object or array that is an array element. */
  readonly inArray: number[] = [];

  private exact?: Map<string, Bucket<B>>;
  private numbers?: Map<number, Bucket<B>>;
  private texts?: Map<string, Bucket<B>>;
  private literals?: Map<boolean | null, Bucket<B>>;
  private prefixes?: AffixIndex<B>;
  private suffixes?: AffixIndex<B>;
  private ignoreCase?: Map<string, Bucket<B>>;
  private ranges?: RangeIndex<Anchor<B>>;
  private readonly scan: Anchor<B>[] = [];
  private readonly any: Anchor<B>[] = [];
  private ipAnchors = 0;

  /** What the rules and events say about this path, to choose selective anchors. */
  readonly stats = new PathStats();

  constructor(readonly path: string) {}

  /** Records a value of the current event. */
  record(epoch: number, value: EventValue, inArray: number): void {
    if (this.epoch !== epoch) {
      this.epoch = epoch;
      this.count = 0;
      this.stats.present++;
    }
    this.stats.observe(value);
    this.values[this.count] = value;
    this.inArray[this.count++] = inArray;
  }

  /**
   * Expected share of events in which an anchor on `m` here wakes its branch: anchors that fire on any
   * value (exists, anything-but) wake it whenever the path is present.
   */
  cost(m: Matcher, events: number): number {
    const presence = this.stats.presence(events);
    return place(m).index === 'any' ? presence : presence * this.stats.share(m);
  }

  addAnchor(branch: B, matcher: Matcher, ipMode: boolean): Anchor<B> {
    const p = place(matcher);
    const anchor: Anchor<B> = { branch, matcher, ipMode, verify: p.verify };
    if (ipMode) this.ipAnchors++;
    switch (p.index) {
      case 'exact':
        addTo((this.exact ??= new Map()), p.key, anchor);
        break;
      case 'number':
        addTo((this.numbers ??= new Map()), (matcher as { value: number }).value, anchor);
        break;
      case 'text':
        addTo((this.texts ??= new Map()), p.key, anchor);
        break;
      case 'literal':
        addTo((this.literals ??= new Map()), (matcher as { value: boolean | null }).value, anchor);
        break;
      case 'prefix':
        (this.prefixes ??= new AffixIndex()).add(p.key, anchor);
        break;
      case 'suffix':
        (this.suffixes ??= new AffixIndex()).add(p.key, anchor);
        break;
      case 'ignoreCase':
        addTo((this.ignoreCase ??= new Map()), p.key, anchor);
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
    if (anchor.ipMode) this.ipAnchors--;
    switch (p.index) {
      case 'exact':
        removeFrom(this.exact, p.key, anchor);
        break;
      case 'number':
        removeFrom(this.numbers, (anchor.matcher as { value: number }).value, anchor);
        break;
      case 'text':
        removeFrom(this.texts, p.key, anchor);
        break;
      case 'literal':
        removeFrom(this.literals, (anchor.matcher as { value: boolean | null }).value, anchor);
        break;
      case 'prefix':
        this.prefixes?.delete(p.key, anchor);
        break;
      case 'suffix':
        this.suffixes?.delete(p.key, anchor);
        break;
      case 'ignoreCase':
        removeFrom(this.ignoreCase, p.key, anchor);
        break;
      case 'range':
        this.ranges?.delete(anchor);
        break;
      case 'scan':
        removeItem(this.scan, anchor);
        break;
      case 'any':
        removeItem(this.any, anchor);
        break;
    }
  }

  /** Calls `hit` with the branch of every anchor that one event value satisfies. */
  fire(value: EventValue, hit: (branch: B) => void): void {
    if (typeof value === 'string') return this.fireString(value, hit);
    if (typeof value === 'number') {
      const bucket = this.numbers?.get(value);
      if (bucket) for (const a of bucket) hit(a.branch);
      this.ranges?.forEach(value, (a) => hit(a.branch));
    } else if (value instanceof JsonNumber) {
      const bucket = this.texts?.get(value.text);
      if (bucket) for (const a of bucket) hit(a.branch);
    } else {
      const bucket = this.literals?.get(value);
      if (bucket) for (const a of bucket) hit(a.branch);
    }
    for (const a of this.scan) if (matchValue(a.matcher, value, undefined)) hit(a.branch);
    for (const a of this.any) hit(a.branch);
  }

  private fireString(value: string, hit: (branch: B) => void): void {
    const hex = this.ipAnchors > 0 ? ipToHex(value) : undefined;
    const exact = this.exact?.get(value);
    if (exact) fireBucket(exact, value, hex, hit);
    const prefixes = this.prefixes;
    if (prefixes) {
      for (const n of prefixes.lengths) {
        if (n > value.length) break;
        const bucket = prefixes.map.get(n === value.length ? value : value.slice(0, n));
        if (bucket) fireBucket(bucket, value, hex, hit);
      }
    }
    const suffixes = this.suffixes;
    if (suffixes) {
      for (const n of suffixes.lengths) {
        if (n > value.length) break;
        const bucket = suffixes.map.get(n === value.length ? value : value.slice(value.length - n));
        if (bucket) fireBucket(bucket, value, hex, hit);
      }
    }
    if (this.ignoreCase) {
      const bucket = this.ignoreCase.get(value.toLowerCase());
      if (bucket) fireBucket(bucket, value, hex, hit);
    }
    for (const a of this.scan) if (matchValue(a.matcher, value, a.ipMode ? hex : undefined)) hit(a.branch);
    for (const a of this.any) hit(a.branch);
  }
}

/** Wakes the branches of a bucket whose matcher holds (string buckets: IP-mode fields see addresses). */
function fireBucket<B>(bucket: Bucket<B>, value: string, hex: string | undefined, hit: (branch: B) => void): void {
  for (const a of bucket) {
    if (a.verify ? matchValue(a.matcher, value, a.ipMode ? hex : undefined) : !(a.ipMode && hex !== undefined)) {
      hit(a.branch);
    }
  }
}

/** Decides where a matcher is filed. Wildcards are filed by their literal start (or end) and verified. */
function place(m: Matcher): Placement {
  switch (m.kind) {
    case 'string':
      return { index: 'exact', key: m.value, verify: false };
    case 'number':
      return m.value === undefined
        ? { index: 'text', key: m.text, verify: false }
        : { index: 'number', key: String(m.value), verify: false };
    case 'literal':
      return { index: 'literal', key: String(m.value), verify: false };
    case 'prefix':
      return { index: 'prefix', key: m.value, verify: false };
    case 'suffix':
      return { index: 'suffix', key: m.value, verify: false };
    case 'equals-ic':
      // Only ASCII patterns: for them, a matching value lower-cases to the pattern lower-cased.
      return isAscii(m.value)
        ? { index: 'ignoreCase', key: m.value.toLowerCase(), verify: true }
        : { index: 'scan', key: '', verify: true };
    case 'wildcard': {
      const w = m.wildcard;
      if (w.length === 1) return { index: 'exact', key: w[0] as string, verify: true };
      if ((w[0] as string) !== '') return { index: 'prefix', key: w[0] as string, verify: true };
      if ((w[w.length - 1] as string) !== '') return { index: 'suffix', key: w[w.length - 1] as string, verify: true };
      return { index: 'scan', key: '', verify: true };
    }
    case 'range':
      return { index: 'range', key: '', verify: false };
    case 'ip':
    case 'prefix-ic':
    case 'suffix-ic':
      return { index: 'scan', key: '', verify: true };
    default:
      return { index: 'any', key: '', verify: false };
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function addTo<K, A>(map: Map<K, A[]>, key: K, item: A): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(item);
  else map.set(key, [item]);
}

function removeFrom<K, A>(map: Map<K, A[]> | undefined, key: K, item: A): void {
  const bucket = map?.get(key);
  if (!bucket) return;
  removeItem(bucket, item);
  if (bucket.length === 0) map?.delete(key);
}

function removeItem<A>(list: A[], item: A): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}
