import { acceptsNode } from './accepts';
import {
  type CompatibilityDirection,
  type CompatibilityMode,
  DEFAULT_COMPATIBILITY_MODE,
  directionsOf,
} from './modes';
import { type JsonSchema, rootNode } from './shapes';
import { subsume } from './subsume';

/** One way a schema change breaks a reader: where, what, which direction, and an instance that shows it. */
export interface CompatibilityIssue {
  /**
   * `BACKWARD`: the new schema refuses something the previous one allowed (events already published, the archive).
   * `FORWARD`: the previous schema refuses something the new one allows (consumers not yet redeployed).
   */
  readonly direction: CompatibilityDirection;
  /** Where, such as `detail.lines[].quantity` (`.key` into objects, `[]` into array items). */
  readonly path: string;
  /** What the writer may send and what the reader accepts there, such as `sent as a string, accepted only as an integer`. */
  readonly change: string;
  /**
   * An instance of the whole schema the writer allows and the reader refuses, checked against both; absent when
   * the checker could not make one (it then reports the break to be safe: see `certain`).
   */
  readonly counterexample?: unknown;
  /** `false` when the checker could not decide (two different patterns, an unsupported keyword) and refuses to guess. */
  readonly certain: boolean;
  /** The previous schema at `path`; `undefined` where it did not declare it. */
  readonly previous: unknown;
  /** The new schema at `path`; `undefined` where it does not declare it. */
  readonly next: unknown;
}

/** What {@link checkCompatibility} answers. */
export interface CompatibilityResult {
  readonly compatible: boolean;
  readonly issues: readonly CompatibilityIssue[];
}

/** What {@link checkCompatibility} takes. */
export interface CheckCompatibilityOptions {
  /** @default 'FULL_TRANSITIVE' (transitivity is the caller's: pass each previous revision in turn) */
  readonly mode?: CompatibilityMode;
  /** The name of the schema's root in paths, such as `detail`. @default '' */
  readonly path?: string;
  /**
   * An instance to build counterexamples from (the contract's example), so they read like real events: each
   * counterexample changes one value in it, wherever it is valid for the writer. @default none
   */
  readonly example?: unknown;
}

/**
 * Whether a schema may replace another under a compatibility mode: for each direction the mode checks, whether
 * every instance the writer's schema allows is valid under the reader's (subsumption), and if not, where and
 * with a counterexample. Deterministic, for the JSON Schema subset zod 4 writes; where it cannot decide it
 * answers "incompatible", saying why. Objects are read with an open content model for readers and a closed one
 * for writers (see `subsume.ts`): adding or removing an optional field is compatible both ways.
 *
 * @example
 * const previous = z.toJSONSchema(z.object({ total: z.number().int() }), { io: 'input' });
 * const next = z.toJSONSchema(z.object({ total: z.string() }), { io: 'input' });
 * checkCompatibility(previous, next, { mode: 'FULL', path: 'detail' }).issues[0];
 * // { direction: 'BACKWARD', path: 'detail.total', change: 'sent as an integer, accepted only as a string',
 * //   counterexample: { total: 0 }, certain: true, previous: { type: 'integer', ... }, next: { type: 'string' } }
 */
export function checkCompatibility(
  previous: JsonSchema,
  next: JsonSchema,
  options: CheckCompatibilityOptions = {},
): CompatibilityResult {
  const { mode = DEFAULT_COMPATIBILITY_MODE, path = '', example } = options;
  const issues: CompatibilityIssue[] = [];
  for (const direction of directionsOf(mode)) {
    const backward = direction === 'BACKWARD';
    const writer = rootNode(backward ? previous : next);
    const reader = rootNode(backward ? next : previous);
    for (const finding of subsume(writer, reader, path, undefined, example)) {
      const value = finding.counterexample;
      // Reported only once the whole instance is shown valid for the writer and invalid for the reader.
      const shown = value !== undefined && acceptsNode(writer, value) && !acceptsNode(reader, value);
      issues.push({
        direction,
        path: finding.path === '' ? '(root)' : finding.path,
        change: finding.reason,
        ...(shown ? { counterexample: value } : {}),
        certain: finding.certain || shown,
        previous: backward ? finding.writer : finding.reader,
        next: backward ? finding.reader : finding.writer,
      });
    }
  }
  return { compatible: issues.length === 0, issues };
}
