import { type AnchorTable } from './anchor-table';
import { type Anchor } from './bucket';
import { type Condition } from './compiler';
import { type ValueCheck } from './evaluate';
import { type Partition } from './partition';
import { type Slot } from './slot';

/** One rule of a {@link RuleIndex}: its id and its `$or` branches. */
export interface RuleEntry {
  readonly id: string;
  readonly branches: BranchEntry[];
  /** Epoch of the last event this rule was reported for. */
  stamp: number;
}

/** One condition of a branch, with the slot of its path. */
export interface ConditionEntry {
  readonly condition: Condition;
  readonly slot: Slot;
  /** Whether one value satisfies the condition: {@link conditionMatchesValue}, prepared. */
  readonly check: ValueCheck;
}

/** Where a branch is filed: one anchor in one table of one partition. */
export interface Attachment {
  readonly partition: Partition<BranchEntry>;
  readonly table: AnchorTable<BranchEntry>;
  readonly anchor: Anchor<BranchEntry>;
}

export interface BranchEntry {
  readonly rule: RuleEntry;
  /** In path order (array consistency needs it). */
  readonly conditions: readonly ConditionEntry[];
  /** The same, most selective first, without those the wake-up already proved (see {@link proven}). */
  checkOrder: readonly ConditionEntry[];
  /**
   * Conditions a branch's wake-up proves hold for some value: its anchor, its second check and its
   * partition value. They are skipped unless array consistency could matter (values in arrays).
   */
  proven: readonly ConditionEntry[];
  /** Their slots (read for every candidate: one object less to reach per condition). */
  provenSlots: readonly Slot[];
  /** All conditions, the most selective first: the order a scanned partition checks them in. */
  scanOrder: readonly ConditionEntry[];
  attachments: Attachment[];
  alwaysIn: Partition<BranchEntry>[];
  /** The partitions the branch is filed in. */
  filedIn: Partition<BranchEntry>[];
  /** Epoch of the last event that made this branch a candidate. */
  stamp: number;
}
