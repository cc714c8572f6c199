import { acceptsAny, acceptsShape } from './accepts';
import { type Finding, type Fragments, type Recurse } from './finding';
import { leaf, leafReasons } from './leaf';
import { deepEqual, type JsonSchema, type Shape, type SchemaNode, schemaOf, shapesOf } from './shapes';
import { compareArrays, compareObjects } from './structures';
import { kindName, kinds, orList, showValues, unique } from './wording';
import { candidatesOf, PREFERENCE } from './witness';

interface Context {
  readonly inProgress: Map<object, Set<object>>;
  depth: number;
}

/**
 * Every way an instance valid under `writer` is refused by `reader`; none means every instance is accepted.
 *
 * The content model, decided once here: **a writer sends the properties it declares; a reader accepts properties it
 * does not declare** unless it is closed (`additionalProperties: false`, zod's `.strict()`).
 * - Readers are open because zod's `z.object` is: it drops an unknown key rather than refusing it, and the JSON
 *   Schema of a contract is written for zod's input side, where `z.object` has no `additionalProperties` at all.
 *   Consumers must ignore what they do not know (EventBridge's own events, schema registries' "open content model").
 * - Writers are taken as closed because a producer publishes a contract's typed `detail`, which names exactly its
 *   declared fields; a writer that does declare more (`z.record`, `z.looseObject`) is read as sending more.
 * So adding or removing an optional field is FULL compatible, as in Avro, and a field removed and later added back
 * with another type is caught by checking every revision in the archive's window (the `…_TRANSITIVE` modes), not
 * only the latest. A producer that sends fields its contract does not declare is outside what this proves.
 */
export function subsume(
  writer: SchemaNode,
  reader: SchemaNode,
  path: string,
  context: Context = { inProgress: new Map(), depth: 0 },
  seed?: unknown,
): Finding[] {
  if (sameSchema(writer, reader)) return [];
  const fragments = { writer: schemaOf(writer), reader: schemaOf(reader) };
  // A recursive schema compared with itself again: assume it holds (co-induction), as type checkers do.
  const key = writer.kind === 'schema' && typeof writer.schema === 'object' ? writer.schema : undefined;
  const other = reader.kind === 'schema' && typeof reader.schema === 'object' ? reader.schema : undefined;
  if (key && other && context.inProgress.get(key)?.has(other)) return [];
  if (context.depth > 48) {
    return [
      {
        path,
        reason: 'is nested too deeply to compare',
        counterexample: undefined,
        certain: false,
        ...fragments,
      },
    ];
  }
  if (key && other) context.inProgress.set(key, (context.inProgress.get(key) ?? new Set()).add(other));
  context.depth += 1;
  try {
    const readerShapes = shapesOf(reader);
    const writerShapes = shapesOf(writer);
    const unsupported = [...new Set(readerShapes.flatMap((shape) => shape.unsupported))];
    if (unsupported.length > 0 && writerShapes.length > 0) {
      return [
        {
          path,
          reason: `the reader's schema uses ${unsupported.join(', ')}, which the checker cannot compare`,
          counterexample: undefined,
          certain: false,
          ...fragments,
        },
      ];
    }
    // Types the reader does not take at all: one finding for all of them (`z.unknown()` narrowed to a string).
    const foreign = writerShapes
      .filter((shape) => !shape.values && !readerShapes.some((reader) => reader.kind === shape.kind))
      .sort((a, b) => PREFERENCE.indexOf(a.kind) - PREFERENCE.indexOf(b.kind));
    const findings: Finding[] = [];
    const sent = foreign.filter((shape) => candidatesOf(shape, undefined, 0, seed)[0] !== undefined);
    if (sent.length > 0) {
      findings.push({
        path,
        reason: `sent as ${orList(sent.map((shape) => kindName(shape)))}, accepted only as ${kinds(readerShapes)}`,
        counterexample: candidatesOf(sent[0]!, undefined, 0, seed)[0],
        certain: true,
        ...fragments,
      });
    }
    for (const shape of writerShapes) {
      if (!foreign.includes(shape))
        findings.push(...cover(shape, readerShapes, path, context, fragments, seed));
    }
    return findings;
  } finally {
    context.depth -= 1;
    if (key && other) context.inProgress.get(key)?.delete(other);
  }
}

/** Whether one writer shape is taken by the reader's shapes. */
function cover(
  shape: Shape,
  readers: readonly Shape[],
  path: string,
  context: Context,
  fragments: Fragments,
  seed: unknown,
): Finding[] {
  if (shape.values) {
    const refused = shape.values.filter((value) => acceptsShape(shape, value) && !acceptsAny(readers, value));
    if (refused.length === 0) return [];
    const listed = readers.flatMap((reader) => reader.values ?? []);
    return [
      {
        path,
        reason:
          `may be ${showValues(refused)}, ` +
          (listed.length > 0
            ? `accepted only as ${showValues(listed)}`
            : `accepted only as ${kinds(readers)}`),
        counterexample: refused[0],
        certain: true,
        values: { sent: refused, accepted: listed },
        ...fragments,
      },
    ];
  }
  const sameKind = readers.filter((reader) => reader.kind === shape.kind);
  const attempts = sameKind.map((reader) => compare(shape, reader, path, context, fragments, seed));
  if (attempts.some((findings) => findings.length === 0)) return [];
  if (attempts.length === 1) return attempts[0]!;
  // A discriminated union: every alternative refuses the same field's value (`method: "cash"`). Say so once.
  for (const finding of attempts[0]!.filter((each) => each.values)) {
    const same = attempts.map((findings) =>
      findings.find((each) => each.path === finding.path && each.values),
    );
    if (same.some((each) => each === undefined)) continue;
    const value = same
      .map((each) => each!.counterexample)
      .find((v) => v !== undefined && !acceptsAny(readers, v));
    if (value === undefined) continue;
    const accepted = same.flatMap((each) => each!.values!.accepted);
    return [
      {
        ...finding,
        reason: `may be ${showValues(finding.values!.sent)}, accepted only as ${showValues(unique(accepted))}`,
        counterexample: value,
      },
    ];
  }
  // Several alternatives of this type (a union), none taking all of it alone: report the closest one (a
  // discriminated union's matching branch: the fewest findings, the deepest), with a value every alternative refuses.
  const closest = [...attempts].sort((a, b) => a.length - b.length || depthOf(b) - depthOf(a));
  for (const findings of closest) {
    const proven = findings.filter(
      (finding) => finding.counterexample !== undefined && !acceptsAny(readers, finding.counterexample),
    );
    if (proven.length > 0) return proven;
  }
  const value = candidatesOf(shape, undefined, 0, seed).find((candidate) => !acceptsAny(readers, candidate));
  return [
    {
      path,
      reason:
        value === undefined
          ? `is taken by none of the reader's alternatives (anyOf/oneOf) alone, and the checker cannot prove that together they take it`
          : `sent as ${kindName(shape)} that none of the reader's alternatives (anyOf/oneOf) accepts`,
      counterexample: value,
      certain: value !== undefined,
      ...fragments,
    },
  ];
}

function compare(
  writer: Shape,
  reader: Shape,
  path: string,
  context: Context,
  fragments: Fragments,
  seed: unknown,
): Finding[] {
  const recurse: Recurse = (own, theirs, where, part) => subsume(own, theirs, where, context, part);
  if (writer.kind === 'array') return compareArrays(writer, reader, path, recurse, fragments, seed);
  if (writer.kind === 'object') return compareObjects(writer, reader, path, recurse, fragments, seed);
  return leaf(writer, reader, path, fragments, leafReasons(writer, reader), seed);
}

/** The same schema in the same document: nothing to compare (and most of a schema is unchanged). */
function sameSchema(writer: SchemaNode, reader: SchemaNode): boolean {
  if (writer.kind !== 'schema' || reader.kind !== 'schema') return false;
  if (!deepEqual(writer.schema, reader.schema)) return false;
  return writer.root === reader.root || !mentionsRef(writer.schema) || deepEqual(writer.root, reader.root);
}

const refs = new WeakMap<object, boolean>();

function mentionsRef(schema: JsonSchema): boolean {
  if (typeof schema !== 'object') return false;
  let found = refs.get(schema);
  if (found === undefined) {
    found = JSON.stringify(schema).includes('"$ref"');
    refs.set(schema, found);
  }
  return found;
}

function depthOf(findings: readonly Finding[]): number {
  return Math.max(...findings.map((finding) => finding.path.split(/[.[]/).length));
}
