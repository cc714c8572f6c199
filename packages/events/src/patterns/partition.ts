import { AnchorTable } from './anchor-table';
import { type IndexTables, type Sink } from './bucket';
import { type CompiledWalker } from './compiled-walk';
import { type Slot } from './slot';

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
  /** Changes whenever a path joins or leaves {@link paths}. */
  version = 0;
  /** The walker of the events that go to this partition, and what it was made for. */
  walker: { readonly walker: CompiledWalker; readonly version: number; readonly general: number; readonly key: Slot | undefined } | undefined;

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
    if (this.branches.length <= this.scanLimit) {
      for (const branch of this.branches) sink.scan(branch);
      return;
    }
    for (const table of this.list) if (table.slot.epoch === epoch) table.fireAll(sink);
    for (const branch of this.always) sink.wake(branch);
  }
}
