import { deepEqual, type Bound, type Shape } from './shapes';

// How findings word what the writer sends and what the reader accepts.

/** `detail.orderId`, or `detail["detail-type"]` for a key that is not an identifier. */
export function child(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** `a string`, `an integer`, `null`. */
export function kindName(shape: Shape, article = true): string {
  const noun =
    shape.kind === 'number'
      ? shape.integer
        ? 'integer'
        : 'number'
      : shape.kind === 'null'
        ? 'null'
        : shape.kind;
  if (!article || noun === 'null') return noun;
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

export function kinds(shapes: readonly Shape[]): string {
  if (shapes.length === 0) return 'nothing';
  return orList(unique(shapes.map((shape) => kindName(shape))));
}

export function orList(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export function unique<T>(items: readonly T[]): T[] {
  return items.filter((item, index) => items.findIndex((other) => deepEqual(other, item)) === index);
}

export function showValues(values: readonly unknown[]): string {
  const shown = values.slice(0, 6).map((value) => JSON.stringify(value));
  return (values.length > 6 ? [...shown, '…'] : shown).join(', ');
}

export function showBound(bound: Bound, side: 'lower' | 'upper'): string {
  if (side === 'lower') return `${bound.exclusive ? 'above' : 'from'} ${bound.value}`;
  return `${bound.exclusive ? 'below' : 'up to'} ${bound.value}`;
}

export function sentBound(bound: Bound, side: 'lower' | 'upper'): string {
  if (bound.exclusive) return `${side === 'lower' ? 'just above' : 'just below'} ${bound.value}`;
  return `${side === 'lower' ? 'as low as' : 'as high as'} ${bound.value}`;
}

export function showPatterns(patterns: readonly string[]): string {
  return patterns
    .map((pattern) => `/${pattern.length > 60 ? `${pattern.slice(0, 57)}…` : pattern}/`)
    .join(' and ');
}
