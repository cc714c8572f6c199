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
  /** The paths of the branches filed here, with how many conditions of those branches test each. */
  readonly paths = new Map<Slot, number>();
  /** Changes whenever a path joins or leaves {@link paths}. */
  version = 0;
  /** The walker of the events that go to this partition, and what it was made for. */
  walker: { readonly walker: CompiledWalker; readonly version: number; readonly general: number; readonly key: Slot | undefined } | undefined;

  /** @param key the partition field's value; `undefined` for the general partition. */
  constructor(
    private readonly keyTables: IndexTables<B>,
    readonly key?: string,
  ) {}

  get empty(): boolean {
    return this.tables.size === 0 && this.always.length === 0 && this.paths.size === 0;
  }

  table(slot: Slot): AnchorTable<B> {
    let table = this.tables.get(slot);
    if (!table) {
      this.tables.set(slot, (table = new AnchorTable(slot, this.keyTables)));
      this.list = [...this.tables.values()];
    }
    return table;
  }

  /** Counts the paths of a branch filed here (`delta` 1) or no longer filed here (-1). */
  track(slots: readonly Slot[], delta: number): void {
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
   * paths, and the branches woken whenever the partition is consulted.
   */
  consult(epoch: number, sink: Sink<B>): void {
    this.stamp = epoch;
    for (const table of this.list) if (table.slot.epoch === epoch) table.fireAll(sink);
    for (const branch of this.always) sink.wake(branch);
  }
}
