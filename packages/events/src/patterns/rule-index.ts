import { ValidationError } from '../errors';
import { type Condition } from './compiler';
import { branchHolds, compileTest } from './evaluate';
import { flattenEvent, parseEventObject } from './event';
import { type EventValue } from './matchers';
import { JsonNumber } from './numbers';
import { type Anchor, Slot } from './slot';
import { compileValidated, type PatternLimits } from './validate';

interface RuleEntry {
  readonly id: string;
  readonly branches: BranchEntry[];
  /** Epoch of the last event this rule was reported for. */
  stamp: number;
}

interface ConditionEntry {
  readonly condition: Condition;
  readonly slot: Slot<BranchEntry>;
  /** Whether one value satisfies the condition: {@link conditionMatchesValue}, specialised. */
  readonly test: (value: EventValue) => boolean;
}

interface BranchEntry {
  readonly rule: RuleEntry;
  /** In path order (array consistency needs it); checked most selective first. */
  readonly conditions: readonly ConditionEntry[];
  checkOrder: readonly ConditionEntry[];
  anchors: Anchor<BranchEntry>[];
  anchorSlot: Slot<BranchEntry> | undefined;
  /** Epoch of the last event that made this branch a candidate. */
  stamp: number;
}

interface PathNode {
  readonly children: Map<string, PathNode>;
  slot: Slot<BranchEntry> | undefined;
}

/**
 * Many event patterns, matched together: what a bus routes with. Each rule branch is filed under one
 * selective value of one field (its anchor: an exact value, a prefix, a numeric range…); an event walks
 * only the fields some rule tests, collects the branches whose anchor it satisfies, and checks just those
 * in full. The cost per event depends on the event and on how many rules it nearly matches, not on the
 * number of rules. Answers are exactly those of {@link compilePattern} for each rule alone.
 *
 * @example
 * const index = new RuleIndex();
 * index.add('orders', { source: ['myapp.orders'] });
 * index.add('big-orders', { source: ['myapp.orders'], detail: { total: [{ numeric: ['>', 100] }] } });
 * index.matches({ source: 'myapp.orders', detail: { total: 250 } }); // ['orders', 'big-orders'] (any order)
 */
export class RuleIndex {
  private readonly rules = new Map<string, RuleEntry>();
  private readonly root: PathNode = { children: new Map(), slot: undefined };
  private readonly always: BranchEntry[] = [];
  private branchCount = 0;
  private rebalanceAt = 64;
  private learnAt = 512;
  private epoch = 0;
  private readonly candidates: BranchEntry[] = [];
  private event: object = {};
  /** Set while matching parsed JSON: a number JSON.parse may have rounded was seen on a tested path. */
  private roundedNumber = false;
  private checkNumbers = false;
  private readonly hit = (branch: BranchEntry): void => {
    if (branch.stamp !== this.epoch) {
      branch.stamp = this.epoch;
      this.candidates.push(branch);
    }
  };

  constructor(private readonly limits?: PatternLimits) {}

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
    const compiled = compileValidated(pattern, this.limits);
    this.remove(ruleId);
    const rule: RuleEntry = { id: ruleId, branches: [], stamp: 0 };
    for (const conditions of compiled.branches) {
      const entries = conditions.map((condition) => {
        const slot = this.slotFor(condition.path);
        slot.refs++;
        for (const m of condition.matchers) slot.stats.count(m, 1);
        return { condition, slot, test: compileTest(condition) };
      });
      const branch: BranchEntry = {
        rule,
        conditions: entries,
        checkOrder: entries,
        anchors: [],
        anchorSlot: undefined,
        stamp: 0,
      };
      rule.branches.push(branch);
      this.attach(branch);
      this.branchCount++;
    }
    this.rules.set(ruleId, rule);
    if (this.branchCount >= this.rebalanceAt) this.rebalance();
  }

  /** Removes a rule; returns whether it was there. */
  remove(ruleId: string): boolean {
    const rule = this.rules.get(ruleId);
    if (!rule) return false;
    this.rules.delete(ruleId);
    for (const branch of rule.branches) {
      this.detach(branch);
      this.branchCount--;
      for (const { condition, slot } of branch.conditions) {
        for (const m of condition.matchers) slot.stats.count(m, -1);
        slot.refs--;
        if (slot.refs === 0) this.dropSlot(condition.path);
      }
    }
    return true;
  }

  /**
   * Ids of the rules that match a parsed event (a JSON object), in no particular order.
   * Numbers are taken as JavaScript holds them; see {@link matchesJson} for events as JSON text.
   */
  matches(event: object): string[] {
    this.checkNumbers = false;
    return this.run(event);
  }

  /**
   * Ids of the rules that match an event given as JSON text. An integer beyond 2^53 on a tested path
   * makes it re-read the text exactly, as AWS compares such numbers by their digits.
   * Throws {@link ValidationError} if the text is not a JSON object.
   */
  matchesJson(json: string): string[] {
    let event: unknown;
    try {
      event = JSON.parse(json);
    } catch {
      event = undefined;
    }
    if (event === null || typeof event !== 'object' || Array.isArray(event)) {
      throw new ValidationError('Parameter Event is not valid.', 'The event must be the JSON text of an object.');
    }
    this.checkNumbers = true;
    this.roundedNumber = false;
    const result = this.run(event);
    if (!this.roundedNumber) return result;
    this.checkNumbers = false;
    return this.run(parseEventObject(json));
  }

  private run(event: object): string[] {
    const epoch = ++this.epoch;
    // Once events have shown which fields they carry, anchors are chosen again with that knowledge.
    if (epoch === this.learnAt) {
      this.learnAt *= 16;
      this.rebalance();
    }
    this.event = event;
    this.candidates.length = 0;
    if (this.root.children.size > 0) this.walk(this.root, event as Record<string, unknown>, 0);
    for (const branch of this.always) this.hit(branch);
    const out: string[] = [];
    for (const branch of this.candidates) {
      const rule = branch.rule;
      if (rule.stamp !== epoch && this.verify(branch, epoch)) {
        rule.stamp = epoch;
        out.push(rule.id);
      }
    }
    return out;
  }

  private walk(node: PathNode, object: Record<string, unknown>, depth: number): void {
    const children = node.children;
    for (const key in object) {
      const child = children.get(key);
      if (child !== undefined) this.visit(child, object[key], depth);
      else if (key.indexOf('.') >= 0) this.visitDotted(node, key, object[key], depth);
    }
  }

  /** A key with dots is the same path as nested keys (`{"a.b": 1}` is `a.b`, as event-ruler joins keys). */
  private visitDotted(node: PathNode, key: string, value: unknown, depth: number): void {
    let target: PathNode | undefined = node;
    for (const part of key.split('.')) {
      target = target.children.get(part);
      if (target === undefined) return;
    }
    this.visit(target, value, depth);
  }

  private visit(node: PathNode, value: unknown, depth: number): void {
    if (value !== null && typeof value === 'object' && !(value instanceof JsonNumber)) {
      if (Array.isArray(value)) {
        for (const element of value) {
          if (element !== null && typeof element === 'object' && !(element instanceof JsonNumber)) {
            this.visit(node, element, depth + 1);
          } else if (node.slot !== undefined) {
            this.leaf(node.slot, element, depth);
          }
        }
      } else if (node.children.size > 0) {
        this.walk(node, value as Record<string, unknown>, depth);
      }
    } else if (node.slot !== undefined) {
      this.leaf(node.slot, value, depth);
    }
  }

  private leaf(slot: Slot<BranchEntry>, raw: unknown, depth: number): void {
    let value: EventValue;
    if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) value = null;
      else {
        value = raw;
        if (this.checkNumbers && !Number.isSafeInteger(raw) && Number.isInteger(raw)) this.roundedNumber = true;
      }
    } else if (typeof raw === 'string' || typeof raw === 'boolean' || raw === null || raw instanceof JsonNumber) {
      value = raw;
    } else {
      return;
    }
    slot.record(this.epoch, value, depth > 0 ? 1 : 0);
    slot.fire(value, this.hit);
  }

  /**
   * Checks a candidate branch against the values recorded for its fields. Values from arrays of objects
   * can break event-ruler's array consistency (two fields from different elements); when that is
   * possible, the branch is decided by the reference evaluation on the event itself.
   */
  private verify(branch: BranchEntry, epoch: number): boolean {
    let inArrayOnly = 0;
    let uncertain = false;
    for (const { condition, slot, test } of branch.checkOrder) {
      const count = slot.epoch === epoch ? slot.count : 0;
      let outside = false;
      let inside = false;
      let allInside = count > 0;
      for (let i = 0; i < count; i++) {
        const isInside = slot.inArray[i] === 1;
        if (!isInside) allInside = false;
        if ((isInside ? !inside : true) && test(slot.values[i] as EventValue)) {
          if (isInside) inside = true;
          else {
            outside = true;
            break;
          }
        }
      }
      if (outside) continue;
      if (inside) {
        inArrayOnly++;
        continue;
      }
      if (!condition.absent) return false;
      if (count === 0) continue;
      if (!allInside) return false;
      uncertain = true;
    }
    if (!uncertain && inArrayOnly < 2) return true;
    const conditions = branch.conditions.map((c) => c.condition);
    return branchHolds(conditions, flattenEvent(this.event, conditions.map((c) => c.path)));
  }

  /** Files the branch under its least likely condition (see {@link PathStats}). */
  private attach(branch: BranchEntry): void {
    let best: ConditionEntry | undefined;
    let bestCost = Infinity;
    const costs = new Map<ConditionEntry, number>();
    for (const entry of branch.conditions) {
      let cost = 0;
      for (const m of entry.condition.matchers) cost += entry.slot.cost(m, this.epoch);
      costs.set(entry, entry.condition.absent ? 1 : Math.min(1, cost));
      if (entry.condition.absent) continue;
      if (cost < bestCost) {
        best = entry;
        bestCost = cost;
      }
    }
    branch.checkOrder = [...branch.conditions].sort((a, b) => (costs.get(a) as number) - (costs.get(b) as number));
    if (best === undefined) {
      this.always.push(branch);
      return;
    }
    const { condition, slot } = best;
    branch.anchorSlot = slot;
    branch.anchors = condition.matchers.map((m) => slot.addAnchor(branch, m, condition.mode.ip));
  }

  private detach(branch: BranchEntry): void {
    if (branch.anchorSlot === undefined) {
      const at = this.always.indexOf(branch);
      if (at >= 0) this.always.splice(at, 1);
      return;
    }
    for (const anchor of branch.anchors) branch.anchorSlot.removeAnchor(anchor);
    branch.anchors = [];
    branch.anchorSlot = undefined;
  }

  /** Anchors chosen early were chosen on little information: re-choose them all as the index doubles. */
  private rebalance(): void {
    this.rebalanceAt = this.branchCount * 2;
    const branches = [...this.rules.values()].flatMap((r) => r.branches);
    for (const branch of branches) this.detach(branch);
    for (const branch of branches) this.attach(branch);
  }

  private slotFor(path: string): Slot<BranchEntry> {
    let node = this.root;
    for (const part of path.split('.')) {
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = { children: new Map(), slot: undefined }));
      node = child;
    }
    return (node.slot ??= new Slot(path));
  }

  private dropSlot(path: string): void {
    const trail: [PathNode, string][] = [];
    let node = this.root;
    for (const part of path.split('.')) {
      const child = node.children.get(part);
      if (!child) return;
      trail.push([node, part]);
      node = child;
    }
    node.slot = undefined;
    for (let i = trail.length - 1; i >= 0; i--) {
      const [parent, part] = trail[i] as [PathNode, string];
      const child = parent.children.get(part) as PathNode;
      if (child.slot !== undefined || child.children.size > 0) break;
      parent.children.delete(part);
    }
  }
}
