import { type ValueCheck } from './evaluate';
import { type KeyTable, type Keyed, newSalt, stringHash } from './key-table';
import { type EventValue, type Matcher, matchValue } from './matchers';

/** The values one event has on one path (kept by a slot of the index while the event is matched). */
export interface ValueSlot {
  readonly epoch: number;
  readonly count: number;
  readonly values: readonly EventValue[];
  /** The {@link stringHash} of the `i`th value. */
  hashAt(i: number): number;
}

/**
 * A condition on another path that the branch also needs, checked once the event's fields are all
 * read: a cheap filter that spares waking the branch for most near misses.
 */
export interface SecondCheck {
  readonly slot: ValueSlot;
  readonly check: ValueCheck;
}

/**
 * A matcher registered as the entry point ("anchor") of a rule branch: when an event value satisfies
 * it (and the second check holds), the branch becomes a candidate and is then checked in full.
 */
export interface Anchor<B> {
  readonly branch: B;
  readonly matcher: Matcher;
  readonly second: SecondCheck | undefined;
  /** The branch's field is in IP mode: IP-literal strings are addresses, not strings. */
  readonly ipMode: boolean;
  /** The bucket only narrows the search: the matcher must still be tested. */
  readonly verify: boolean;
}

/**
 * Anchors of one bucket that share a second path and need one of a few exact values there, keyed by
 * those values (strings in the index's {@link KeyTable} under the group's salt, other values in `byKey`):
 * after the walk, one lookup per value of the event finds the branches to wake.
 */
export interface Group<B> {
  readonly slot: ValueSlot;
  readonly salt: number;
  readonly byKey: Map<unknown, B[]>;
  /** Keys in the table or in `byKey`; the group is dropped at zero. */
  keys: number;
  /** Epoch of the last event that queued this group. */
  stamp: number;
}

/** The branches of the anchors of a group that need one string value on the second path. */
export class GroupEntry<B> implements Keyed<GroupEntry<B>> {
  readonly branches: B[] = [];
  next: GroupEntry<B> | undefined = undefined;

  constructor(
    readonly key: string,
    readonly salt: number,
  ) {}
}

/** The string-keyed tables of an index (see {@link KeyTable}). */
export interface IndexTables<B> {
  readonly buckets: KeyTable<Bucket<B>>;
  readonly groups: KeyTable<GroupEntry<B>>;
}

/** Where a bucket reports what fires. */
export interface Sink<B> {
  readonly hit: (anchor: Anchor<B>) => void;
  readonly hitGroup: (group: Group<B>) => void;
  /** Makes a branch a candidate (once per event). */
  readonly wake: (branch: B) => void;
  /** Checks a branch of a scanned partition (nothing about it is known yet). */
  readonly scan: (branch: B) => void;
}

/**
 * The anchors filed under one key (one exact value, one prefix…): under `key` and `salt` in the index's
 * {@link KeyTable} for string keys, or in a map of the table of anchors for others.
 */
export class Bucket<B> implements Keyed<Bucket<B>> {
  /** Anchors to test or with a second check to make. */
  readonly anchors: Anchor<B>[] = [];
  /** The branches of the other anchors: the key alone proves them (one object less to read per hit). */
  readonly direct: B[] = [];
  readonly groups: Group<B>[] = [];
  next: Bucket<B> | undefined = undefined;

  constructor(
    readonly key = '',
    readonly salt = 0,
  ) {}

  get empty(): boolean {
    return this.anchors.length === 0 && this.direct.length === 0 && this.groups.length === 0;
  }

  add(anchor: Anchor<B>, tables: IndexTables<B>): void {
    const keys = groupKeys(anchor);
    if (keys === undefined) {
      if (isDirect(anchor)) this.direct.push(anchor.branch);
      else this.anchors.push(anchor);
      return;
    }
    const slot = (anchor.second as SecondCheck).slot;
    let group = this.groups.find((g) => g.slot === slot);
    if (!group) this.groups.push((group = { slot, salt: newSalt(), byKey: new Map(), keys: 0, stamp: 0 }));
    for (const key of keys) {
      let list: B[] | undefined;
      if (typeof key === 'string') {
        const hash = stringHash(key);
        let entry = tables.groups.find(hash, group.salt, key);
        if (!entry) {
          tables.groups.add(hash, (entry = new GroupEntry(key, group.salt)));
          group.keys++;
        }
        list = entry.branches;
      } else {
        list = group.byKey.get(key);
        if (!list) {
          group.byKey.set(key, (list = []));
          group.keys++;
        }
      }
      list.push(anchor.branch);
    }
  }

  remove(anchor: Anchor<B>, tables: IndexTables<B>): void {
    const keys = groupKeys(anchor);
    if (keys === undefined) {
      if (isDirect(anchor)) removeItem(this.direct, anchor.branch);
      else removeItem(this.anchors, anchor);
      return;
    }
    const slot = (anchor.second as SecondCheck).slot;
    const group = this.groups.find((g) => g.slot === slot);
    if (!group) return;
    for (const key of keys) {
      if (typeof key === 'string') {
        const hash = stringHash(key);
        const entry = tables.groups.find(hash, group.salt, key);
        if (!entry) continue;
        removeItem(entry.branches, anchor.branch);
        if (entry.branches.length > 0) continue;
        tables.groups.delete(hash, entry);
      } else {
        const list = group.byKey.get(key);
        if (!list) continue;
        removeItem(list, anchor.branch);
        if (list.length > 0) continue;
        group.byKey.delete(key);
      }
      group.keys--;
    }
    if (group.keys === 0) removeItem(this.groups, group);
  }

  /** Reports the anchors `value` satisfies; `hex` is its IP form for fields in IP mode. */
  fire(value: EventValue, hex: string | undefined, sink: Sink<B>): void {
    for (const branch of this.direct) sink.wake(branch);
    for (const a of this.anchors) {
      if (
        a.verify ? matchValue(a.matcher, value, a.ipMode ? hex : undefined) : !(a.ipMode && hex !== undefined)
      ) {
        sink.hit(a);
      }
    }
    for (const g of this.groups) sink.hitGroup(g);
  }
}

/** Whether the bucket's key proves an anchor: nothing to test, no second check, not in IP mode. */
function isDirect(anchor: Anchor<unknown>): boolean {
  return !anchor.verify && !anchor.ipMode && anchor.second === undefined;
}

/** The exact values an anchor's second check needs, if the anchor can join a group. */
function groupKeys(anchor: Anchor<unknown>): readonly unknown[] | undefined {
  const second = anchor.second;
  if (second === undefined || anchor.verify || anchor.ipMode) return undefined;
  const check = second.check;
  if (check.kind === 'one') return [check.value];
  if (check.kind === 'set') return [...check.values];
  if (check.kind === 'matcher' && check.matcher.kind === 'number' && check.matcher.value !== undefined) {
    return [check.matcher.value];
  }
  return undefined;
}

export function removeItem<A>(list: A[], item: A): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}
