import { inRange } from './matchers';

interface Range {
  readonly low: number;
  readonly lowOpen: boolean;
  readonly high: number;
  readonly highOpen: boolean;
}

/**
 * Numeric ranges of one field, for finding every range that holds a value in O(log n). The distinct
 * bounds cut the line into elementary intervals (open stretches and single points); each interval lists
 * the ranges that cover it. Rebuilt lazily after a change.
 */
export class RangeIndex<T> {
  private readonly items = new Map<T, Range>();
  private bounds: number[] = [];
  /** Interval 2i is below bounds[i] (above bounds[i-1]); interval 2i+1 is the point bounds[i]. */
  private intervals: T[][] = [];
  /** Set when the intervals would hold too many entries: then every range is tested. */
  private scan = false;
  private dirty = false;

  get size(): number {
    return this.items.size;
  }

  add(item: T, range: Range): void {
    this.items.set(item, range);
    this.dirty = true;
  }

  delete(item: T): void {
    if (this.items.delete(item)) this.dirty = true;
  }

  /** Calls `visit` for each item whose range holds `value`. */
  forEach(value: number, visit: (item: T) => void): void {
    if (this.dirty) this.rebuild();
    if (this.scan) {
      for (const [item, range] of this.items) if (inRange(range, value)) visit(item);
      return;
    }
    const bounds = this.bounds;
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((bounds[mid] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    const interval = this.intervals[lo < bounds.length && bounds[lo] === value ? 2 * lo + 1 : 2 * lo];
    if (interval) for (const item of interval) visit(item);
  }

  private rebuild(): void {
    this.dirty = false;
    const bounds = new Set<number>();
    for (const r of this.items.values()) {
      bounds.add(r.low);
      bounds.add(r.high);
    }
    this.bounds = [...bounds].sort((a, b) => a - b);
    const n = this.bounds.length;
    // A representative value inside each interval decides which ranges cover it. Below the lowest bound
    // and above the highest no range applies; halves are summed so that the midpoint cannot overflow.
    const probe = (i: number): number => {
      if (i % 2 === 1) return this.bounds[(i - 1) / 2] as number;
      const k = i / 2;
      if (k === 0) return -Infinity;
      if (k === n) return Infinity;
      return (this.bounds[k - 1] as number) / 2 + (this.bounds[k] as number) / 2;
    };
    let entries = 0;
    const intervals: T[][] = [];
    for (let i = 0; i <= 2 * n; i++) {
      const p = probe(i);
      const covering: T[] = [];
      for (const [item, range] of this.items) if (inRange(range, p)) covering.push(item);
      intervals.push(covering);
      entries += covering.length;
      if (entries > 200_000) break;
    }
    this.scan = entries > 200_000;
    this.intervals = this.scan ? [] : intervals;
  }
}
