import { type PathNode, type PathTrie } from './path-trie';
import { type Slot } from './slot';

type Walker = (event: object, trie: PathTrie, slots: readonly Slot[], nodes: readonly PathNode[]) => void;

/** Names an object inherits from Object.prototype: a lookup must check the event really has them. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * A walker made for a set of paths (by default every indexed path): one property read per key, in
 * code, instead of iterating every key of the event. Generated with `new Function` because constant
 * property names are what lets V8 cache the lookups (the generic walk reads keys by variable, which it
 * cannot). For events from `JSON.parse` only: objects are read directly and arrays go through the
 * generic {@link PathTrie.visit}, so the answers are the same. It cannot see a key with a dot (`"a.b"`
 * standing for `a` then `b`): callers use it only when the event has none (see {@link hasDottedKey}).
 */
export class CompiledWalker {
  private readonly walker: Walker;
  private readonly slots: Slot[] = [];
  private readonly nodes: PathNode[] = [];

  /** @param wanted the slots to record (values under an array may fill others too); all when omitted. */
  constructor(
    private readonly trie: PathTrie,
    wanted?: ReadonlySet<Slot>,
  ) {
    this.walker = this.generate(wanted);
  }

  /** Records the event's values (the trie must have been {@link PathTrie.start}ed for it). */
  run(event: object): void {
    this.walker(event, this.trie, this.slots, this.nodes);
  }

  private generate(wanted: ReadonlySet<Slot> | undefined): Walker {
    const needed = new Map<PathNode, boolean>();
    const isNeeded = (node: PathNode): boolean => {
      let yes = needed.get(node);
      if (yes === undefined) {
        yes = wanted === undefined || (node.slot !== undefined && wanted.has(node.slot));
        for (const child of node.children.values()) if (isNeeded(child)) yes = true;
        needed.set(node, yes);
      }
      return yes;
    };
    let vars = 0;
    const block = (node: PathNode, object: string): string => {
      let code = '';
      for (const [name, child] of node.children) {
        if (!isNeeded(child)) continue;
        const v = `v${vars++}`;
        const key = JSON.stringify(name);
        const read = INHERITED.has(name)
          ? `(Object.prototype.hasOwnProperty.call(${object}, ${key}) ? ${object}[${key}] : undefined)`
          : `${object}[${key}]`;
        this.nodes.push(child);
        const n = this.nodes.length - 1;
        let leaf = '';
        if (child.slot !== undefined && (wanted === undefined || wanted.has(child.slot))) {
          this.slots.push(child.slot);
          leaf = `t.leaf(s[${this.slots.length - 1}], ${v}, 0);`;
        }
        const inner = child.children.size > 0 ? block(child, v) : '';
        code +=
          `const ${v} = ${read};` +
          `if (${v} !== undefined) {` +
          `if (typeof ${v} !== 'object' || ${v} === null) { ${leaf} }` +
          `else if (Array.isArray(${v})) t.visit(n[${n}], ${v}, 0);` +
          `else { ${inner} }` +
          `}`;
      }
      return code;
    };
    return new Function('e', 't', 's', 'n', block(this.trie.root, 'e')) as Walker;
  }
}

/**
 * Whether JSON text may have a key containing a dot (conservative: an escaped quote counts as yes).
 * A dot is in a key when the next quote after it closes a string followed by a colon.
 */
export function hasDottedKey(json: string): boolean {
  let dot = json.indexOf('.');
  while (dot >= 0) {
    const quote = json.indexOf('"', dot);
    if (quote < 0) return false;
    if (json.charCodeAt(quote - 1) === 0x5c) return true;
    let next = quote + 1;
    let c = json.charCodeAt(next);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = json.charCodeAt(++next);
    if (c === 0x3a) return true;
    dot = json.indexOf('.', quote);
  }
  return false;
}
