import { Anchoring } from './anchoring';
import { type BranchEntry, type ConditionEntry, type RuleEntry } from './branches';
import { checkBranch, secondHolds } from './candidates';
import { type Anchor, type Group, type IndexTables, type SecondCheck, type Sink } from './bucket';
import { CompiledWalker, hasDottedKey } from './compiled-walk';
import { prepareCheck, type ValueCheck } from './evaluate';
import { parseEventObject } from './event';
import { EventScanner } from './event-scanner';
import { KeyTable } from './key-table';
import { type Partition } from './partition';
import { PathTrie } from './path-trie';
import { Pool, StringPool } from './string-pool';
import { compileValidated, type PatternLimits } from './validate';

/** Options of a {@link RuleIndex}: the limits it enforces on patterns, and a tuning knob. */
export interface RuleIndexOptions extends PatternLimits {
  /**
   * Partitions (rules sharing one value of the field most rules fix, such as `detail-type`) of at most
   * this many rule branches are checked branch by branch instead of through the index: cheaper when
   * they are few. 0 always uses the index.
   * @default 16
   */
  readonly scanLimit?: number;
}

/**
 * Many event patterns, matched together: what a bus routes with. Rules are partitioned by the field most
 * of them fix (typically `detail-type`), and within a partition each rule branch is filed under its most
 * selective condition (an exact value, a prefix, a numeric range…) with a second condition as a filter;
 * string keys of all partitions share one hashed table (see `KeyTable`). An event reads only the fields
 * its partition's rules test, and fully checks only the few branches that pass both filters: its cost
 * grows with how many rules it nearly matches, not with the number of rules (a partition of a handful of
 * branches is simply checked branch by branch: see {@link RuleIndexOptions.scanLimit}). Selectivity is
 * learnt from the rules and from the first events, and the anchors chosen again as rules are added.
 * Answers are exactly those of {@link compilePattern} for each rule alone.
 *
 * @example
 * const index = new RuleIndex();
 * index.add('orders', { source: ['myapp.orders'] });
 * index.add('big-orders', { source: ['myapp.orders'], detail: { total: [{ numeric: ['>', 100] }] } });
 * index.matches({ source: 'myapp.orders', detail: { total: 250 } }); // ['orders', 'big-orders'] (any order)
 */
export class RuleIndex implements Sink<BranchEntry> {
  private readonly rules = new Map<string, RuleEntry>();
  private readonly trie = new PathTrie();
  private readonly strings = new StringPool();
  private readonly intern = (text: string): string => this.strings.intern(text);
  /** Checks that a field is one string, shared by the rules that make the same one (such as `source`). */
  private readonly checks = new Pool<ValueCheck>();
  /** Walks every indexed path, for events whose partition cannot be read directly; made on demand. */
  private fullWalker: CompiledWalker | undefined;
  private readonly tables: IndexTables<BranchEntry> = { buckets: new KeyTable(), groups: new KeyTable() };
  private readonly anchoring: Anchoring;
  private branchCount = 0;
  /** Anchors are re-chosen (at the next event) once the rules have doubled since they were last chosen. */
  private rebalanceAt = 64;
  private stale = false;
  private learnAt = 1024;
  private epoch = 0;
  /** The event being matched (for the rare exact check of array consistency), parsed on demand. */
  private event: object | undefined = undefined;
  private eventText = '';
  private readonly eventObject = (): object => (this.event ??= JSON.parse(this.eventText) as object);
  private readonly scanner = new EventScanner(this.trie, () =>
    this.anchoring.scopeOfRecorded(this.epoch, this.trie),
  );
  private readonly candidates: BranchEntry[] = [];
  /** Anchors (and groups of anchors) hit whose second condition is checked once all anchors have fired. */
  private readonly pending: Anchor<BranchEntry>[] = [];
  private readonly pendingGroups: Group<BranchEntry>[] = [];

  // The Sink the partitions report to (arrow functions: passed around without binding).
  readonly hit = (anchor: Anchor<BranchEntry>): void => {
    if (anchor.branch.stamp === this.epoch) return;
    if (anchor.second === undefined) this.wake(anchor.branch);
    else this.pending.push(anchor);
  };

  readonly hitGroup = (group: Group<BranchEntry>): void => {
    if (group.stamp === this.epoch) return;
    group.stamp = this.epoch;
    this.pendingGroups.push(group);
  };

  readonly wake = (branch: BranchEntry): void => {
    if (branch.stamp === this.epoch) return;
    branch.stamp = this.epoch;
    this.candidates.push(branch);
  };

  /** The answer being built for the current event (scanned partitions add to it directly). */
  private out: string[] = [];

  readonly scan = (branch: BranchEntry): void => {
    const rule = branch.rule;
    const epoch = this.epoch;
    if (rule.stamp === epoch) return;
    // Most branches fail their most selective condition: it is tried alone first, without the bookkeeping.
    const first = branch.scanOrder[0];
    if (first !== undefined && !first.condition.absent && !secondHolds(first, epoch)) return;
    if (checkBranch(branch, branch.scanOrder, epoch, this.eventObject)) {
      rule.stamp = epoch;
      this.out.push(rule.id);
    }
  };

  constructor(private readonly options: RuleIndexOptions = {}) {
    this.anchoring = new Anchoring(this.tables, options.scanLimit ?? 16);
  }

  /** Number of rules. */
  get size(): number {
    return this.rules.size;
  }

  has(ruleId: string): boolean {
    return this.rules.has(ruleId);
  }

  /**
   * Adds a rule, or replaces the rule of the same id. Throws {@link InvalidEventPatternError} (and leaves
   * the index unchanged) if AWS would refuse the pattern.
   */
  add(ruleId: string, pattern: string | object): void {
    const compiled = compileValidated(pattern, this.options);
    this.remove(ruleId);
    const rule: RuleEntry = { id: ruleId, branches: [], stamp: 0 };
    for (const conditions of compiled.branches) {
      const entries: ConditionEntry[] = conditions.map((condition) => {
        const slot = this.trie.slotFor(condition.path);
        if (slot.refs++ === 0) this.fullWalker = undefined;
        for (const m of condition.matchers) slot.stats.count(m, 1);
        let check = prepareCheck(condition, this.intern);
        if (check.kind === 'one') check = this.checks.share(check.value, check);
        return { condition, slot, check };
      });
      const branch: BranchEntry = {
        rule,
        conditions: entries,
        checkOrder: entries,
        proven: [],
        provenSlots: [],
        scanOrder: entries,
        attachments: [],
        alwaysIn: [],
        filedIn: [],
        stamp: 0,
      };
      rule.branches.push(branch);
      this.anchoring.attach(branch, this.epoch);
      this.branchCount++;
    }
    this.rules.set(ruleId, rule);
    if (this.branchCount >= this.rebalanceAt) this.stale = true;
  }

  /** Removes a rule; returns whether it was there. */
  remove(ruleId: string): boolean {
    const rule = this.rules.get(ruleId);
    if (!rule) return false;
    this.rules.delete(ruleId);
    for (const branch of rule.branches) {
      this.anchoring.detach(branch);
      this.branchCount--;
      for (const { condition, slot, check } of branch.conditions) {
        if (check.kind === 'one') {
          this.strings.release(check.value);
          this.checks.release(check.value);
        }
        if (check.kind === 'set') for (const value of check.values) this.strings.release(value);
        for (const m of condition.matchers) slot.stats.count(m, -1);
        if (--slot.refs === 0) {
          this.trie.drop(condition.path);
          this.fullWalker = undefined;
          this.anchoring.forget(slot);
        }
      }
    }
    return true;
  }

  /**
   * Ids of the rules that match a parsed event (a JSON object), in no particular order.
   * Numbers are taken as JavaScript holds them (AWS compares digits a double cannot hold as written:
   * use {@link matchesJson} with the event's text for that).
   */
  matches(event: object): string[] {
    const epoch = this.begin(event);
    this.trie.walk(event, epoch);
    return this.finish(epoch);
  }

  /**
   * Ids of the rules that match an event given as JSON text, in no particular order. The text is read in
   * place when it is plain (see {@link EventScanner}), else parsed with `JSON.parse`, and only the fields
   * the rules test are read; an integer beyond 2^53 on a tested path makes it re-read the text exactly, as AWS
   * compares such numbers by their digits (a decimal written with more digits than a double holds, such
   * as `0.30000000000000001`, cannot be told from its double this way: {@link testEventPattern} reads it
   * exactly). Throws {@link ValidationError} if the text is not the JSON text of an object.
   */
  matchesJson(json: string): string[] {
    const scanned = this.begin(undefined, json);
    this.trie.start(scanned, true);
    if (this.scanner.record(json, this.anchoring.field)) {
      if (this.trie.roundedNumber) return this.matches(parseEventObject(json));
      return this.finish(scanned);
    }
    let event: unknown;
    try {
      event = JSON.parse(json);
    } catch {
      event = undefined;
    }
    if (event === null || typeof event !== 'object' || Array.isArray(event))
      return this.matches(parseEventObject(json));
    const epoch = this.begin(event);
    let partition: Partition<BranchEntry> | null | undefined;
    if (hasDottedKey(json)) this.trie.walk(event, epoch, true);
    else partition = this.walkParsed(event, epoch);
    if (this.trie.roundedNumber) return this.matches(parseEventObject(json));
    return this.finish(epoch, partition);
  }

  /** Records an event from `JSON.parse` with no dotted key, reading only the paths of its partition. */
  private walkParsed(event: object, epoch: number): Partition<BranchEntry> | null | undefined {
    this.trie.start(epoch, true);
    const partition = this.anchoring.partitionOf(event);
    const walker =
      partition === undefined
        ? (this.fullWalker ??= new CompiledWalker(this.trie))
        : this.anchoring.scopeOf(partition, this.trie).compiledWalker;
    walker.run(event);
    return partition;
  }

  /** Starts matching an event, given as an object or (`event` undefined) as the JSON `text` of one. */
  private begin(event: object | undefined, text = ''): number {
    const epoch = ++this.epoch;
    // Anchors are chosen again when the rules have grown, and once events have shown which fields they
    // carry and how often; lazily here, so that adding many rules costs one choice, not one per rule.
    // Twice: at 1,024 events and at 16,384 (rarer fields and partitions have shown up by then; the
    // samples are full after that, so choosing again would change nothing).
    const learning = epoch === this.learnAt;
    if (learning) this.learnAt = this.learnAt < 16384 ? this.learnAt * 16 : Infinity;
    if (this.stale || learning) this.rebalance();
    this.event = event;
    this.eventText = text;
    if (this.candidates.length > 0) this.candidates.length = 0;
    return epoch;
  }

  /** After the event's values are recorded: consults partitions, filters hits, verifies candidates. */
  private finish(epoch: number, partition?: Partition<BranchEntry> | null): string[] {
    const out: string[] = [];
    this.out = out;
    this.anchoring.consult(epoch, this, partition);
    for (const anchor of this.pending) {
      if (anchor.branch.stamp !== epoch && secondHolds(anchor.second as SecondCheck, epoch))
        this.wake(anchor.branch);
    }
    if (this.pending.length > 0) this.pending.length = 0;
    for (const group of this.pendingGroups) this.wakeGroup(group, epoch);
    if (this.pendingGroups.length > 0) this.pendingGroups.length = 0;
    for (const branch of this.candidates) {
      const rule = branch.rule;
      if (rule.stamp !== epoch && this.verify(branch, epoch)) {
        rule.stamp = epoch;
        out.push(rule.id);
      }
    }
    return out;
  }

  /** Wakes the anchors of a group whose second path has one of their values in this event. */
  private wakeGroup(group: Group<BranchEntry>, epoch: number): void {
    const slot = group.slot;
    if (slot.epoch !== epoch) return;
    const salt = group.salt;
    for (let i = 0; i < slot.count; i++) {
      const value = slot.values[i];
      if (typeof value === 'string') {
        for (let e = this.tables.groups.get(slot.hashAt(i), salt); e !== undefined; e = e.next) {
          if (e.salt === salt && e.key === value) for (const branch of e.branches) this.wake(branch);
        }
      } else if (group.byKey.size > 0) {
        const branches = group.byKey.get(value);
        if (branches !== undefined) for (const branch of branches) this.wake(branch);
      }
    }
  }

  private verify(branch: BranchEntry, epoch: number): boolean {
    if (this.trie.sawArrayValue)
      for (const slot of branch.provenSlots)
        if (slot.anyInArray) return checkBranch(branch, branch.conditions, epoch, this.eventObject);
    return checkBranch(branch, branch.checkOrder, epoch, this.eventObject);
  }

  /** Re-chooses every anchor: early choices were made on little information (few rules, no events). */
  private rebalance(): void {
    this.stale = false;
    this.rebalanceAt = Math.max(64, this.branchCount * 2);
    this.anchoring.rebalance(
      [...this.rules.values()].flatMap((r) => r.branches),
      this.epoch,
    );
  }
}
