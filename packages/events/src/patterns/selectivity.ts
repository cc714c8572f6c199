import { type Matcher, matchValue } from './matchers';

/** Known values a rule set uses on one path beyond this count are not sampled for estimates. */
const SAMPLE = 256;

/**
 * What the rules (and, once events flow, the events) say about one field path, to guess how often a
 * matcher on it holds. The index anchors each rule branch on its least likely condition, so that an
 * event wakes as few branches as possible.
 */
export class PathStats {
  /** Exact string values the rules test, with how many matchers use each. */
  private readonly strings = new Map<string, number>();
  private readonly numbers = new Map<number, number>();
  /** Finite numeric bounds and values, to size ranges against. */
  private readonly bounds = new Map<number, number>();
  /** Events that had a value on this path. */
  present = 0;

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

  /** Estimated share of events in which `m` holds for some value on this path, out of `events` seen. */
  selectivity(m: Matcher, events: number): number {
    const presence = events >= 256 ? (this.present + 1) / (events + 2) : 1;
    return presence * this.share(m);
  }

  private share(m: Matcher): number {
    switch (m.kind) {
      case 'string':
        return 1 / Math.max(2, this.strings.size);
      case 'number':
        return 1 / Math.max(2, this.numbers.size);
      case 'literal':
        return 0.5;
      case 'prefix':
      case 'suffix':
      case 'prefix-ic':
      case 'suffix-ic':
      case 'equals-ic':
      case 'wildcard':
        return this.sampledShare(m, m.kind === 'equals-ic' ? 1 / Math.max(2, this.strings.size) : 0.1);
      case 'range':
        return this.rangeShare(m);
      case 'ip':
        return 0.1;
      default:
        // exists and anything-but hold for almost any value: anchoring on them wakes the branch always.
        return 0.9;
    }
  }

  /** The share of the rules' own exact values on this path that `m` accepts, when there are enough. */
  private sampledShare(m: Matcher, fallback: number): number {
    if (this.strings.size < 8) return fallback;
    let hits = 0;
    let seen = 0;
    for (const value of this.strings.keys()) {
      if (matchValue(m, value, undefined)) hits++;
      if (++seen >= SAMPLE) break;
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
    if (!(high > low)) return 0.5;
    const covered = Math.min(m.high, high) - Math.max(m.low, low);
    if (m.low === m.high) return Math.max(0.001, 1 / Math.max(2, this.bounds.size));
    return Math.min(1, Math.max(0.001, covered / (high - low)));
  }
}

function bump<K>(map: Map<K, number>, key: K, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next > 0) map.set(key, next);
  else map.delete(key);
}
