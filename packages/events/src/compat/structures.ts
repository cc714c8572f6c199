import { acceptsNode, acceptsShape } from './accepts';
import { type Finding, type Fragments, type Recurse } from './finding';
import { leaf } from './leaf';
import { ANY_NODE, type Shape, type SchemaNode, schemaOf, shapesOf } from './shapes';
import { child } from './wording';
import { candidatesOf, witnessOf } from './witness';

// Arrays and objects, compared part by part: each part through `recurse` (`subsume`), each counterexample of a part
// placed into an instance of the whole.

/** An array's length and uniqueness, then its items, position by position. */
export function compareArrays(
  writer: Shape,
  reader: Shape,
  path: string,
  recurse: Recurse,
  fragments: Fragments,
  seed: unknown,
): Finding[] {
  const reasons: string[] = [];
  if (reader.minItems > writer.minItems) {
    reasons.push(`sent with ${writer.minItems} items or more, accepted only with ${reader.minItems} or more`);
  }
  if (reader.maxItems !== undefined && (writer.maxItems ?? Infinity) > reader.maxItems) {
    reasons.push(
      `sent with ${writer.maxItems === undefined ? 'any number of' : `up to ${writer.maxItems}`} items, ` +
        `accepted only with up to ${reader.maxItems}`,
    );
  }
  if (reader.uniqueItems && !writer.uniqueItems)
    reasons.push('may repeat an item, accepted only with unique items');
  const findings = leaf(writer, reader, path, fragments, reasons, seed);
  const seeds = Array.isArray(seed) ? seed : [];
  const most = writer.maxItems ?? Infinity;
  const positions = Math.max(writer.prefixItems.length, reader.prefixItems.length);
  for (let index = 0; index < positions && index < most; index += 1) {
    const own = writer.prefixItems[index] ?? writer.items ?? ANY_NODE;
    const theirs = reader.prefixItems[index] ?? reader.items ?? ANY_NODE;
    findings.push(
      ...lift(recurse(own, theirs, `${path}[${index}]`, seeds[index]), (item) =>
        arrayWith(writer, index, item, seeds),
      ),
    );
  }
  if (most > positions) {
    const own = writer.items ?? ANY_NODE;
    const theirs = reader.items ?? ANY_NODE;
    findings.push(
      ...lift(recurse(own, theirs, `${path}[]`, seeds[positions]), (item) =>
        arrayWith(writer, positions, item, seeds),
      ),
    );
  }
  return findings;
}

/** A valid array of the writer's with `item` at `index`. */
function arrayWith(writer: Shape, index: number, item: unknown, seeds: readonly unknown[]): unknown {
  const array: unknown[] = [];
  for (let position = 0; position < Math.max(writer.minItems, index + 1); position += 1) {
    const node = writer.prefixItems[position] ?? writer.items ?? ANY_NODE;
    const seeded =
      seeds[position] !== undefined && acceptsNode(node, seeds[position]) ? seeds[position] : undefined;
    const value = position === index ? item : (seeded ?? witnessOf(node));
    if (value === undefined) return undefined;
    array.push(value);
  }
  return array;
}

/** An object's required fields, then each field the writer sends, then the fields it does not declare. */
export function compareObjects(
  writer: Shape,
  reader: Shape,
  path: string,
  recurse: Recurse,
  fragments: Fragments,
  seed: unknown,
): Finding[] {
  const findings: Finding[] = [];
  // An instance of the writer's (the producer's example where it fits, else its required properties): each
  // counterexample changes one thing in it.
  const base = objectBase(writer, seed);
  const seeds = (base ?? {}) as Record<string, unknown>;
  const withKey = (key: string, value: unknown) =>
    base === undefined ? undefined : { ...base, [key]: value };
  const without = (key: string) => {
    if (base === undefined) return undefined;
    const rest = { ...base };
    delete rest[key];
    return rest;
  };
  const own = (key: string) => writer.properties.get(key);
  const theirs = (key: string) => reader.properties.get(key);
  const schema = (node: SchemaNode | undefined) => (node ? schemaOf(node) : undefined);

  for (const key of reader.required) {
    if (writer.required.has(key)) continue;
    findings.push({
      path: child(path, key),
      reason: own(key)
        ? 'may be left out, but is required'
        : 'is not sent (the writer does not declare it), but is required',
      counterexample: without(key),
      certain: true,
      writer: schema(own(key)),
      reader: schema(theirs(key)),
    });
  }
  for (const [key, node] of writer.properties) {
    const readerNode = theirs(key);
    if (readerNode) {
      findings.push(...lift(recurse(node, readerNode, child(path, key), seeds[key]), (v) => withKey(key, v)));
    } else if (reader.additional.kind === 'schema') {
      findings.push(
        ...lift(recurse(node, reader.additional.node, child(path, key), undefined), (v) => withKey(key, v)),
      );
    } else if (reader.additional.kind === 'closed') {
      const value = witnessOf(node);
      findings.push({
        path: child(path, key),
        reason: 'may be sent, but the object accepts only the fields it declares (.strict())',
        counterexample: value === undefined ? undefined : withKey(key, value),
        certain: true,
        writer: schemaOf(node),
        reader: undefined,
      });
    }
    if (reader.propertyNames && !acceptsNode(reader.propertyNames, key)) {
      findings.push({
        path: child(path, key),
        reason: 'may be sent, but its name is not one the reader accepts (propertyNames)',
        counterexample: base,
        certain: true,
        writer: schemaOf(node),
        reader: schemaOf(reader.propertyNames),
      });
    }
  }
  if (writer.additional.kind === 'schema') {
    // An open writer (`z.record`, `z.looseObject`) may send any other key.
    const extra = writer.additional.node;
    const key = freshKey(writer);
    for (const [name, readerNode] of reader.properties) {
      if (writer.properties.has(name)) continue;
      findings.push(
        ...lift(recurse(extra, readerNode, child(path, name), undefined), (v) => withKey(name, v)),
      );
    }
    if (reader.additional.kind === 'closed') {
      const value = witnessOf(extra);
      findings.push({
        path: `${path}.*`,
        reason:
          'may hold fields it does not declare (a record or loose object), but the reader accepts only its own (.strict())',
        counterexample: value === undefined ? undefined : withKey(key, value),
        certain: true,
        writer: schemaOf(extra),
        reader: false,
      });
    } else if (reader.additional.kind === 'schema') {
      findings.push(
        ...lift(recurse(extra, reader.additional.node, `${path}.*`, undefined), (v) => withKey(key, v)),
      );
    }
    if (reader.propertyNames) {
      const names = writer.propertyNames ?? { kind: 'schema', schema: { type: 'string' }, root: true };
      findings.push(
        ...lift(recurse(names, reader.propertyNames, `${path} (field names)`, undefined), () => base),
      );
    }
  }
  const counts: string[] = [];
  if (reader.minProperties > writer.minProperties)
    counts.push(`accepted only with ${reader.minProperties} fields or more`);
  if (reader.maxProperties !== undefined && (writer.maxProperties ?? Infinity) > reader.maxProperties) {
    counts.push(`accepted only with up to ${reader.maxProperties} fields`);
  }
  findings.push(...leaf(writer, reader, path, fragments, counts, base));
  return findings;
}

/**
 * The writer's instance a counterexample starts from: the seed (the producer's example) cut to the fields the writer
 * declares, when that is valid for the writer; else the writer's smallest instance.
 */
function objectBase(writer: Shape, seed: unknown): Record<string, unknown> | undefined {
  const fallback = candidatesOf(writer)[0] as Record<string, unknown> | undefined;
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed) || fallback === undefined)
    return fallback;
  // Field by field: the seed's value where the writer accepts it, else the writer's own.
  const base: Record<string, unknown> = { ...fallback };
  for (const [key, value] of Object.entries(seed)) {
    const node = writer.properties.get(key);
    if (node && acceptsNode(node, value)) base[key] = value;
  }
  return acceptsShape(writer, base) ? base : fallback;
}

/** A key the writer may send without declaring it: one its `propertyNames` lists, or `extra`. */
function freshKey(writer: Shape): string {
  const listed = writer.propertyNames
    ? shapesOf(writer.propertyNames).flatMap((shape) =>
        (shape.values ?? []).filter((v) => typeof v === 'string'),
      )
    : [];
  return (listed as string[]).find((name) => !writer.properties.has(name)) ?? 'extra';
}

function lift(findings: readonly Finding[], wrap: (value: unknown) => unknown): Finding[] {
  return findings.map((finding) => ({
    ...finding,
    counterexample: finding.counterexample === undefined ? undefined : wrap(finding.counterexample),
  }));
}
