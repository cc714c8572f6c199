/**
 * Numbers as AWS compares them. EventBridge's matcher (event-ruler 2.x) turns a JSON number into a Java
 * double and compares doubles, but only when the double is exactly the number written
 * (`BigDecimal.valueOf(double) == new BigDecimal(text)`): `300`, `300.0` and `3e2` are equal, while a
 * literal with more digits than a double holds, or out of its range, is "not comparable" and only ever
 * equals the same text.
 */

/** A JSON number that is not comparable as a double; it keeps the text it was written with. */
export class JsonNumber {
  constructor(
    readonly text: string,
    readonly value: number,
  ) {}

  toJSON(): number {
    return this.value;
  }
}

/** The numeric value of a JSON number literal if AWS can compare it, otherwise `undefined`. */
export function comparableNumber(text: string): number | undefined {
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  return sameDecimal(text, String(value)) ? value : undefined;
}

/** Whether two decimal literals denote the same value (BigDecimal.compareTo semantics). */
function sameDecimal(a: string, b: string): boolean {
  const x = normalize(a);
  const y = normalize(b);
  return (
    x.digits === y.digits && (x.digits === '' || (x.negative === y.negative && x.exponent === y.exponent))
  );
}

/** `-12.50e3` → { negative, digits: '125', exponent: 3 } with the value 0.digits × 10^exponent … scaled. */
function normalize(literal: string): { negative: boolean; digits: string; exponent: number } {
  let s = literal;
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  let exponent = 0;
  const e = s.search(/[eE]/);
  if (e >= 0) {
    exponent = Number(s.slice(e + 1));
    s = s.slice(0, e);
  }
  const dot = s.indexOf('.');
  if (dot >= 0) {
    exponent -= s.length - dot - 1;
    s = s.slice(0, dot) + s.slice(dot + 1);
  }
  const lead = s.search(/[^0]/);
  if (lead < 0) return { negative, digits: '', exponent: 0 };
  s = s.slice(lead);
  const trimmed = s.replace(/0+$/, '');
  exponent += s.length - trimmed.length;
  return { negative, digits: trimmed, exponent };
}
