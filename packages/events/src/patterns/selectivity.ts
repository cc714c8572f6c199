import { type EventValue, type Matcher, matchValue } from './matchers';

/** Event values kept per path to estimate how often a matcher holds. */
const SAMPLE_SIZE = 1024;
/** Below this many sampled values, estimates come from the rules alone. */
const MIN_SAMPLE = 32;
/** Rule values looked at to size a prefix, suffix or wildcard before events are seen. */
const RULE_SAMPLE = 64;
/** How many sampled values the rules' prior is worth. */
const PRIOR_WEIGHT = 4;

/**
 * What the rules and the events seen so far say about one field path, to guess how often a matcher on
 * it holds. The index files each rule branch under its least likely condition, so that an event wakes
 * as few branches as possible; these guesses only affect speed, never answers.
 */
export class PathStats {
  /** Exact values the rules test on this path, with how many matchers use each. */
  private readonly strings = new Map<string, number>();
  private readonly numbers = new Map<number, number>();
  /** Finite numeric bounds and values, to size ranges against when no events have been seen. */
  private readonly bounds = new Map<number, number>();
  /** The first values events had on this path, and counts of them (rebuilt when the sample grows). */
  private readonly sample: EventValue[] = [];
  private counted = -1;
  private readonly counts = new Map<unknown, number>();
  private sortedNumbers: number[] = [];

  count(m: Matcher, delta: number): void {
    if (m.kind === 'string') bump(this.strings, m.value, delta);
    else if (m.kind === 'number' && m.value !== undefined) {
      bump(this.numbers, m.value, delta);
      bump(this.bounds, m.value, delta);
    } else if (m.kind === 'range') {
      if (Math.abs(m.low) !== Number.MAX_VALUE) bump(this.bounds, m.low, delta);
      if (Math.abs(m.high) !== Number.MAX_VALUE) bump(this.bounds, m.high, delta);
    }
  }

  /** Keeps a value in the sample; returns whether the sample wants more. */
  observe(value: EventValue): boolean {
    this.sample.push(value);
    return this.sample.length < SAMPLE_SIZE;
  }

  /**
   * Estimated share of values on this path that `m` accepts: the rules' own values give a prior
   * (one over the number of distinct values tested, a range's part of the span of bounds), and the
   * sampled event values correct it.
   */
  share(m: Matcher): number {
    const prior = this.prior(m);
    const n = this.sample.length;
    if (n < MIN_SAMPLE) return prior;
    return (this.sampleHits(m) + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT);
  }

  private sampleHits(m: Matcher): number {
    if (this.counted !== this.sample.length) this.recount();
    switch (m.kind) {
      case 'string':
        return this.counts.get(m.value) ?? 0;
      case 'number':
        return m.value === undefined ? 0 : (this.counts.get(m.value) ?? 0);
      case 'literal':
        return this.counts.get(m.value) ?? 0;
      case 'range': {
        const sorted = this.sortedNumbers;
        const from = lowerBound(sorted, m.low, m.lowOpen);
        const to = lowerBound(sorted, m.high, !m.highOpen);
        return Math.max(0, to - from);
      }
      default: {
        let hits = 0;
        for (const value of this.sample) if (matchValue(m, value, undefined)) hits++;
        return hits;
      }
    }
  }

  private recount(): void {
    this.counts.clear();
    const numbers: number[] = [];
    for (const value of this.sample) {
      if (typeof value === 'number') numbers.push(value);
      // Strings and numbers never collide: a string key is kept as the string, a number as the number.
      if (typeof value !== 'object' || value === null)
        this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    }
    this.sortedNumbers = numbers.sort((a, b) => a - b);
    this.counted = this.sample.length;
  }

  private prior(m: Matcher): number {
    switch (m.kind) {
      case 'string':
      case 'equals-ic':
        return 1 / Math.max(2, this.strings.size);
      case 'number':
        return 1 / Math.max(2, this.numbers.size);
      case 'literal':
        return 0.5;
      case 'prefix':
      case 'suffix':
      case 'prefix-ic':
      case 'suffix-ic':
      case 'wildcard':
        return this.ruleValueShare(m);
      case 'range':
        return this.rangeShare(m);
      case 'ip':
        return 0.1;
      default:
        return 0.9;
    }
  }

  /** The share of the rules' own exact values on this path that `m` accepts, when there are enough. */
  private ruleValueShare(m: Matcher): number {
    if (this.strings.size < 8) return 0.1;
    let hits = 0;
    let seen = 0;
    for (const value of this.strings.keys()) {
      if (matchValue(m, value, undefined)) hits++;
      if (++seen >= RULE_SAMPLE) break;
    }
    return (hits + 1) / (seen + 1);
  }

  /** The part of the span of known bounds that a range covers. */
  private rangeShare(m: Extract<Matcher, { kind: 'range' }>): number {
    let low = Infinity;
    let high = -Infinity;
    for (const b of this.bounds.keys()) {
      if (b < low) low = b;
      if (b > high) high = b;
    }
    if (m.low === m.high) return 1 / Math.max(2, this.bounds.size);
    if (!(high > low)) return 0.5;
    const covered = Math.min(m.high, high) - Math.max(m.low, low);
    return Math.min(1, Math.max(0.001, covered / (high - low)));
  }
}

/** Index of the first element above `bound` when `strictlyAbove`, else of the first at or above it. */
function lowerBound(sorted: readonly number[], bound: number, strictlyAbove: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (strictlyAbove ? v <= bound : v < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function bump<K>(map: Map<K, number>, key: K, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next > 0) map.set(key, next);
  else map.delete(key);
}
