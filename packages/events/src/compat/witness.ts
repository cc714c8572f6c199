import { acceptsShape } from './accepts';
import { regexWitnesses } from './regex-witness';
import { ANY_NODE, deepEqual, type Shape, type SchemaNode, shapesOf, type ShapeKind } from './shapes';

/**
 * Values valid under a shape, from which the checker picks its counterexamples: a handful per shape, made from
 * the shape's own bounds, formats and patterns, and from the other side's (`hint`), so that one of them falls
 * just outside what the reader accepts. Objects get their required properties and nothing they do not declare:
 * what a producer publishes (see `subsume.ts`). `undefined` stands for "no value" (JSON has no `undefined`).
 */
export function candidatesOf(shape: Shape, hint?: Shape, depth = 0, seed?: unknown): unknown[] {
  if (depth > 12) return [];
  // The seed first: the producer's own example value, where there is one.
  const raw = [seed, ...(shape.values ?? rawCandidates(shape, hint, depth))];
  const found: unknown[] = [];
  for (const value of raw) {
    if (
      value !== undefined &&
      acceptsShape(shape, value) &&
      !found.some((other) => deepEqual(other, value))
    ) {
      found.push(value);
    }
  }
  return found;
}

/** Which shape's value to prefer for a node that admits several: null last, so a nullable field shows its type. */
export const PREFERENCE: readonly ShapeKind[] = ['string', 'number', 'boolean', 'object', 'array', 'null'];

/** One value valid under a node, or `undefined` when none can be made. */
export function witnessOf(node: SchemaNode, depth = 0): unknown {
  const shapes = [...shapesOf(node)].sort((a, b) => PREFERENCE.indexOf(a.kind) - PREFERENCE.indexOf(b.kind));
  for (const shape of shapes) {
    const [first] = candidatesOf(shape, undefined, depth + 1);
    if (first !== undefined) return first;
  }
  return undefined;
}

/** Values zod's string formats and JSON Schema's own formats are known to accept. */
const FORMAT_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  email: ['ada@example.com'],
  uri: ['https://example.com/'],
  url: ['https://example.com/'],
  uuid: ['3f1c0f7e-8c5e-4a8f-9a55-2f9a7d2b6c11'],
  'date-time': ['2026-01-01T12:00:00Z'],
  date: ['2026-01-01'],
  time: ['12:00:00'],
  duration: ['P1D'],
  ipv4: ['192.0.2.1'],
  ipv6: ['2001:db8::1'],
  cidrv4: ['192.0.2.0/24'],
  cidrv6: ['2001:db8::/32'],
  hostname: ['example.com'],
  e164: ['+15555550100'],
  base64: ['AAAA'],
  base64url: ['AAAA'],
  jwt: ['eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl'],
  emoji: ['🎉'],
  nanoid: ['V1StGXR8_Z5jdHi6B-myT'],
  cuid: ['cjld2cjxh0000qzrmn831i7rn'],
  cuid2: ['tz4a98xxat96iws9zmbrgj3a'],
  ulid: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'],
  lowercase: ['abc'],
  uppercase: ['ABC'],
};

function rawCandidates(shape: Shape, hint: Shape | undefined, depth: number): unknown[] {
  switch (shape.kind) {
    case 'null':
      return [null];
    case 'boolean':
      return [true, false];
    case 'number':
      return numbers(shape, hint);
    case 'string':
      return strings(shape, hint);
    case 'array':
      return arrays(shape, hint, depth);
    case 'object':
      return objects(shape, hint, depth);
  }
}

function numbers(shape: Shape, hint: Shape | undefined): number[] {
  const found = [0, 1, 2, 10, -1, 0.5, 1.5, -0.5, 100, 1000];
  for (const side of [shape, hint]) {
    if (!side || side.kind !== 'number') continue;
    for (const bound of [side.minimum, side.maximum]) {
      if (!bound) continue;
      for (const delta of [0, -1, 1, -0.5, 0.5, -0.001, 0.001]) found.push(bound.value + delta);
    }
    for (const factor of side.multipleOf) found.push(factor, 2 * factor, 3 * factor, -factor);
  }
  for (const factor of shape.multipleOf) {
    const start = Math.ceil((shape.minimum?.value ?? 0) / factor) * factor;
    found.push(start, start + factor, start + 2 * factor);
  }
  return found;
}

function strings(shape: Shape, hint: Shape | undefined): string[] {
  const found: string[] = [];
  for (const format of shape.formats) found.push(...(FORMAT_EXAMPLES[format] ?? []));
  for (const pattern of shape.patterns) found.push(...regexWitnesses(pattern, 6));
  found.push('a'.repeat(Math.max(shape.minLength, 1)), 'abc', 'a', '', 'A', '0');
  // Just outside what the other side takes, before the far ends of this side's range.
  if (hint?.kind === 'string') {
    if (hint.maxLength !== undefined) found.push('a'.repeat(hint.maxLength + 1));
    if (hint.minLength > 0) found.push('a'.repeat(hint.minLength - 1));
    for (const value of hint.values ?? []) found.push(`${String(value)}x`, `x${String(value)}`);
    found.push('other', 'not-valid');
  }
  if (shape.maxLength !== undefined) found.push('a'.repeat(shape.maxLength));
  return found;
}

function arrays(shape: Shape, hint: Shape | undefined, depth: number): unknown[][] {
  const itemAt = (index: number) => shape.prefixItems[index] ?? shape.items ?? ANY_NODE;
  const lengths = [
    shape.minItems,
    Math.max(shape.minItems, 1),
    shape.minItems + 1,
    2,
    ...(hint?.kind === 'array' ? [hint.minItems - 1, (hint.maxItems ?? -2) + 1] : []),
    ...(shape.maxItems === undefined ? [] : [shape.maxItems]),
  ].filter((length, index, all) => length >= 0 && length <= 100 && all.indexOf(length) === index);
  const found: unknown[][] = [];
  for (const length of lengths) {
    const repeated: unknown[] = [];
    for (let index = 0; index < length; index += 1) {
      const item = witnessOf(itemAt(index), depth + 1);
      if (item === undefined) break;
      repeated.push(item);
    }
    if (repeated.length === length) found.push(repeated);
    if (shape.uniqueItems && length > 1 && shape.prefixItems.length === 0) {
      const distinct = shapesOf(itemAt(0)).flatMap((item) => candidatesOf(item, undefined, depth + 1));
      if (distinct.length >= length) found.push(distinct.slice(0, length));
    }
  }
  return found;
}

function objects(shape: Shape, hint: Shape | undefined, depth: number): Record<string, unknown>[] {
  const nodeOf = (key: string): SchemaNode =>
    shape.properties.get(key) ?? (shape.additional.kind === 'schema' ? shape.additional.node : ANY_NODE);
  const base: Record<string, unknown> = {};
  for (const key of shape.required) {
    const value = witnessOf(nodeOf(key), depth + 1);
    if (value === undefined) return [];
    base[key] = value;
  }
  const found = [base];
  const optional = [...shape.properties.keys()].filter((key) => !shape.required.has(key));
  const all = { ...base };
  for (const key of optional) {
    const value = witnessOf(nodeOf(key), depth + 1);
    if (value === undefined) continue;
    found.push({ ...base, [key]: value });
    all[key] = value;
  }
  if (optional.length > 1) found.push(all);
  if (shape.additional.kind === 'schema') {
    // An open writer (`z.record`, `z.looseObject`) may send keys it does not declare: the reader's, or any.
    const names = hint?.kind === 'object' ? [...hint.properties.keys()] : [];
    for (const key of [...names.filter((name) => !shape.properties.has(name)), 'extra']) {
      const value = witnessOf(shape.additional.node, depth + 1);
      if (value !== undefined) found.push({ ...base, [key]: value });
    }
  }
  return found;
}
