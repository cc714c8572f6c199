import { type BranchEntry, type ConditionEntry } from './branches';
import { type SecondCheck } from './bucket';
import { branchHolds, passesCheck } from './evaluate';
import { flattenEvent } from './event';
import { type EventValue } from './matchers';

/**
 * Checks a candidate branch against the values recorded for its fields. Values from arrays of objects
 * can break event-ruler's array consistency (two fields from different elements); when that is
 * possible, the branch is decided by the reference evaluation on the event itself (`event` gives it).
 */
export function checkBranch(
  branch: BranchEntry,
  entries: readonly ConditionEntry[],
  epoch: number,
  event: () => object,
): boolean {
  let inArrayOnly = 0;
  let uncertain = false;
  for (const { condition, slot, check } of entries) {
    const count = slot.epoch === epoch ? slot.count : 0;
    let outside = false;
    let inside = false;
    let allInside = count > 0;
    for (let i = 0; i < count && !outside; i++) {
      const isInside = slot.inArray[i] === 1;
      if (!isInside) allInside = false;
      if ((!isInside || !inside) && passesCheck(check, slot.values[i] as EventValue)) {
        if (isInside) inside = true;
        else outside = true;
      }
    }
    if (outside) continue;
    if (inside) {
      inArrayOnly++;
      continue;
    }
    if (!condition.absent || (count > 0 && !allInside)) return false;
    if (count > 0) uncertain = true;
  }
  if (!uncertain && inArrayOnly < 2) return true;
  const conditions = branch.conditions.map((c) => c.condition);
  const paths = conditions.map((c) => c.path);
  return branchHolds(conditions, flattenEvent(event(), paths));
}

/** Whether some value the current event has on the second check's path satisfies it. */
export function secondHolds(second: SecondCheck, epoch: number): boolean {
  const slot = second.slot;
  if (slot.epoch !== epoch) return false;
  for (let i = 0; i < slot.count; i++)
    if (passesCheck(second.check, slot.values[i] as EventValue)) return true;
  return false;
}
