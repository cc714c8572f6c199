import { ValidationError } from '../errors';
import { JsonReader, JsonSyntaxError } from './json-reader';
import { type EventValue } from './matchers';
import { comparableNumber, JsonNumber } from './numbers';

/** The fields `TestEventPattern` requires in an event. */
const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

/**
 * Parses event JSON exactly as AWS reads it: numbers AWS cannot compare as doubles keep their text
 * ({@link JsonNumber}); duplicate keys resolve to the last one. Returns `undefined` for invalid JSON.
 */
export function parseEventJson(text: string): unknown {
  try {
    const reader = new JsonReader(text);
    const value = readValue(reader, reader.nextToken());
    return reader.nextToken() === 'end' ? value : undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return undefined;
    throw error;
  }
}

function readValue(reader: JsonReader, token: string): unknown {
  switch (token) {
    case 'startObject': {
      const out: Record<string, unknown> = {};
      while (reader.nextToken() !== 'endObject') {
        const key = reader.text();
        const value = readValue(reader, reader.nextToken());
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'startArray': {
      const out: unknown[] = [];
      let t: string;
      while ((t = reader.nextToken()) !== 'endArray') out.push(readValue(reader, t));
      return out;
    }
    case 'string':
      return reader.text();
    case 'number': {
      const text = reader.text();
      const value = comparableNumber(text);
      return value !== undefined ? value : new JsonNumber(text, Number(text));
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    default:
      throw new JsonSyntaxError(`Unexpected token ${token}`);
  }
}

/**
 * Checks an event as `TestEventPattern` does: a JSON object (or its text) with `id`, `account`, `source`,
 * `time`, `region` and `detail-type`. Returns the event as an object; throws {@link ValidationError}.
 */
export function toTestEvent(event: unknown): Record<string, unknown> {
  let value: unknown = event;
  if (typeof event === 'string') {
    value = parseEventJson(event);
  } else if (event !== null && typeof event === 'object') {
    // The event as AWS would receive it: what JSON.stringify writes (toJSON applied, undefined dropped).
    const text = safeStringify(event);
    value = text === undefined ? undefined : parseEventJson(text);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw notAnObject(event);
  const missing = REQUIRED_EVENT_FIELDS.filter((f) => !Object.prototype.hasOwnProperty.call(value, f));
  if (missing.length > 0) {
    throw new ValidationError(
      'Parameter Event is not valid.',
      `TestEventPattern requires ${REQUIRED_EVENT_FIELDS.join(', ')}; the event has no ${missing.join(', ')}. ` +
        'Add them (any value), as an EventBridge envelope has them.',
    );
  }
  return value as Record<string, unknown>;
}

/** An event given as JSON text, parsed exactly (see {@link parseEventJson}); throws {@link ValidationError}. */
export function parseEventObject(text: string): object {
  const value = parseEventJson(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw notAnObject(text);
  return value;
}

function notAnObject(event: unknown): ValidationError {
  return new ValidationError(
    'Parameter Event is not valid.',
    `The event must be a JSON object; received ${describe(event)}.`,
  );
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function describe(event: unknown): string {
  const text = typeof event === 'string' ? event : safeStringify(event);
  if (text === undefined) return String(event);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Where a value sits in arrays of objects: pairs of (array, index), outermost first. */
export type Membership = readonly (readonly [object, number])[];

export interface Occurrence {
  readonly value: EventValue;
  readonly membership: Membership;
}

const NONE: Membership = [];

/**
 * Flattens an event into its leaf values by dotted path, as event-ruler does: keys are joined with `.`
 * (so `{"a.b": 1}` and `{"a": {"b": 1}}` both give `a.b`), array elements are values of the same path,
 * and a value inside an object that is an array element remembers which element it came from.
 * Only paths that can lead to one in `paths` are visited.
 */
export function flattenEvent(event: object, paths: Iterable<string>): Map<string, Occurrence[]> {
  const wanted = new Set<string>();
  for (const path of paths) {
    let at = path.indexOf('.');
    while (at >= 0) {
      wanted.add(path.slice(0, at));
      at = path.indexOf('.', at + 1);
    }
    wanted.add(path);
  }
  const out = new Map<string, Occurrence[]>();
  const visit = (path: string, value: unknown, membership: Membership): void => {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return;
    if (value !== null && typeof value === 'object' && !(value instanceof JsonNumber)) {
      if (Array.isArray(value)) {
        value.forEach((element, index) => {
          const nested = element !== null && typeof element === 'object' && !(element instanceof JsonNumber);
          visit(path, element, nested ? [...membership, [value, index]] : membership);
        });
      } else {
        for (const key of Object.keys(value)) {
          const child = path === '' ? key : `${path}.${key}`;
          if (wanted.has(child)) visit(child, (value as Record<string, unknown>)[key], membership);
        }
      }
      return;
    }
    if (path === '') return;
    const leaf = toEventValue(value);
    if (leaf === undefined) return;
    let list = out.get(path);
    if (!list) out.set(path, (list = []));
    list.push({ value: leaf, membership });
  };
  visit('', event, NONE);
  return out;
}

/** A JS leaf as JSON would carry it: non-finite numbers are `null`, as `JSON.stringify` writes them. */
function toEventValue(value: unknown): EventValue | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    value === null ||
    value instanceof JsonNumber
  ) {
    return value;
  }
  return undefined;
}
