import { AnchorTable } from './anchor-table';
import { type IndexTables, type Sink } from './bucket';
import { type EventValue } from './matchers';
import { type ReadScope } from './read-scope';
import { detached, type Slot } from './slot';

/**
 * The anchors of the rule branches that need one value on the index's partition field (such as one
 * `detail-type`), or of all branches that do not constrain that field. An event consults only its own
 * value's partition (and the general one), so the data it touches is a small part of the index.
 */
export class Partition<B> {
  private readonly tables = new Map<Slot, AnchorTable<B>>();
  private list: AnchorTable<B>[] = [];
  /** Branches with no condition left to anchor on: woken whenever the partition is consulted. */
  readonly always: B[] = [];
  /** Epoch of the last event that consulted this partition. */
  stamp = 0;
  /** The branches filed here. */
  readonly branches: B[] = [];
  /** The paths of the branches filed here, with how many conditions of those branches test each. */
  readonly paths = new Map<Slot, number>();
  /**
   * The value the events consulting this partition had on each of its paths, from the first of them;
   * `null` once they differed (or had none, or several). A path on which they all agree tells nothing
   * within the partition (as `source` once `detail-type` is known): no use as an anchor or second check.
   */
  private readonly observed = new Map<Slot, { readonly value: EventValue; seen: number } | null>();
  private observations = 0;
  /** Changes whenever a path joins or leaves {@link paths}. */
  version = 0;
  /** What the events that go to this partition need read. */
  scope: ReadScope | undefined;

  /**
   * @param scanLimit partitions of at most this many branches are scanned (see {@link consult}).
   * @param key the partition field's value; `undefined` for the general partition.
   */
  constructor(
    private readonly keyTables: IndexTables<B>,
    private readonly scanLimit: number,
    readonly key?: string,
  ) {}

  get empty(): boolean {
    return this.tables.size === 0 && this.always.length === 0 && this.branches.length === 0;
  }

  table(slot: Slot): AnchorTable<B> {
    let table = this.tables.get(slot);
    if (!table) {
      this.tables.set(slot, (table = new AnchorTable(slot, this.keyTables)));
      this.list = [...this.tables.values()];
    }
    return table;
  }

  /** Files a branch here (`delta` 1: its anchors are added separately) or removes it (-1). */
  track(branch: B, slots: readonly Slot[], delta: number): void {
    if (delta > 0) this.branches.push(branch);
    else {
      const at = this.branches.indexOf(branch);
      if (at >= 0) this.branches.splice(at, 1);
    }
    for (const slot of slots) {
      const count = (this.paths.get(slot) ?? 0) + delta;
      if (count > 0) this.paths.set(slot, count);
      else this.paths.delete(slot);
      if (count === 0 || count === delta) this.version++;
    }
  }

  /** The value all of at least 16 events seen here had (alone) on a path, if they agreed. */
  fixedValue(slot: Slot): EventValue | undefined {
    const known = this.observed.get(slot);
    return known && known.seen >= 16 ? known.value : undefined;
  }

  private observe(epoch: number): void {
    this.observations++;
    for (const slot of this.paths.keys()) {
      const known = this.observed.get(slot);
      if (known === null) continue;
      const value = slot.epoch === epoch && slot.count === 1 ? slot.values[0] : undefined;
      if (value === undefined || (typeof value === 'object' && value !== null)) this.observed.set(slot, null);
      else if (known === undefined) this.observed.set(slot, { value: detached(value), seen: 1 });
      else if (known.value === value) known.seen++;
      else this.observed.set(slot, null);
    }
  }

  /** Drops a table once its last anchor is gone. */
  release(table: AnchorTable<B>): void {
    if (table.size > 0) return;
    this.tables.delete(table.slot);
    this.list = [...this.tables.values()];
  }

  /**
   * Reports every anchor satisfied by the values the current event (`epoch`) has on this partition's
   * paths, and the branches woken whenever the partition is consulted. A partition of a few branches is
   * scanned instead: checking a few dozen branches against the values already recorded costs less than
   * the lookups of the anchors (hashing values, probing tables, following buckets), and the number of
   * branches checked per event stays bounded by the scan limit whatever the number of rules.
   */
  consult(epoch: number, sink: Sink<B>): void {
    this.stamp = epoch;
    if (this.observations < 256) this.observe(epoch);
    if (this.branches.length <= this.scanLimit) {
      for (const branch of this.branches) sink.scan(branch);
      return;
    }
    for (const table of this.list) if (table.slot.epoch === epoch) table.fireAll(sink);
    for (const branch of this.always) sink.wake(branch);
  }
}
