import { stringHash } from './key-table';
import { type EventValue } from './matchers';
import { PathStats } from './selectivity';

/**
 * One field path some indexed rule tests: the values the current event has there (for the anchors and
 * for checking candidates), and statistics about them.
 */
export class Slot {
  /** Conditions of indexed rules on this path; the slot is dropped at zero. */
  refs = 0;
  /** Values seen in the current event (valid while `epoch` is the index's current epoch). */
  epoch = -1;
  count = 0;
  readonly values: EventValue[] = [];
  /** 1 when the value sat inside an object or array that is an array element. */
  readonly inArray: number[] = [];
  /** Whether any value of the current event here sat inside an array of objects. */
  anyInArray = false;
  readonly stats = new PathStats();
  /** Events that had a value here (kept on the slot: the stats are not touched once sampled). */
  present = 0;
  private sampling = true;
  /** {@link stringHash} of the values, computed on demand: `hashed` of them so far. */
  private readonly hashes: number[] = [];
  private hashed = 0;

  /** The keys of the path. */
  readonly names: readonly string[];

  constructor(readonly path: string) {
    this.names = path.split('.');
  }

  /** The share of events (out of `events` seen) that have a value on this path. */
  presence(events: number): number {
    return events >= 256 ? (this.present + 1) / (events + 2) : 1;
  }

  /** Records a value of the current event. */
  record(epoch: number, value: EventValue, inArray: number): void {
    if (this.epoch !== epoch) {
      this.epoch = epoch;
      // Values past the first of an earlier event would keep that event alive (see detached).
      if (this.count > 1) this.values.fill(null, 1, this.count);
      this.count = 0;
      this.hashed = 0;
      this.anyInArray = false;
      this.present++;
    }
    if (inArray === 1) this.anyInArray = true;
    if (this.sampling) this.sampling = this.stats.observe(detached(value));
    this.values[this.count] = value;
    this.inArray[this.count++] = inArray;
  }

  /** The {@link stringHash} of the current event's `i`th value here (0 for values that are not strings). */
  hashAt(i: number): number {
    while (this.hashed <= i) {
      const value = this.values[this.hashed];
      this.hashes[this.hashed++] = typeof value === 'string' ? stringHash(value) : 0;
    }
    return this.hashes[i] as number;
  }
}

/**
 * A value to keep past its event. A string read from an event's text in place is a slice of that text, and
 * V8 keeps a slice's whole text alive: kept as such, a sample of short values could hold on to a thousand
 * events of up to 256 KB. Concatenating and slicing again makes a string of its own.
 */
export function detached(value: EventValue): EventValue {
  return typeof value === 'string' && value.length >= 13 ? (' ' + value).slice(1) : value;
}
