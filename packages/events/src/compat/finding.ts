import { type SchemaNode } from './shapes';

/** One way a value the writer may send is refused by the reader: where, why, and such a value. */
export interface Finding {
  /** `detail.lines[].quantity`: `.key` into objects, `[]` into array items, `[0]` into tuple positions. */
  readonly path: string;
  readonly reason: string;
  /** A value for the node compared (the whole instance at the top); `undefined` when none could be made. */
  readonly counterexample: unknown;
  /** `false` when the checker could not decide and reports a break to be safe (two different regex patterns). */
  readonly certain: boolean;
  /** The writer's and the reader's schema at `path`; `undefined` where one does not declare it. */
  readonly writer: unknown;
  readonly reader: unknown;
  /** For a refused `enum`/`const` value: the values sent and the values the reader takes there. */
  readonly values?: { readonly sent: readonly unknown[]; readonly accepted: readonly unknown[] };
}

export type Fragments = Pick<Finding, 'writer' | 'reader'>;

/** Compares a writer's node with a reader's at a path (`subsume`), handed to the comparisons of arrays and objects. */
export type Recurse = (writer: SchemaNode, reader: SchemaNode, path: string, seed: unknown) => Finding[];
