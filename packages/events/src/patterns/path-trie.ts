import { type EventValue } from './matchers';
import { JsonNumber } from './numbers';
import { Slot } from './slot';

/** One key of an indexed path. */
export class PathNode {
  /** Unique among the nodes of the trie, for masks of nodes (see {@link PathTrie.nodesOf}). */
  readonly id: number;
  readonly children = new Map<string, PathNode>();
  slot: Slot | undefined = undefined;
  /** Which object of the current event last reached this key (see {@link EventScanner}). */
  seen = 0;
  /** The children by {@link shapeOf} of their key (chained by {@link sameShape}); made on demand. */
  private byShape: (PathNode | undefined)[] | undefined = undefined;
  /** The next child of this node's parent with the same shape of key. */
  private sameShape: PathNode | undefined = undefined;
  /** The {@link lengthBit}s of the children's keys: a key of another length is no child. */
  keyLengths = 0;

  /** @param ids the trie's count of nodes made */
  constructor(
    readonly name: string,
    private readonly ids: { next: number },
  ) {
    this.id = ids.next++;
  }

  child(name: string): PathNode {
    let child = this.children.get(name);
    if (!child) {
      this.children.set(name, (child = new PathNode(name, this.ids)));
      this.byShape = undefined;
      this.keyLengths |= lengthBit(name.length);
    }
    return child;
  }

  removeChild(name: string): void {
    this.children.delete(name);
    this.byShape = undefined;
    this.keyLengths = 0;
    for (const child of this.children.values()) this.keyLengths |= lengthBit(child.name.length);
  }

  /**
   * The child whose key is `text` from `start` to `end`, found without making that substring (what
   * {@link EventScanner} reads keys with: most keys of an event are not children, and miss in one probe).
   */
  childIn(text: string, start: number, end: number): PathNode | undefined {
    const length = end - start;
    let child = (this.byShape ??= this.indexByShape())[shapeOf(text, start, length)];
    for (; child !== undefined; child = child.sameShape) {
      if (child.name.length === length && text.startsWith(child.name, start)) return child;
    }
    return undefined;
  }

  private indexByShape(): (PathNode | undefined)[] {
    const index = new Array<PathNode | undefined>(SHAPES).fill(undefined);
    for (const child of this.children.values()) {
      const shape = shapeOf(child.name, 0, child.name.length);
      child.sameShape = index[shape];
      index[shape] = child;
    }
    return index;
  }
}

const SHAPES = 256;

/** A bit for a key's length (one bit for all lengths from 31 up). */
export function lengthBit(length: number): number {
  return 1 << Math.min(length, 31);
}

/** A cheap hash of a key: its length and three of its characters. */
function shapeOf(text: string, start: number, length: number): number {
  if (length === 0) return 0;
  const first = text.charCodeAt(start);
  const middle = text.charCodeAt(start + (length >> 1));
  const last = text.charCodeAt(start + length - 1);
  return (length * 37 + first * 7 + middle * 13 + last * 3) & (SHAPES - 1);
}

/**
 * The field paths indexed rules test, as a tree of keys, and the walk that records an event's values on
 * those paths (and skips everything else). Keys are joined with dots as event-ruler joins them: an event
 * key `"a.b"` reaches the same path as `{"a": {"b": …}}`.
 */
export class PathTrie {
  private readonly ids = { next: 0 };
  readonly root = new PathNode('', this.ids);
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

  /**
   * The nodes on the paths of `slots`: `nodes` has 1 at their {@link PathNode.id}, and `keyLengths` the
   * {@link lengthBit}s of the keys of their children on those paths.
   */
  nodesOf(slots: Iterable<Slot>): { nodes: Uint8Array; keyLengths: Int32Array } {
    const on: [PathNode, PathNode][] = [];
    for (const slot of slots) {
      let node: PathNode | undefined = this.root;
      for (const part of slot.names) {
        const parent: PathNode = node;
        node = node.children.get(part);
        if (node === undefined) break;
        on.push([parent, node]);
      }
    }
    // Sized for every node of the trie, so that reading any node's entry stays in bounds.
    const size = this.ids.next;
    const nodes = new Uint8Array(size);
    const keyLengths = new Int32Array(size);
    for (const [parent, node] of on) {
      nodes[node.id] = 1;
      keyLengths[parent.id] = (keyLengths[parent.id] as number) | lengthBit(node.name.length);
    }
    return { nodes, keyLengths };
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
      parent.removeChild(part);
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
