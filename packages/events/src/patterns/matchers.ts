import { endsWithIgnoreCase, equalsIgnoreCase, type IgnoreCase, startsWithIgnoreCase } from './ignore-case';
import { type IpRange } from './ip';
import { JsonNumber } from './numbers';
import { matchWildcard, type Wildcard } from './wildcard';

/** One value test from a pattern's list (the list is an OR of these). */
export type Matcher =
  | { readonly kind: 'string'; readonly value: string }
  /** `value` is set when AWS can compare the number as a double; otherwise only `text` is compared. */
  | { readonly kind: 'number'; readonly text: string; readonly value: number | undefined }
  | { readonly kind: 'literal'; readonly value: boolean | null }
  | { readonly kind: 'prefix' | 'suffix'; readonly value: string }
  | {
      readonly kind: 'prefix-ic' | 'suffix-ic' | 'equals-ic';
      readonly value: string;
      readonly ic: IgnoreCase;
    }
  | { readonly kind: 'wildcard'; readonly value: string; readonly wildcard: Wildcard }
  | {
      readonly kind: 'range';
      readonly low: number;
      readonly lowOpen: boolean;
      readonly high: number;
      readonly highOpen: boolean;
    }
  | { readonly kind: 'ip'; readonly range: IpRange }
  | { readonly kind: 'exists' }
  | { readonly kind: 'but-string'; readonly values: ReadonlySet<string> }
  | { readonly kind: 'but-number'; readonly values: ReadonlySet<number> }
  | { readonly kind: 'but-prefix' | 'but-suffix'; readonly values: readonly string[] }
  | { readonly kind: 'but-ic'; readonly values: readonly IgnoreCase[] }
  | { readonly kind: 'but-wildcard'; readonly values: readonly Wildcard[] };

/**
 * How AWS reads the values of one field of one rule. event-ruler converts a field's values before testing
 * them: numbers to a comparable form when the field has a numeric test, and IP-looking strings to address
 * bytes when it has an IP test but no numeric one. A converted string no longer matches string tests.
 */
export interface FieldMode {
  readonly numeric: boolean;
  /** IP conversion is on: the field has `cidr` or IP-literal values and no numeric test. */
  readonly ip: boolean;
}

/** A leaf value of an event: a JSON scalar (`JsonNumber` for numbers AWS cannot compare). */
export type EventValue = string | number | boolean | null | JsonNumber;

function isNumericMatcher(m: Matcher): boolean {
  return (m.kind === 'number' && m.value !== undefined) || m.kind === 'range' || m.kind === 'but-number';
}

export function fieldMode(matchers: readonly Matcher[]): FieldMode {
  const numeric = matchers.some(isNumericMatcher);
  return { numeric, ip: !numeric && matchers.some((m) => m.kind === 'ip') };
}

/**
 * Whether one event value satisfies one matcher. `ipHex` is the value's address bytes when the field is
 * in IP mode and the value is an IP literal (see {@link FieldMode}); otherwise `undefined`.
 */
export function matchValue(m: Matcher, v: EventValue, ipHex: string | undefined): boolean {
  const str = typeof v === 'string' && ipHex === undefined ? v : undefined;
  switch (m.kind) {
    case 'string':
      return str === m.value;
    case 'number':
      if (typeof v === 'number') return v === m.value;
      return v instanceof JsonNumber && v.text === m.text;
    case 'literal':
      return v === m.value;
    case 'prefix':
      return str !== undefined && str.startsWith(m.value);
    case 'suffix':
      return str !== undefined && str.endsWith(m.value);
    case 'prefix-ic':
      return str !== undefined && startsWithIgnoreCase(m.ic, str);
    case 'suffix-ic':
      return str !== undefined && endsWithIgnoreCase(m.ic, str);
    case 'equals-ic':
      return str !== undefined && equalsIgnoreCase(m.ic, str);
    case 'wildcard':
      return str !== undefined && matchWildcard(m.wildcard, str);
    case 'range':
      return typeof v === 'number' && inRange(m, v);
    case 'ip':
      return (
        ipHex !== undefined &&
        ipHex.length === m.range.low.length &&
        ipHex >= m.range.low &&
        ipHex <= m.range.high
      );
    case 'exists':
      return true;
    case 'but-string':
      return str === undefined || !m.values.has(str);
    case 'but-number':
      return typeof v !== 'number' || !m.values.has(v);
    case 'but-prefix':
      return str === undefined || !m.values.some((p) => str.startsWith(p));
    case 'but-suffix':
      return str === undefined || !m.values.some((p) => str.endsWith(p));
    case 'but-ic':
      return str === undefined || !m.values.some((p) => equalsIgnoreCase(p, str));
    case 'but-wildcard':
      return str === undefined || !m.values.some((w) => matchWildcard(w, str));
  }
}

export function inRange(
  m: { low: number; lowOpen: boolean; high: number; highOpen: boolean },
  v: number,
): boolean {
  return (m.lowOpen ? v > m.low : v >= m.low) && (m.highOpen ? v < m.high : v <= m.high);
}
