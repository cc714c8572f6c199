/**
 * `equals-ignore-case` as event-ruler defines it: each character of the pattern stands for its lower-case
 * or its upper-case form (Java's `toLowerCase`/`toUpperCase` of that one character), nothing else. This is
 * narrower than Unicode case folding: `'k'` does not match the Kelvin sign, and `'ß'` matches `"SS"`.
 */

export interface IgnoreCase {
  /** Per pattern character (code point), the strings it may match. */
  readonly alternatives: readonly (readonly string[])[];
  /** Set when every alternative is one UTF-16 unit: then matching is a length check and a loop. */
  readonly lower?: Uint16Array;
  readonly upper?: Uint16Array;
}

export function compileIgnoreCase(pattern: string): IgnoreCase {
  const alternatives: string[][] = [];
  let simple = true;
  for (const ch of pattern) {
    const options = [...new Set([ch.toLowerCase(), ch.toUpperCase()])];
    if (options.some((o) => o.length !== 1)) simple = false;
    alternatives.push(options);
  }
  if (!simple) return { alternatives };
  const lower = new Uint16Array(alternatives.length);
  const upper = new Uint16Array(alternatives.length);
  alternatives.forEach((options, i) => {
    lower[i] = (options[0] as string).charCodeAt(0);
    upper[i] = (options[options.length - 1] as string).charCodeAt(0);
  });
  return { alternatives, lower, upper };
}

/** `value` equals the pattern, ignoring case. */
export function equalsIgnoreCase(p: IgnoreCase, value: string): boolean {
  if (p.lower && p.upper) {
    if (value.length !== p.lower.length) return false;
    return simpleRun(p.lower, p.upper, value, 0);
  }
  return ends(p, value, 0, 0, true);
}

/** `value` starts with the pattern, ignoring case. */
export function startsWithIgnoreCase(p: IgnoreCase, value: string): boolean {
  if (p.lower && p.upper) return value.length >= p.lower.length && simpleRun(p.lower, p.upper, value, 0);
  return ends(p, value, 0, 0, false);
}

/** `value` ends with the pattern, ignoring case. */
export function endsWithIgnoreCase(p: IgnoreCase, value: string): boolean {
  if (p.lower && p.upper) {
    const start = value.length - p.lower.length;
    return start >= 0 && simpleRun(p.lower, p.upper, value, start);
  }
  for (let start = value.length; start >= 0; start--) if (ends(p, value, 0, start, true)) return true;
  return false;
}

function simpleRun(lower: Uint16Array, upper: Uint16Array, value: string, start: number): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = value.charCodeAt(start + i);
    if (c !== lower[i] && c !== upper[i]) return false;
  }
  return true;
}

/** Backtracking match of pattern characters from `index` against `value` from `at`. */
function ends(p: IgnoreCase, value: string, index: number, at: number, whole: boolean): boolean {
  if (index === p.alternatives.length) return !whole || at === value.length;
  for (const option of p.alternatives[index] as readonly string[]) {
    if (value.startsWith(option, at) && ends(p, value, index + 1, at + option.length, whole)) return true;
  }
  return false;
}
