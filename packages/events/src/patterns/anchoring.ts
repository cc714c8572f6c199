import { anchorCost, firesOnlyOnMatch } from './placement';
import { type IndexTables, type SecondCheck, type Sink } from './bucket';
import { type BranchEntry, type ConditionEntry } from './branches';
import { passesCheck } from './evaluate';
import { Partition } from './partition';
import { type PathTrie } from './path-trie';
import { ReadScope } from './read-scope';
import { type Slot } from './slot';

/**
 * Where each rule branch of an index is filed. Branches that fix the partition field (the field most
 * rules fix to a few exact strings, typically `detail-type`) go to the partition of each of their values;
 * the others to the general partition. Within a partition a branch is filed under its least likely
 * condition (its anchor), with the next least likely as a second check.
 */
export class Anchoring {
  private readonly general: Partition<BranchEntry>;
  private readonly partitions = new Map<string, Partition<BranchEntry>>();
  private partitionSlot: Slot | undefined;
  private rebalancing = false;

  constructor(
    private readonly tables: IndexTables<BranchEntry>,
    private readonly scanLimit: number,
  ) {
    this.general = new Partition(tables, scanLimit);
  }

  /**
   * Reports to `sink` what the current event (`epoch`) wakes: the general partition and its own, or the
   * one `known` from {@link partitionOf} (`null`: none).
   */
  consult(epoch: number, sink: Sink<BranchEntry>, known?: Partition<BranchEntry> | null): void {
    this.general.consult(epoch, sink);
    if (known !== undefined) {
      if (known !== null) known.consult(epoch, sink);
      return;
    }
    const key = this.partitionSlot;
    if (key === undefined || key.epoch !== epoch) return;
    for (let i = 0; i < key.count; i++) {
      const value = key.values[i];
      const partition = typeof value === 'string' ? this.partitions.get(value) : undefined;
      if (partition !== undefined && partition.stamp !== epoch) partition.consult(epoch, sink);
    }
  }

  /**
   * The partition an event from `JSON.parse` goes to, read from the event itself: `null` when it goes to
   * none but the general one, `undefined` when the partition field is not one string or sits under an
   * array (then every path is walked and {@link consult} decides).
   */
  partitionOf(event: object): Partition<BranchEntry> | null | undefined {
    const key = this.partitionSlot;
    if (key === undefined) return null;
    let value: unknown = event;
    for (const name of key.names) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
      value = (value as Record<string, unknown>)[name];
    }
    if (typeof value === 'string') return this.partitions.get(value) ?? null;
    return value === undefined ? null : undefined;
  }

  /** The partition field, if there is one. */
  get field(): Slot | undefined {
    return this.partitionSlot;
  }

  /**
   * The paths an event going to `partition` (`null`: to none) needs: the partition's, the general
   * partition's and the partition field. Made again when one of those sets has changed.
   */
  scopeOf(partition: Partition<BranchEntry> | null, trie: PathTrie): ReadScope {
    const owner = partition ?? this.general;
    const general = this.general.version;
    const made = owner.scope;
    if (
      made !== undefined &&
      made.version === owner.version &&
      made.general === general &&
      made.key === this.partitionSlot
    ) {
      return made;
    }
    const wanted = new Set(this.general.paths.keys());
    if (partition !== null) for (const slot of partition.paths.keys()) wanted.add(slot);
    if (this.partitionSlot !== undefined) wanted.add(this.partitionSlot);
    return (owner.scope = new ReadScope(trie, wanted, owner.version, general, this.partitionSlot));
  }

  /**
   * The scope of the partition named by the value the current event (`epoch`) has on the partition
   * field, if it has exactly one (several values consult several partitions: everything is read then).
   */
  scopeOfRecorded(epoch: number, trie: PathTrie): ReadScope | undefined {
    const key = this.partitionSlot;
    if (key === undefined || key.epoch !== epoch || key.count !== 1) return undefined;
    const value = key.values[0];
    if (typeof value !== 'string') return undefined;
    return this.scopeOf(this.partitions.get(value) ?? null, trie);
  }

  /** A slot is gone from the index: it can no longer be the partition field. */
  forget(slot: Slot): void {
    if (slot === this.partitionSlot) this.partitionSlot = undefined;
  }

  /** Re-chooses the partition field and every anchor, with what the rules and `events` seen now say. */
  rebalance(branches: readonly BranchEntry[], events: number): void {
    // Partitions are kept while their branches are filed again: what they observed is used to file them.
    this.rebalancing = true;
    for (const branch of branches) this.detach(branch);
    this.partitionSlot = choosePartitionField(branches);
    // Filed partition by partition, so that what one event consults was allocated together.
    const byKey = new Map<string, BranchEntry[]>();
    for (const branch of branches) {
      const key = this.keyEntry(branch);
      const first = key === undefined ? '' : ((partitionKeys(key) as readonly string[])[0] ?? '');
      const list = byKey.get(first);
      if (list) list.push(branch);
      else byKey.set(first, [branch]);
    }
    for (const list of byKey.values()) for (const branch of list) this.attach(branch, events);
    this.rebalancing = false;
    for (const partition of [...this.partitions.values()]) this.dropIfEmpty(partition);
  }

  attach(branch: BranchEntry, events: number): void {
    const keyEntry = this.keyEntry(branch);
    const keys = keyEntry === undefined ? undefined : (partitionKeys(keyEntry) as readonly string[]);
    const targets = keys === undefined ? [this.general] : [...new Set(keys.map((k) => this.partitionFor(k)))];
    const costs = new Map<ConditionEntry, number>();
    for (const entry of branch.conditions) {
      let cost = 0;
      for (const m of entry.condition.matchers) cost += anchorCost(entry.slot, m, events);
      // A condition every event of the branch's partitions has met so far filters nothing there.
      if (targets.every((p) => holdsThroughout(p, entry))) cost = 1;
      costs.set(entry, entry.condition.absent ? 2 : Math.min(1, cost));
    }
    const ranked = [...branch.conditions].sort((a, b) => (costs.get(a) as number) - (costs.get(b) as number));
    const usable = ranked.filter((e) => e !== keyEntry && !e.condition.absent);
    const best = usable[0];
    const next = usable[1];
    const second: SecondCheck | undefined =
      next !== undefined && (costs.get(next) as number) < 0.5
        ? { slot: next.slot, check: next.check }
        : undefined;
    const proven = [keyEntry, second === undefined ? undefined : next];
    if (best !== undefined && best.condition.matchers.every(firesOnlyOnMatch)) proven.push(best);
    branch.proven = proven.filter((e): e is ConditionEntry => e !== undefined);
    branch.provenSlots = branch.proven.map((e) => e.slot);
    branch.checkOrder = ranked.filter((e) => !branch.proven.includes(e));
    // The partition value is known to be there when a branch is scanned: it is checked last.
    branch.scanOrder = [
      ...ranked.filter((e) => e !== keyEntry),
      ...(keyEntry === undefined ? [] : [keyEntry]),
    ];
    branch.filedIn = targets;
    const slots = branch.conditions.map((e) => e.slot);
    for (const partition of targets) {
      partition.track(branch, slots, 1);
      if (best === undefined) {
        partition.always.push(branch);
        branch.alwaysIn.push(partition);
        continue;
      }
      const table = partition.table(best.slot);
      for (const m of best.condition.matchers) {
        branch.attachments.push({
          partition,
          table,
          anchor: table.addAnchor(branch, m, best.condition.mode.ip, second),
        });
      }
    }
  }

  /** The branch's condition on the partition field, if it fixes it to exact strings. */
  private keyEntry(branch: BranchEntry): ConditionEntry | undefined {
    return branch.conditions.find((e) => e.slot === this.partitionSlot && partitionKeys(e) !== undefined);
  }

  detach(branch: BranchEntry): void {
    for (const { partition, table, anchor } of branch.attachments) {
      table.removeAnchor(anchor);
      partition.release(table);
      this.dropIfEmpty(partition);
    }
    for (const partition of branch.alwaysIn) {
      const at = partition.always.indexOf(branch);
      if (at >= 0) partition.always.splice(at, 1);
      this.dropIfEmpty(partition);
    }
    const slots = branch.conditions.map((e) => e.slot);
    for (const partition of branch.filedIn) {
      partition.track(branch, slots, -1);
      this.dropIfEmpty(partition);
    }
    branch.attachments = [];
    branch.alwaysIn = [];
    branch.filedIn = [];
  }

  private partitionFor(key: string): Partition<BranchEntry> {
    let partition = this.partitions.get(key);
    if (!partition) this.partitions.set(key, (partition = new Partition(this.tables, this.scanLimit, key)));
    return partition;
  }

  private dropIfEmpty(partition: Partition<BranchEntry>): void {
    if (!this.rebalancing && partition.key !== undefined && partition.empty)
      this.partitions.delete(partition.key);
  }
}

/** Whether the events of a partition seen so far all had one value on the condition's path, and it passes. */
function holdsThroughout(partition: Partition<BranchEntry>, entry: ConditionEntry): boolean {
  const value = partition.fixedValue(entry.slot);
  return value !== undefined && passesCheck(entry.check, value);
}

/** The string values a condition requires, when it can key a partition (an exact list of strings). */
function partitionKeys(entry: ConditionEntry): readonly string[] | undefined {
  if (entry.condition.absent) return undefined;
  const check = entry.check;
  if (check.kind === 'one') return [check.value];
  if (check.kind === 'set') return [...check.values];
  return undefined;
}

/** The field most branches fix to a few exact strings (with at least two distinct), if half of them do. */
function choosePartitionField(branches: readonly BranchEntry[]): Slot | undefined {
  const stats = new Map<Slot, { branches: number; keys: Set<string> }>();
  for (const branch of branches) {
    for (const entry of branch.conditions) {
      const keys = partitionKeys(entry);
      if (keys === undefined) continue;
      let s = stats.get(entry.slot);
      if (!s) stats.set(entry.slot, (s = { branches: 0, keys: new Set() }));
      s.branches++;
      for (const k of keys) s.keys.add(k);
    }
  }
  let best: Slot | undefined;
  let bestScore = 0;
  for (const [slot, s] of stats) {
    if (s.branches * 2 < branches.length || s.keys.size < 2) continue;
    const score = s.branches * Math.log(s.keys.size);
    if (score > bestScore) {
      best = slot;
      bestScore = score;
    }
  }
  return best;
}
