/**
 * Wildcard patterns (`*` matches any run of characters; `\*` and `\\` are literal), with event-ruler's
 * parse errors and its complexity measure, which EventBridge uses to refuse rules that are too costly.
 */

/** A parsed wildcard: literal segments with a `*` between each pair. `"a*b"` → `['a', 'b']`. */
export type Wildcard = readonly string[];

/** Parses a wildcard value; throws with event-ruler's message (positions are UTF-8 bytes of `"value"`). */
export function parseWildcard(text: string): Wildcard {
  const segments: string[] = [];
  let current = '';
  let bytePos = 1; // event-ruler parses the value wrapped in quotes
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2a) {
      if (text.charCodeAt(i + 1) === 0x2a)
        throw new Error(`Consecutive wildcard characters at pos ${bytePos}`);
      segments.push(current);
      current = '';
    } else if (c === 0x5c) {
      const next = text.charCodeAt(i + 1);
      if (next !== 0x2a && next !== 0x5c) throw new Error(`Invalid escape character at pos ${bytePos}`);
      current += String.fromCharCode(next);
      i++;
      bytePos++;
    } else {
      current += text.charAt(i);
    }
    bytePos += utf8Length(text, i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) current += text.charAt(++i);
    }
  }
  segments.push(current);
  return segments;
}

function utf8Length(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) {
    const low = text.charCodeAt(i + 1);
    return low >= 0xdc00 && low <= 0xdfff ? 4 : 1;
  }
  // A lone low surrogate is written by Java as '?'.
  return c >= 0xdc00 && c <= 0xdfff ? 1 : 3;
}

/** Whether `value` matches the wildcard. */
export function matchWildcard(w: Wildcard, value: string): boolean {
  const first = w[0] as string;
  if (w.length === 1) return value === first;
  const last = w[w.length - 1] as string;
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last))
    return false;
  let pos = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < w.length - 1; i++) {
    const segment = w[i] as string;
    const at = value.indexOf(segment, pos);
    if (at < 0 || at + segment.length > end) return false;
    pos = at + segment.length;
  }
  return true;
}

/**
 * event-ruler's complexity of a set of wildcard patterns on one field: the most pattern prefixes (cut
 * anywhere, counted once per pattern) that one input can match at the same time. `"*a*a*a*"` on `"aaa"`
 * is 7. Explores the reachable sets of matching prefixes breadth-first and stops at `cap`.
 */
export function wildcardComplexity(patterns: readonly Wildcard[], cap: number): number {
  // Tokens include event-ruler's enclosing quotes; -1 stands for `*`.
  const tokens = patterns.map((w) => {
    const out: number[] = [0x22];
    w.forEach((segment, i) => {
      if (i > 0) out.push(-1);
      for (let j = 0; j < segment.length; j++) out.push(segment.charCodeAt(j));
    });
    out.push(0x22);
    return out;
  });
  const alphabet = new Set<number>([0]);
  for (const t of tokens) for (const c of t) if (c >= 0) alphabet.add(c);
  const close = (t: number[], set: Set<number>): number[] => {
    for (let k = 0; k < t.length; k++) if (set.has(k) && t[k] === -1) set.add(k + 1);
    return [...set].sort((a, b) => a - b);
  };
  const start = tokens.map((t) => close(t, new Set([0])));
  const key = (state: number[][]) => state.map((s) => s.join(',')).join('|');
  const seen = new Set<string>([key(start)]);
  const queue: number[][][] = [start];
  let best = 0;
  // A safety bound: beyond it the pattern is treated as too complex.
  const maxStates = 50_000;
  while (queue.length > 0) {
    const state = queue.shift() as number[][];
    let size = 0;
    for (const s of state) size += s.length - (s[0] === 0 ? 1 : 0);
    if (size > best) best = size;
    if (best >= cap || seen.size > maxStates) return cap;
    for (const c of alphabet) {
      let alive = false;
      const next = state.map((s, p) => {
        const t = tokens[p] as number[];
        const out = new Set<number>();
        for (const k of s) {
          if (k >= 1 && t[k - 1] === -1) out.add(k);
          if (k < t.length && t[k] === c) out.add(k + 1);
        }
        if (out.size > 0) alive = true;
        return close(t, out);
      });
      if (!alive) continue;
      const id = key(next);
      if (!seen.has(id)) {
        seen.add(id);
        queue.push(next);
      }
    }
  }
  return best;
}
