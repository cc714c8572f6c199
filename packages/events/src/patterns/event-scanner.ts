import { hasDottedKey } from './compiled-walk';
import { lengthBit, type PathNode, type PathTrie } from './path-trie';
import { type ReadScope } from './read-scope';
import { type Slot } from './slot';

/** Escapes and control characters (tabs and line breaks included): texts with any go to `JSON.parse`. */
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const NOT_PLAIN = /[\x00-\x1f\\]/;
/** What the readers return instead of a position when the text must go to `JSON.parse`. */
const DECLINED = -1;

/**
 * Reads an event's JSON text in place and records the values on the indexed paths, validating the whole
 * text as it goes, without building the event.
 *
 * Written by hand because `JSON.parse` makes every object and string of an event (a typical 1.3 KB event
 * is about 90 strings and 10 objects) while a rule index reads a dozen of its fields: skipping the rest
 * costs less. What makes skipping cheap is the scope: texts with no backslash and no control character
 * (what `JSON.stringify` writes for almost every event), where a string ends at the next quote and the only
 * whitespace is the space. Once the partition field is read (`detail-type`, which comes before `detail`),
 * only the paths of that partition are (see {@link ReadScope}).
 * Within that scope it accepts exactly the texts `JSON.parse` accepts and records what
 * {@link PathTrie.walk} records from the parsed object. Anything else, it declines: texts with escapes or
 * line breaks, a key with a dot or a key repeated (the parsed object keeps the last) on an indexed path,
 * invalid JSON, and JSON that is not an object. The caller then goes through `JSON.parse`, which also
 * words the error.
 */
export class EventScanner {
  /** The open objects and arrays: kind, node their entries are read under, last key, depth, serial. */
  private readonly kinds: number[] = [];
  private readonly owners: (PathNode | undefined)[] = [];
  private readonly keys: (PathNode | undefined)[] = [];
  private readonly depths: number[] = [];
  private readonly serials: number[] = [];
  /** Counts the objects read, so that a key repeated within one object is seen (see {@link PathNode.seen}). */
  private objects = 0;
  /** @param scope the scope of the event once its partition field has been recorded, if it tells one. */
  constructor(
    private readonly trie: PathTrie,
    private readonly scope: () => ReadScope | undefined,
  ) {}

  /**
   * Records the values of `text` on the indexed paths (the trie must have been {@link PathTrie.start}ed
   * for it); once the partition `field` has one value, only the paths its partition needs. Returns false
   * when it declines the text: values may then have been recorded, and the caller must start again with
   * a new epoch.
   */
  record(text: string, field: Slot | undefined): boolean {
    // A key with a dot may reach an indexed path ("a.b" stands for a then b): JSON.parse's walk reads it.
    if (NOT_PLAIN.test(text) || hasDottedKey(text)) return false;
    const s = text;
    const { kinds, owners, keys, depths, serials } = this;
    let scope: ReadScope | undefined;
    // `c` is always the character at `pos`: each character is read once.
    let pos = 0;
    let c = s.charCodeAt(0);
    while (c === 0x20) c = s.charCodeAt(++pos);
    if (c !== 0x7b) return false;
    /** The innermost open object or array. */
    let top = -1;
    /** The node the next value is read under (undefined: nothing under it is indexed), and its depth. */
    let target: PathNode | undefined = this.trie.root;
    let depth = 0;
    let expectKey = false;
    for (;;) {
      if (expectKey) {
        expectKey = false;
        if (c !== 0x22) return false;
        const start = pos + 1;
        const end = s.indexOf('"', start);
        if (end < 0) return false;
        pos = end + 1;
        c = s.charCodeAt(pos);
        while (c === 0x20) c = s.charCodeAt(++pos);
        if (c !== 0x3a) return false;
        c = s.charCodeAt(++pos);
        while (c === 0x20) c = s.charCodeAt(++pos);
        const owner = owners[top];
        target = undefined;
        // Most keys are not on an indexed path, and most of those have a length no child key has.
        const lengths =
          owner === undefined ? 0 : scope === undefined ? owner.keyLengths : scope.keyLengths[owner.id];
        if (((lengths as number) & lengthBit(end - start)) !== 0) {
          target = (owner as PathNode).childIn(s, start, end);
          if (target !== undefined && scope !== undefined && scope.nodes[target.id] !== 1) target = undefined;
          if (target !== undefined) {
            if (target.seen === serials[top]) return false;
            target.seen = serials[top] as number;
          }
        }
        keys[top] = target;
        depth = depths[top] as number;
      }
      // A value, read under `target`.
      if (c === 0x22) {
        const end = s.indexOf('"', pos + 1);
        if (end < 0) return false;
        if (target?.slot !== undefined) this.trie.leaf(target.slot, s.slice(pos + 1, end), depth);
        pos = end + 1;
      } else if (c === 0x7b || c === 0x5b) {
        const isObject: boolean = c === 0x7b;
        c = s.charCodeAt(++pos);
        while (c === 0x20) c = s.charCodeAt(++pos);
        if (c === (isObject ? 0x7d : 0x5d)) pos++;
        else {
          top++;
          kinds[top] = isObject ? OBJECT : ARRAY;
          owners[top] = isObject && target !== undefined && target.children.size === 0 ? undefined : target;
          depths[top] = depth;
          if (isObject) {
            serials[top] = ++this.objects;
            expectKey = true;
          } else if (c === 0x7b || c === 0x5b) {
            depth++;
          }
          continue;
        }
      } else {
        const end =
          c === 0x74
            ? literal(s, pos, 'true')
            : c === 0x66
              ? literal(s, pos, 'false')
              : c === 0x6e
                ? literal(s, pos, 'null')
                : skipNumber(s, pos);
        if (end < 0) return false;
        if (target?.slot !== undefined)
          this.trie.leaf(
            target.slot,
            c === 0x74 ? true : c === 0x66 ? false : c === 0x6e ? null : +s.slice(pos, end),
            depth,
          );
        pos = end;
      }
      // What follows a value: the next entry, or the end of objects and arrays.
      c = s.charCodeAt(pos);
      for (;;) {
        while (c === 0x20) c = s.charCodeAt(++pos);
        if (top < 0) return pos === s.length;
        if (kinds[top] === OBJECT) {
          // The value of a key is complete: if it is the partition field, the rest of the event is read
          // for its partition only.
          const key = keys[top];
          if (key !== undefined && field !== undefined && key.slot === field) scope = this.scope();
          if (c === 0x2c) {
            c = s.charCodeAt(++pos);
            while (c === 0x20) c = s.charCodeAt(++pos);
            expectKey = true;
            break;
          }
          if (c !== 0x7d) return false;
        } else {
          if (c === 0x2c) {
            c = s.charCodeAt(++pos);
            while (c === 0x20) c = s.charCodeAt(++pos);
            target = owners[top];
            depth = (depths[top] as number) + (c === 0x7b || c === 0x5b ? 1 : 0);
            break;
          }
          if (c !== 0x5d) return false;
        }
        c = s.charCodeAt(++pos);
        top--;
      }
    }
  }
}

/** Kinds of open container. */
const OBJECT = 1;
const ARRAY = 2;

function literal(s: string, pos: number, word: string): number {
  return s.startsWith(word, pos) ? pos + word.length : DECLINED;
}

/** A JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. */
function skipNumber(s: string, pos: number): number {
  let c = s.charCodeAt(pos);
  if (c === 0x2d) c = s.charCodeAt(++pos);
  if (c === 0x30) c = s.charCodeAt(++pos);
  else if (c >= 0x31 && c <= 0x39) {
    do c = s.charCodeAt(++pos);
    while (c >= 0x30 && c <= 0x39);
  } else return DECLINED;
  if (c === 0x2e) {
    c = s.charCodeAt(++pos);
    if (!(c >= 0x30 && c <= 0x39)) return DECLINED;
    do c = s.charCodeAt(++pos);
    while (c >= 0x30 && c <= 0x39);
  }
  if (c === 0x65 || c === 0x45) {
    c = s.charCodeAt(++pos);
    if (c === 0x2b || c === 0x2d) c = s.charCodeAt(++pos);
    if (!(c >= 0x30 && c <= 0x39)) return DECLINED;
    do c = s.charCodeAt(++pos);
    while (c >= 0x30 && c <= 0x39);
  }
  return pos;
}
