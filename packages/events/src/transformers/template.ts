import { JsonNumber } from '../patterns/numbers';

/** `<name>` in an input template: InputPathsMap keys and the predefined `aws.events.*` names. */
export const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/g;

/** The variables EventBridge defines for every input template. */
export const PREDEFINED = new Set([
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event.ingestion-time',
  'aws.events.event',
  'aws.events.event.json',
]);

/**
 * A template is a "string template" when it starts with a double quote (after white space): its
 * placeholders are text, objects and arrays written without quotes (`{acc_id:1,sf_id:baz}`, `[A,B]`).
 * Otherwise it is a JSON template.
 */
export function isStringTemplate(template: string): boolean {
  return template.trimStart().startsWith('"');
}

/**
 * Replaces placeholders as EventBridge does. In a JSON template a placeholder outside quotes is a JSON
 * value (a string gets quotes; a missing path is `""`), and inside quotes a string is inserted as it
 * is while an object or array is inserted as JSON (which breaks the JSON, so AWS delivers nothing).
 * EventBridge does not escape what it inserts.
 */
export function renderTemplate(
  template: string,
  lookup: (name: string) => { found: boolean; value: unknown },
): string {
  const stringTemplate = isStringTemplate(template);
  let out = '';
  let last = 0;
  let inQuotes = false;
  let scanned = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const at = match.index ?? 0;
    if (!stringTemplate) {
      inQuotes = quoteStateAt(template, scanned, at, inQuotes);
      scanned = at + match[0].length;
    }
    const { found, value } = lookup(match[1] as string);
    out += template.slice(last, at);
    if (stringTemplate) out += found ? asText(value, true) : '';
    else if (inQuotes) out += found ? asText(value, false) : '';
    else out += found ? toJson(value) : '""';
    last = at + match[0].length;
  }
  return out + template.slice(last);
}

/** Whether position `to` is inside a JSON string, scanning from `from` with state `inQuotes`. */
function quoteStateAt(text: string, from: number, to: number, inQuotes: boolean): boolean {
  let quoted = inQuotes;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (quoted && c === 0x5c) i++;
    else if (c === 0x22) quoted = !quoted;
  }
  return quoted;
}

/** A value as inserted into text: strings as they are; objects as JSON, without quotes in string templates. */
function asText(value: unknown, stripQuotes: boolean): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !(value instanceof JsonNumber)) {
    const json = toJson(value);
    return stripQuotes ? json.replace(/"/g, '') : json;
  }
  return toJson(value);
}

/** JSON text of a value; numbers AWS keeps as written ({@link JsonNumber}) keep their digits. */
export function toJson(value: unknown): string {
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : toJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const [key, v] of Object.entries(value))
      if (v !== undefined) parts.push(`${JSON.stringify(key)}:${toJson(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
