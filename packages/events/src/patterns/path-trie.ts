import { type EventValue } from './matchers';
import { JsonNumber } from './numbers';
import { Slot } from './slot';

/** One key of an indexed path. */
export class PathNode {
  readonly children = new Map<string, PathNode>();
  slot: Slot | undefined = undefined;

  constructor(readonly name: string) {}

  child(name: string): PathNode {
    let child = this.children.get(name);
    if (!child) this.children.set(name, (child = new PathNode(name)));
    return child;
  }
}

/**
 * The field paths indexed rules test, as a tree of keys, and the walk that records an event's values on
 * those paths (and skips everything else). Keys are joined with dots as event-ruler joins them: an event
 * key `"a.b"` reaches the same path as `{"a": {"b": …}}`.
 */
export class PathTrie {
  readonly root = new PathNode('');
  private epoch = 0;
  private checkNumbers = false;
  /** Set by {@link walk} when a number JSON.parse may have rounded sits on an indexed path. */
  roundedNumber = false;
  /** Set when some value recorded for the current event sat inside an array element (see {@link Slot.inArray}). */
  sawArrayValue = false;

  /** The slot of a path, created (with its tree nodes) if needed. */
  slotFor(path: string): Slot {
    let node = this.root;
    for (const part of path.split('.')) node = node.child(part);
    return (node.slot ??= new Slot(path));
  }

  /** Removes a path's slot and the tree nodes that lead nowhere else. */
  drop(path: string): void {
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

  /**
   * Records the event's values into the slots of their paths, for `epoch`. With `checkNumbers` (events
   * from JSON.parse), notes integers beyond 2^53 in {@link roundedNumber}: their digits may be lost.
   */
  walk(event: object, epoch: number, checkNumbers = false): void {
    this.start(epoch, checkNumbers);
    if (this.root.children.size > 0) this.walkObject(this.root, event as Record<string, unknown>, 0);
  }

  /** Prepares {@link leaf} and {@link visit} for one event (the compiled walker calls them too). */
  start(epoch: number, checkNumbers: boolean): void {
    this.epoch = epoch;
    this.checkNumbers = checkNumbers;
    this.roundedNumber = false;
    this.sawArrayValue = false;
  }

  private walkObject(node: PathNode, object: Record<string, unknown>, depth: number): void {
    const children = node.children;
    for (const key in object) {
      const child = children.get(key);
      if (child !== undefined) this.visit(child, object[key], depth);
      else if (key.indexOf('.') >= 0) this.visitDotted(node, key, object[key], depth);
    }
  }

  private visitDotted(node: PathNode, key: string, value: unknown, depth: number): void {
    let target: PathNode | undefined = node;
    for (const part of key.split('.')) {
      target = target.children.get(part);
      if (target === undefined) return;
    }
    this.visit(target, value, depth);
  }

  /** Values inside an object or array that is an array element get `depth > 0` (array consistency). */
  visit(node: PathNode, value: unknown, depth: number): void {
    if (typeof value !== 'object' || value === null) {
      if (node.slot !== undefined) this.leaf(node.slot, value, depth);
    } else if (Array.isArray(value)) {
      for (const element of value) {
        if (typeof element === 'object' && element !== null && !(element instanceof JsonNumber)) {
          this.visit(node, element, depth + 1);
        } else if (node.slot !== undefined) {
          this.leaf(node.slot, element, depth);
        }
      }
    } else if (value instanceof JsonNumber) {
      if (node.slot !== undefined) this.leaf(node.slot, value, depth);
    } else if (node.children.size > 0) {
      this.walkObject(node, value as Record<string, unknown>, depth);
    }
  }

  leaf(slot: Slot, raw: unknown, depth: number): void {
    let value: EventValue;
    if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) value = null;
      else {
        value = raw;
        if (this.checkNumbers && !Number.isSafeInteger(raw) && Number.isInteger(raw))
          this.roundedNumber = true;
      }
    } else if (
      typeof raw === 'string' ||
      typeof raw === 'boolean' ||
      raw === null ||
      raw instanceof JsonNumber
    ) {
      value = raw;
    } else {
      return;
    }
    if (depth > 0) this.sawArrayValue = true;
    slot.record(this.epoch, value, depth > 0 ? 1 : 0);
  }
}
