import { deepEqual, kindOf, type Shape, type SchemaNode, shapesOf } from './shapes';

/**
 * Whether a value is valid under a schema, with JSON Schema's own semantics (an undeclared property is accepted
 * unless `additionalProperties` says otherwise). The checker uses it to test the values it reasons about: enum
 * members, and every counterexample before it reports one.
 */
export function acceptsNode(node: SchemaNode, value: unknown, depth = 0): boolean {
  return acceptsAny(shapesOf(node), value, depth);
}

export function acceptsAny(shapes: readonly Shape[], value: unknown, depth = 0): boolean {
  return shapes.some((shape) => acceptsShape(shape, value, depth));
}

export function acceptsShape(shape: Shape, value: unknown, depth = 0): boolean {
  if (depth > 64 || kindOf(value) !== shape.kind) return false;
  if (shape.values && !shape.values.some((allowed) => deepEqual(allowed, value))) return false;
  switch (shape.kind) {
    case 'number':
      return acceptsNumber(shape, value as number);
    case 'string':
      return acceptsString(shape, value as string);
    case 'array':
      return acceptsArray(shape, value as unknown[], depth);
    case 'object':
      return acceptsObject(shape, value as Record<string, unknown>, depth);
    default:
      return true;
  }
}

function acceptsNumber(shape: Shape, value: number): boolean {
  if (shape.integer && !Number.isInteger(value)) return false;
  const { minimum, maximum } = shape;
  if (minimum && (minimum.exclusive ? value <= minimum.value : value < minimum.value)) return false;
  if (maximum && (maximum.exclusive ? value >= maximum.value : value > maximum.value)) return false;
  return shape.multipleOf.every((factor) => isMultipleOf(value, factor));
}

/** `value` is a whole multiple of `factor`, allowing for binary fractions (0.3 is a multiple of 0.1). */
export function isMultipleOf(value: number, factor: number): boolean {
  if (factor <= 0) return true;
  const quotient = value / factor;
  return Math.abs(quotient - Math.round(quotient)) < 1e-9;
}

function acceptsString(shape: Shape, value: string): boolean {
  // JSON Schema counts characters (code points), as zod does for most strings.
  const length = [...value].length;
  if (length < shape.minLength || (shape.maxLength !== undefined && length > shape.maxLength)) return false;
  if (!shape.patterns.every((pattern) => matches(pattern, value))) return false;
  return shape.formats.every((format) => FORMATS[format]?.(value) ?? true);
}

function acceptsArray(shape: Shape, value: unknown[], depth: number): boolean {
  if (value.length < shape.minItems || (shape.maxItems !== undefined && value.length > shape.maxItems)) {
    return false;
  }
  if (
    shape.uniqueItems &&
    value.some((item, index) => value.slice(0, index).some((o) => deepEqual(o, item)))
  ) {
    return false;
  }
  return value.every((item, index) => {
    const node = shape.prefixItems[index] ?? shape.items;
    return node === undefined || acceptsNode(node, item, depth + 1);
  });
}

function acceptsObject(shape: Shape, value: Record<string, unknown>, depth: number): boolean {
  const keys = Object.keys(value);
  if (keys.length < shape.minProperties) return false;
  if (shape.maxProperties !== undefined && keys.length > shape.maxProperties) return false;
  if ([...shape.required].some((key) => !Object.hasOwn(value, key))) return false;
  return keys.every((key) => {
    if (shape.propertyNames && !acceptsNode(shape.propertyNames, key, depth + 1)) return false;
    const declared = shape.properties.get(key);
    if (declared) return acceptsNode(declared, value[key], depth + 1);
    if (shape.additional.kind === 'closed') return false;
    if (shape.additional.kind === 'schema') return acceptsNode(shape.additional.node, value[key], depth + 1);
    return true;
  });
}

const compiled = new Map<string, RegExp | null>();

/** ECMA-262 regular expressions, unanchored, as JSON Schema's `pattern` is. One that does not compile matches nothing. */
export function matches(pattern: string, value: string): boolean {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = compile(pattern);
    compiled.set(pattern, regex);
  }
  return regex !== null && regex.test(value);
}

function compile(pattern: string): RegExp | null {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // try without the `u` flag: some patterns are written for the legacy syntax
    }
  }
  return null;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * The formats a reader may assert without a `pattern` beside it (zod writes a pattern with most of its own).
 * Others are annotations here, as JSON Schema has them by default.
 */
const FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  email: (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value),
  uri: (value) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) && URL.canParse(value),
  url: (value) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) && URL.canParse(value),
  uuid: (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value),
  'date-time': (value) =>
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value)),
  date: (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)),
  time: (value) => /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?$/.test(value),
  ipv4: (value) => IPV4.test(value),
  ipv6: (value) =>
    /^[0-9A-Fa-f:.]+$/.test(value) && value.includes(':') && (value.match(/::/g) ?? []).length <= 1,
  hostname: (value) =>
    /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(
      value,
    ),
  jwt: (value) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value),
  duration: (value) => /^P(?!$)/.test(value),
};
