import { CompiledWalker } from './compiled-walk';
import { type PathTrie } from './path-trie';
import { type Slot } from './slot';

/**
 * The paths an event going to one partition needs read (the partition's, the general partition's and the
 * partition field), in the two forms the readers of events use: a walker for parsed events, and a mask of
 * trie nodes for the {@link EventScanner}.
 */
export class ReadScope {
  private walker: CompiledWalker | undefined = undefined;
  /** 1 at the {@link PathNode.id} of every node on a needed path. */
  readonly nodes: Uint8Array;
  /** At a node's id, the {@link lengthBit}s of the keys of its children on needed paths. */
  readonly keyLengths: Int32Array;

  constructor(
    private readonly trie: PathTrie,
    private readonly slots: ReadonlySet<Slot>,
    /** What the scope was made for: it is made again when one of them changes. */
    readonly version: number,
    readonly general: number,
    readonly key: Slot | undefined,
  ) {
    ({ nodes: this.nodes, keyLengths: this.keyLengths } = trie.nodesOf(slots));
  }

  get compiledWalker(): CompiledWalker {
    return (this.walker ??= new CompiledWalker(this.trie, this.slots));
  }
}
