/**
 * The JSONPath subset EventBridge documents for `InputPath` and `InputPathsMap`: `$`, dot names (dashes
 * allowed: `$.detail-type`), bracketed names (`$['a.b']`), array indices (`$.resources[0]`, negative
 * from the end) and `*` wildcards. Written here because general JSONPath libraries add filters and
 * scripts EventBridge does not have, and their answers for missing paths differ; this keeps the
 * semantics to what AWS documents (a wildcard path yields a list, a missing plain path yields nothing).
 */

type Segment =
  | { readonly kind: 'key'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' };

export interface JsonPath {
  readonly text: string;
  readonly segments: readonly Segment[];
  /** A wildcard makes the path "indefinite": its result is a list. */
  readonly indefinite: boolean;
}

/** Parses a path; throws an `Error` saying what is wrong. */
export function parseJsonPath(text: string): JsonPath {
  if (!text.startsWith('$')) throw new Error('a JSONPath starts with $');
  const segments: Segment[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '.') {
      if (text.charAt(i + 1) === '*') {
        segments.push({ kind: 'wildcard' });
        i += 2;
        continue;
      }
      let end = i + 1;
      while (end < text.length && text.charAt(end) !== '.' && text.charAt(end) !== '[') end++;
      const name = text.slice(i + 1, end);
      if (name === '') throw new Error(`empty name at position ${i + 1}`);
      segments.push({ kind: 'key', name });
      i = end;
    } else if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) throw new Error(`unclosed [ at position ${i}`);
      const inside = text.slice(i + 1, close).trim();
      if (inside === '*') segments.push({ kind: 'wildcard' });
      else if (/^-?[0-9]+$/.test(inside)) segments.push({ kind: 'index', index: Number(inside) });
      else if (/^'[^']*'$|^"[^"]*"$/.test(inside)) segments.push({ kind: 'key', name: inside.slice(1, -1) });
      else throw new Error(`unsupported selector [${inside}]`);
      i = close + 1;
    } else {
      throw new Error(`unexpected ${JSON.stringify(c)} at position ${i}`);
    }
  }
  return { text, segments, indefinite: segments.some((s) => s.kind === 'wildcard') };
}

/** What a path selects in a JSON value: `found: false` when a plain path leads nowhere. */
export function selectJsonPath(path: JsonPath, root: unknown): { found: boolean; value: unknown } {
  let current: unknown[] = [root];
  for (const segment of path.segments) {
    const next: unknown[] = [];
    for (const node of current) step(segment, node, next);
    current = next;
  }
  if (path.indefinite) return { found: true, value: current };
  return current.length === 0 ? { found: false, value: undefined } : { found: true, value: current[0] };
}

function step(segment: Segment, node: unknown, out: unknown[]): void {
  if (node === null || typeof node !== 'object') return;
  if (segment.kind === 'wildcard') {
    out.push(...(Array.isArray(node) ? node : Object.values(node)));
  } else if (segment.kind === 'index') {
    if (!Array.isArray(node)) return;
    const at = segment.index < 0 ? node.length + segment.index : segment.index;
    if (at >= 0 && at < node.length) out.push(node[at]);
  } else if (!Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, segment.name)) {
    out.push((node as Record<string, unknown>)[segment.name]);
  }
}
