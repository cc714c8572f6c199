import { acceptsShape, isMultipleOf } from './accepts';
import { type Finding, type Fragments } from './finding';
import { type Bound, type Shape } from './shapes';
import { kindName, sentBound, showBound, showPatterns, showValues } from './wording';
import { candidatesOf } from './witness';

/** One finding for constraints on the value itself, with a counterexample searched among the writer's values. */
export function leaf(
  writer: Shape,
  reader: Shape,
  path: string,
  fragments: Fragments,
  reasons: readonly string[],
  seed: unknown,
): Finding[] {
  if (reasons.length === 0) return [];
  const value = candidatesOf(writer, reader, 0, seed).find((candidate) => !acceptsShape(reader, candidate));
  const undecided = value === undefined && reader.patterns.some((p) => !writer.patterns.includes(p));
  return [
    {
      path,
      reason:
        reasons.join('; ') +
        (undecided ? ' (two different patterns: the checker cannot prove one contains the other)' : ''),
      counterexample: value,
      certain: value !== undefined,
      ...fragments,
    },
  ];
}

export function leafReasons(writer: Shape, reader: Shape): string[] {
  const reasons: string[] = [];
  if (reader.values)
    reasons.push(`may be any ${kindName(writer, false)}, accepted only as ${showValues(reader.values)}`);
  if (writer.kind === 'number') {
    if (reader.integer && !writer.integer && !writer.multipleOf.some((factor) => Number.isInteger(factor))) {
      reasons.push('sent as any number, accepted only as an integer');
    }
    // zod's integers carry the safe-integer range: say "integer" once, not three times.
    const integerOnly = reasons.length > 0 && reasons[reasons.length - 1]!.endsWith('only as an integer');
    const implied = (bound: Bound) => integerOnly && Math.abs(bound.value) === Number.MAX_SAFE_INTEGER;
    if (reader.minimum && !within(writer, reader.minimum, 'lower') && !implied(reader.minimum)) {
      reasons.push(
        `sent ${writer.minimum ? sentBound(writer.minimum, 'lower') : 'with no lower bound'}, ` +
          `accepted only ${showBound(reader.minimum, 'lower')}`,
      );
    }
    if (reader.maximum && !within(writer, reader.maximum, 'upper') && !implied(reader.maximum)) {
      reasons.push(
        `sent ${writer.maximum ? sentBound(writer.maximum, 'upper') : 'with no upper bound'}, ` +
          `accepted only ${showBound(reader.maximum, 'upper')}`,
      );
    }
    for (const factor of reader.multipleOf) {
      const ok =
        writer.multipleOf.some((own) => isMultipleOf(own, factor)) ||
        (writer.integer && isMultipleOf(1, factor));
      if (!ok) reasons.push(`accepted only as a multiple of ${factor}`);
    }
  }
  if (writer.kind === 'string') {
    if (reader.minLength > writer.minLength) {
      reasons.push(
        `sent with ${writer.minLength} characters or more, accepted only with ${reader.minLength} or more`,
      );
    }
    if (reader.maxLength !== undefined && (writer.maxLength ?? Infinity) > reader.maxLength) {
      reasons.push(
        `sent with ${writer.maxLength === undefined ? 'any number of' : `up to ${writer.maxLength}`} characters, ` +
          `accepted only with up to ${reader.maxLength}`,
      );
    }
    const formats = reader.formats.filter((f) => !writer.formats.includes(f));
    for (const format of formats) {
      const sent = writer.formats.length > 0 ? `in format ${writer.formats.join(', ')}` : 'as any string';
      reasons.push(`sent ${sent}, accepted only in format ${format}`);
    }
    // zod writes a format's pattern beside it: the format says it.
    const patterns = formats.length > 0 ? [] : reader.patterns.filter((p) => !writer.patterns.includes(p));
    for (const pattern of patterns) {
      const sent = writer.patterns.length > 0 ? `sent matching ${showPatterns(writer.patterns)}, ` : '';
      reasons.push(`${sent}accepted only matching ${showPatterns([pattern])}`);
    }
  }
  return reasons;
}

/** Whether every number the writer allows is inside the reader's bound. */
function within(writer: Shape, bound: Bound, side: 'lower' | 'upper'): boolean {
  const own = side === 'lower' ? writer.minimum : writer.maximum;
  if (!own) return false;
  if (writer.integer) {
    // The integers past an exclusive bound start at the next one: `> 0` is `>= 1`.
    const edge =
      side === 'lower'
        ? own.exclusive
          ? Math.floor(own.value) + 1
          : Math.ceil(own.value)
        : own.exclusive
          ? Math.ceil(own.value) - 1
          : Math.floor(own.value);
    return side === 'lower'
      ? bound.exclusive
        ? edge > bound.value
        : edge >= bound.value
      : bound.exclusive
        ? edge < bound.value
        : edge <= bound.value;
  }
  if (own.value !== bound.value) return side === 'lower' ? own.value > bound.value : own.value < bound.value;
  return !bound.exclusive || own.exclusive;
}
