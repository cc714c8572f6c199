/**
 * JSON Schemas as the compatibility checker reads them: every schema becomes a list of **shapes**, one per JSON
 * type it admits, each with the constraints that apply to that type. `anyOf`/`oneOf` become several shapes, a
 * `type` list one per type, `allOf` and `$ref` are intersected in, and a schema without `type` admits all six.
 * Covers the subset zod 4's `z.toJSONSchema` writes; anything else is recorded as `unsupported` so the checker
 * can refuse to guess.
 */

/** A JSON Schema: an object, or `true` (anything) / `false` (nothing). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** A schema inside its document (where its `$ref`s resolve), or the intersection of several (`allOf`). */
export type SchemaNode =
  | { readonly kind: 'schema'; readonly schema: JsonSchema; readonly root: JsonSchema }
  | { readonly kind: 'all'; readonly nodes: readonly SchemaNode[] };

export type ShapeKind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

/**
 * What the object does with a property it does not declare: `undeclared` (no `additionalProperties`: JSON Schema
 * accepts it; zod's `z.object` strips it), `closed` (`additionalProperties: false`, zod's `.strict()`), or a schema
 * its value must match (zod's `z.record`, `z.looseObject`'s `{}`).
 */
export type Additional =
  | { readonly kind: 'undeclared' }
  | { readonly kind: 'closed' }
  | { readonly kind: 'schema'; readonly node: SchemaNode };

/** One JSON type a schema admits, with every constraint on it. */
export interface Shape {
  readonly kind: ShapeKind;
  /** `enum` / `const`: the only values allowed. */
  values?: unknown[];
  integer: boolean;
  minimum?: Bound;
  maximum?: Bound;
  multipleOf: number[];
  minLength: number;
  maxLength?: number;
  patterns: string[];
  formats: string[];
  items?: SchemaNode;
  prefixItems: SchemaNode[];
  minItems: number;
  maxItems?: number;
  uniqueItems: boolean;
  properties: Map<string, SchemaNode>;
  required: Set<string>;
  additional: Additional;
  propertyNames?: SchemaNode;
  minProperties: number;
  maxProperties?: number;
  /** Keywords the checker does not understand; a reader with any of them is never assumed compatible. */
  unsupported: string[];
}

const KINDS: readonly ShapeKind[] = ['null', 'boolean', 'number', 'string', 'array', 'object'];

/** Keywords that describe without constraining. */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  'id',
  '$anchor',
  '$comment',
  '$defs',
  'definitions',
  '$vocabulary',
  'title',
  'description',
  'default',
  'examples',
  'example',
  'deprecated',
  'readOnly',
  'writeOnly',
  'contentEncoding',
  'contentMediaType',
  'contentSchema',
]);

const KEYWORDS = new Set([
  'type',
  'enum',
  'const',
  'nullable',
  '$ref',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
]);

/** A node for a whole document. */
export function rootNode(schema: JsonSchema): SchemaNode {
  return { kind: 'schema', schema, root: schema };
}

/** A node for anything (`{}`). */
export const ANY_NODE: SchemaNode = rootNode(true);

function blank(kind: ShapeKind): Shape {
  return {
    kind,
    integer: false,
    multipleOf: [],
    minLength: 0,
    patterns: [],
    formats: [],
    prefixItems: [],
    minItems: 0,
    uniqueItems: false,
    properties: new Map(),
    required: new Set(),
    additional: { kind: 'undeclared' },
    minProperties: 0,
    unsupported: [],
  };
}

/** The JSON type of a value, as shapes name it; `undefined` for what JSON cannot hold. */
export function kindOf(value: unknown): ShapeKind | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isFinite(value) ? 'number' : undefined;
    case 'string':
      return 'string';
    case 'object':
      return 'object';
    default:
      return undefined;
  }
}

const cache = new WeakMap<object, Shape[]>();

/** The shapes a node admits. An empty list admits nothing. */
export function shapesOf(node: SchemaNode, depth = 0): Shape[] {
  if (node.kind === 'all') {
    return node.nodes.reduce<Shape[]>(
      (shapes, each) => intersect(shapes, shapesOf(each, depth + 1)),
      KINDS.map(blank),
    );
  }
  const { schema, root } = node;
  if (schema === true) return KINDS.map(blank);
  if (schema === false) return [];
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return KINDS.map((kind) => ({ ...blank(kind), unsupported: ['a schema that is not an object'] }));
  }
  const cached = cache.get(schema);
  if (cached) return cached;
  if (depth > 64) return KINDS.map((kind) => ({ ...blank(kind), unsupported: ['$ref nested too deeply'] }));

  let shapes = localShapes(schema, root);
  const child = (sub: unknown): SchemaNode => ({ kind: 'schema', schema: sub as JsonSchema, root });
  if (typeof schema['$ref'] === 'string') {
    const target = resolveRef(root, schema['$ref']);
    shapes =
      target === undefined
        ? shapes.map((shape) => ({ ...shape, unsupported: [...shape.unsupported, `$ref ${schema['$ref']}`] }))
        : intersect(shapes, shapesOf(child(target), depth + 1));
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    // zod writes `oneOf` for discriminated unions, whose branches never overlap, and parses both as "the first
    // branch that matches": read as `anyOf`.
    const branches = schema[keyword];
    if (Array.isArray(branches)) {
      shapes = intersect(
        shapes,
        branches.flatMap((branch) => shapesOf(child(branch), depth + 1)),
      );
    }
  }
  if (Array.isArray(schema['allOf'])) {
    for (const part of schema['allOf']) shapes = intersect(shapes, shapesOf(child(part), depth + 1));
  }
  if ('not' in schema) {
    const not = schema['not'];
    const nothing =
      not === true || (typeof not === 'object' && not !== null && Object.keys(not).length === 0);
    shapes = nothing ? [] : shapes.map((shape) => ({ ...shape, unsupported: [...shape.unsupported, 'not'] }));
  }
  cache.set(schema, shapes);
  return shapes;
}

/** The shapes of one schema object's own keywords (not `$ref`, `anyOf`, `oneOf`, `allOf`, `not`). */
function localShapes(schema: { readonly [keyword: string]: unknown }, root: JsonSchema): Shape[] {
  const node = (sub: unknown): SchemaNode => ({ kind: 'schema', schema: sub as JsonSchema, root });
  const unsupported = Object.keys(schema).filter((key) => !KEYWORDS.has(key) && !ANNOTATIONS.has(key));

  let kinds = [...KINDS];
  let integer = false;
  const type = schema['type'];
  if (type !== undefined) {
    const types = (Array.isArray(type) ? type : [type]) as string[];
    if (schema['nullable'] === true) types.push('null');
    integer = types.includes('integer') && !types.includes('number');
    kinds = KINDS.filter((kind) => types.includes(kind) || (kind === 'number' && types.includes('integer')));
  }
  let values: unknown[] | undefined;
  if ('const' in schema) values = [schema['const']];
  if (Array.isArray(schema['enum'])) {
    const listed = schema['enum'] as unknown[];
    values = values ? values.filter((value) => listed.some((other) => deepEqual(value, other))) : listed;
  }

  return kinds.flatMap((kind): Shape[] => {
    const shape = blank(kind);
    shape.unsupported.push(...unsupported);
    if (values) {
      shape.values = values.filter((value) => kindOf(value) === kind);
      if (shape.values.length === 0) return [];
    }
    switch (kind) {
      case 'number': {
        shape.integer = integer;
        const lower = bound(schema['minimum'], schema['exclusiveMinimum'], 'lower');
        const upper = bound(schema['maximum'], schema['exclusiveMaximum'], 'upper');
        if (lower) shape.minimum = lower;
        if (upper) shape.maximum = upper;
        if (typeof schema['multipleOf'] === 'number') shape.multipleOf.push(schema['multipleOf']);
        break;
      }
      case 'string':
        if (typeof schema['minLength'] === 'number') shape.minLength = schema['minLength'];
        if (typeof schema['maxLength'] === 'number') shape.maxLength = schema['maxLength'];
        if (typeof schema['pattern'] === 'string') shape.patterns.push(schema['pattern']);
        if (typeof schema['format'] === 'string') shape.formats.push(schema['format']);
        break;
      case 'array': {
        const items = schema['items'];
        if (Array.isArray(items)) shape.prefixItems.push(...items.map(node));
        else if (items !== undefined) shape.items = node(items);
        if (Array.isArray(schema['prefixItems'])) shape.prefixItems.push(...schema['prefixItems'].map(node));
        if (typeof schema['minItems'] === 'number') shape.minItems = schema['minItems'];
        if (typeof schema['maxItems'] === 'number') shape.maxItems = schema['maxItems'];
        if (schema['uniqueItems'] === true) shape.uniqueItems = true;
        break;
      }
      case 'object': {
        const properties = schema['properties'];
        if (typeof properties === 'object' && properties !== null) {
          for (const [key, sub] of Object.entries(properties)) shape.properties.set(key, node(sub));
        }
        if (Array.isArray(schema['required'])) {
          for (const key of schema['required']) shape.required.add(String(key));
        }
        const additional = schema['additionalProperties'];
        if (additional === false) shape.additional = { kind: 'closed' };
        else if (additional !== undefined) shape.additional = { kind: 'schema', node: node(additional) };
        if (schema['propertyNames'] !== undefined) shape.propertyNames = node(schema['propertyNames']);
        if (typeof schema['minProperties'] === 'number') shape.minProperties = schema['minProperties'];
        if (typeof schema['maxProperties'] === 'number') shape.maxProperties = schema['maxProperties'];
        break;
      }
      default:
        break;
    }
    return [shape];
  });
}

/** A numeric bound from draft 6+ (`exclusiveMinimum: 0`) or draft 4 / OpenAPI 3.0 (`exclusiveMinimum: true`). */
function bound(inclusive: unknown, exclusive: unknown, side: 'lower' | 'upper'): Bound | undefined {
  const candidates: Bound[] = [];
  if (typeof inclusive === 'number') candidates.push({ value: inclusive, exclusive: exclusive === true });
  if (typeof exclusive === 'number') candidates.push({ value: exclusive, exclusive: true });
  return candidates.reduce<Bound | undefined>((tightest, each) => tighter(tightest, each, side), undefined);
}

function tighter(a: Bound | undefined, b: Bound | undefined, side: 'lower' | 'upper'): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.value === b.value) return { value: a.value, exclusive: a.exclusive || b.exclusive };
  return (side === 'lower') === a.value > b.value ? a : b;
}

/** Every pairing of a shape from `a` with a shape of the same kind from `b`, constraints combined. */
export function intersect(a: readonly Shape[], b: readonly Shape[]): Shape[] {
  return a.flatMap((left) =>
    b.filter((right) => right.kind === left.kind).flatMap((right) => merge(left, right)),
  );
}

function merge(a: Shape, b: Shape): Shape[] {
  const shape: Shape = {
    ...blank(a.kind),
    integer: a.integer || b.integer,
    multipleOf: [...a.multipleOf, ...b.multipleOf],
    minLength: Math.max(a.minLength, b.minLength),
    patterns: [...new Set([...a.patterns, ...b.patterns])],
    formats: [...new Set([...a.formats, ...b.formats])],
    minItems: Math.max(a.minItems, b.minItems),
    uniqueItems: a.uniqueItems || b.uniqueItems,
    required: new Set([...a.required, ...b.required]),
    minProperties: Math.max(a.minProperties, b.minProperties),
    unsupported: [...a.unsupported, ...b.unsupported],
  };
  if (a.values || b.values) {
    shape.values =
      a.values && b.values
        ? a.values.filter((value) => b.values!.some((other) => deepEqual(value, other)))
        : [...(a.values ?? b.values!)];
    if (shape.values.length === 0) return [];
  }
  const minimum = tighter(a.minimum, b.minimum, 'lower');
  const maximum = tighter(a.maximum, b.maximum, 'upper');
  if (minimum) shape.minimum = minimum;
  if (maximum) shape.maximum = maximum;
  const least = (x: number | undefined, y: number | undefined) =>
    x === undefined ? y : y === undefined ? x : Math.min(x, y);
  const maxLength = least(a.maxLength, b.maxLength);
  const maxItems = least(a.maxItems, b.maxItems);
  const maxProperties = least(a.maxProperties, b.maxProperties);
  if (maxLength !== undefined) shape.maxLength = maxLength;
  if (maxItems !== undefined) shape.maxItems = maxItems;
  if (maxProperties !== undefined) shape.maxProperties = maxProperties;
  const both = (x: SchemaNode | undefined, y: SchemaNode | undefined): SchemaNode | undefined =>
    x && y ? { kind: 'all', nodes: [x, y] } : (x ?? y);
  const items = both(a.items, b.items);
  if (items) shape.items = items;
  for (let i = 0; i < Math.max(a.prefixItems.length, b.prefixItems.length); i += 1) {
    shape.prefixItems.push(both(a.prefixItems[i], b.prefixItems[i])!);
  }
  const propertyNames = both(a.propertyNames, b.propertyNames);
  if (propertyNames) shape.propertyNames = propertyNames;
  for (const source of [a, b]) {
    for (const [key, node] of source.properties) {
      shape.properties.set(key, both(shape.properties.get(key), node)!);
    }
  }
  // `additionalProperties` in one part of an `allOf` refers to that part's own `properties` only: merged, it
  // would judge the other part's properties too. zod never writes that; the checker declines it.
  const restricts = (x: Shape, y: Shape) =>
    x.additional.kind !== 'undeclared' && [...y.properties.keys()].some((key) => !x.properties.has(key));
  if (restricts(a, b) || restricts(b, a)) shape.unsupported.push('additionalProperties inside allOf');
  if (a.additional.kind === 'closed' || b.additional.kind === 'closed') shape.additional = { kind: 'closed' };
  else if (a.additional.kind === 'schema' || b.additional.kind === 'schema') {
    const nodes = [a.additional, b.additional].flatMap((each) => (each.kind === 'schema' ? [each.node] : []));
    shape.additional = {
      kind: 'schema',
      node: nodes.length === 1 ? nodes[0]! : { kind: 'all', nodes },
    };
  }
  return [shape];
}

/** Resolves a local `$ref` (`#`, `#/$defs/name`, any JSON pointer into the document). */
function resolveRef(root: JsonSchema, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const pointer = decodeURIComponent(ref.slice(1));
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let target: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof target !== 'object' || target === null || !(token in target)) return undefined;
    target = (target as Record<string, unknown>)[token];
  }
  return target;
}

/** The schema a node stands for, as JSON (for reports). */
export function schemaOf(node: SchemaNode): unknown {
  return node.kind === 'schema' ? node.schema : { allOf: node.nodes.map(schemaOf) };
}

/** JSON equality: same types, same values, object keys in any order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, index) => deepEqual(item, other[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]))
  );
}
