import { AnchorTable } from './anchor-table';
import { type IndexTables, type Sink } from './bucket';
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

  /** @param key the partition field's value; `undefined` for the general partition. */
  constructor(
    private readonly keyTables: IndexTables<B>,
    readonly key?: string,
  ) {}

  get empty(): boolean {
    return this.tables.size === 0 && this.always.length === 0;
  }

  table(slot: Slot): AnchorTable<B> {
    let table = this.tables.get(slot);
    if (!table) {
      this.tables.set(slot, (table = new AnchorTable(slot, this.keyTables)));
      this.list = [...this.tables.values()];
    }
    return table;
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
