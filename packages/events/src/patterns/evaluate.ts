import { type Condition } from './compiler';
import { flattenEvent, type Membership, type Occurrence, parseEventObject, toTestEvent } from './event';
import { ipToHex } from './ip';
import { type EventValue, type Matcher, matchValue } from './matchers';
import {
  compileValidated,
  type EventPatternObject,
  type PatternLimits,
  type ValidatedPattern,
} from './validate';

/**
 * Checks an event pattern with AWS's rules and returns it as a plain object (duplicate keys resolved).
 * Throws {@link InvalidEventPatternError} with AWS's message, such as
 * `Event pattern is not valid. Reason: "source" must be an object or an array`.
 *
 * @example
 * validatePattern({ source: ['myapp.orders'], detail: { total: [{ numeric: ['>', 100] }] } });
 * validatePattern('{"source": "myapp.orders"}'); // throws InvalidEventPatternError
 */
export function validatePattern(pattern: string | object, limits?: PatternLimits): EventPatternObject {
  return compileValidated(pattern, limits).normalized;
}

/** A compiled event pattern. */
export interface CompiledPattern {
  /** The pattern, validated and normalized. */
  readonly pattern: EventPatternObject;
  /** Every field path the pattern tests (`detail.state.status`), sorted. */
  readonly paths: readonly string[];
  /** Whether the event (an object, or its JSON text) matches, as EventBridge decides for a rule. */
  matches(event: object | string): boolean;
}

/**
 * Validates and compiles a pattern once, for matching many events.
 *
 * @example
 * const rule = compilePattern({ 'detail-type': [{ prefix: 'Order' }] });
 * rule.matches({ 'detail-type': 'Order Created', detail: {} }); // true
 */
export function compilePattern(pattern: string | object, limits?: PatternLimits): CompiledPattern {
  const validated = compileValidated(pattern, limits);
  return {
    pattern: validated.normalized,
    paths: validated.paths,
    matches: (event) => evaluate(validated, toEventObject(event)),
  };
}

/**
 * What AWS's `TestEventPattern` answers: whether `event` matches `pattern`. The event must be a JSON
 * object (or its text) with `id`, `account`, `source`, `time`, `region` and `detail-type`, otherwise this
 * throws {@link ValidationError} (`Parameter Event is not valid.`); an invalid pattern throws
 * {@link InvalidEventPatternError}.
 *
 * @example
 * testEventPattern({ source: ['myapp.orders'] }, { id: '1', account: '1', source: 'myapp.orders', time: '', region: '', 'detail-type': 'x' }); // true
 */
export function testEventPattern(pattern: string | object, event: object | string): boolean {
  const value = toTestEvent(event);
  return evaluate(compileValidated(pattern), value);
}

/** Parses event text exactly (see {@link parseEventObject}); objects are used as they are. */
export function toEventObject(event: object | string): object {
  return typeof event === 'string' ? parseEventObject(event) : event;
}

/** Reference evaluation: every `$or` branch is tried until one holds. */
export function evaluate(pattern: ValidatedPattern, event: object): boolean {
  const occurrences = flattenEvent(event, pattern.paths);
  return pattern.branches.some((branch) => branchHolds(branch, occurrences));
}

/** Whether a branch holds for an event flattened by {@link flattenEvent}. */
export function branchHolds(
  branch: readonly Condition[],
  occurrences: ReadonlyMap<string, readonly Occurrence[]>,
): boolean {
  return holdsFrom(branch, 0, occurrences, []);
}

/**
 * event-ruler's array-consistent matching: the fields of a branch are taken in sorted order; each is met
 * by a value whose array elements agree with those of the values chosen so far, or (with
 * `{"exists": false}`) by having no such value. Backtracks over the choices.
 */
function holdsFrom(
  branch: readonly Condition[],
  index: number,
  occurrences: ReadonlyMap<string, readonly Occurrence[]>,
  membership: Membership,
): boolean {
  if (index === branch.length) return true;
  const condition = branch[index] as Condition;
  const list = occurrences.get(condition.path) ?? [];
  let consistentCount = 0;
  for (const occurrence of list) {
    if (!consistent(membership, occurrence.membership)) continue;
    consistentCount++;
    if (conditionMatchesValue(condition, occurrence.value)) {
      if (holdsFrom(branch, index + 1, occurrences, merge(membership, occurrence.membership))) return true;
    }
  }
  return condition.absent && consistentCount === 0 && holdsFrom(branch, index + 1, occurrences, membership);
}

/** Whether one value satisfies one of the condition's matchers, in the field's mode. */
export function conditionMatchesValue(condition: Condition, value: EventValue): boolean {
  const hex = condition.mode.ip && typeof value === 'string' ? ipToHex(value) : undefined;
  for (const m of condition.matchers) if (matchValue(m, value, hex)) return true;
  return false;
}

/**
 * {@link conditionMatchesValue} prepared for the common shapes: one string, a set of strings, one
 * matcher. Data rather than a closure, so that the check inlines where it is used.
 */
export type ValueCheck =
  | { readonly kind: 'one'; readonly value: string }
  | { readonly kind: 'set'; readonly values: ReadonlySet<string> }
  | { readonly kind: 'matcher'; readonly matcher: Matcher }
  | { readonly kind: 'condition'; readonly condition: Condition };

/** @param intern gives the copy of a string to keep (see `StringPool`). */
export function prepareCheck(
  condition: Condition,
  intern: (text: string) => string = (text) => text,
): ValueCheck {
  const matchers = condition.matchers;
  if (!condition.mode.ip && matchers.length > 0 && matchers.every((m) => m.kind === 'string')) {
    const values = [...new Set(matchers.map((m) => (m as { value: string }).value))].map(intern);
    return values.length === 1
      ? { kind: 'one', value: values[0] as string }
      : { kind: 'set', values: new Set(values) };
  }
  if (!condition.mode.ip && matchers.length === 1)
    return { kind: 'matcher', matcher: matchers[0] as Matcher };
  return { kind: 'condition', condition };
}

export function passesCheck(check: ValueCheck, value: EventValue): boolean {
  switch (check.kind) {
    case 'one':
      return value === check.value;
    case 'set':
      return typeof value === 'string' && check.values.has(value);
    case 'matcher':
      return matchValue(check.matcher, value, undefined);
    case 'condition':
      return conditionMatchesValue(check.condition, value);
  }
}

export function consistent(a: Membership, b: Membership): boolean {
  for (const [array, index] of b) {
    for (const [other, otherIndex] of a) if (other === array && otherIndex !== index) return false;
  }
  return true;
}

function merge(a: Membership, b: Membership): Membership {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...a, ...b.filter(([array]) => !a.some(([other]) => other === array))];
}
