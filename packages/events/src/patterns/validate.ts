import { InvalidEventPatternError } from '../errors';
import { type Condition, compileRules, PatternError } from './compiler';
import { JsonSyntaxError } from './json-reader';
import { type Wildcard, wildcardComplexity } from './wildcard';

/**
 * An event pattern as a plain object: field names mapping to nested patterns or to lists of matchers.
 *
 * @example
 * const pattern: EventPatternObject = { source: ['myapp.orders'], detail: { total: [{ numeric: ['>', 100] }] } };
 */
export interface EventPatternObject {
  readonly [field: string]:
    EventPatternObject | readonly EventPatternMatcher[] | readonly EventPatternObject[];
}

/** One entry of a field's list: a value to equal, or an operator object such as `{ prefix: 'a' }`. */
export type EventPatternMatcher = string | number | boolean | null | { readonly [operator: string]: unknown };

/** Limits AWS applies when a rule is created. */
export interface PatternLimits {
  /**
   * Longest pattern, in characters of its JSON text. EventBridge's quota is 2048 and AWS raises it to
   * 4096 on request.
   * @default 2048
   */
  readonly maxLength?: number;
  /** Most `$or` combinations (the product of the sizes of the `$or` lists). @default 1000 */
  readonly maxCombinations?: number;
}

/** Wildcard complexity at which EventBridge refuses a rule (see `wildcardComplexity`). */
export const MAX_WILDCARD_COMPLEXITY = 10;
const TOO_COMPLEX =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

/** A validated, compiled pattern: what the matchers run on. */
export interface ValidatedPattern {
  readonly text: string;
  readonly branches: readonly (readonly Condition[])[];
  readonly normalized: EventPatternObject;
  /** Every field path the pattern tests, sorted. */
  readonly paths: readonly string[];
}

/** Validates and compiles; throws {@link InvalidEventPatternError} with AWS's reason. */
export function compileValidated(pattern: string | object, limits: PatternLimits = {}): ValidatedPattern {
  const text = patternText(pattern);
  const maxLength = limits.maxLength ?? 2048;
  if (text.length > maxLength) {
    throw invalid(
      `Event pattern is ${text.length} characters long; the limit is ${maxLength}`,
      text,
      'Shorten the pattern (fewer values or fields), or split it into two rules; AWS can raise the quota to 4096.',
    );
  }
  let compiled;
  try {
    compiled = compileRules(text, limits.maxCombinations ?? 1000);
  } catch (error) {
    if (error instanceof PatternError || error instanceof JsonSyntaxError)
      throw invalid(error.message, text, hintFor(error.message), error);
    throw error;
  }
  const wildcards = new Map<string, Map<string, Wildcard>>();
  const paths = new Set<string>();
  for (const branch of compiled.branches) {
    for (const condition of branch) {
      paths.add(condition.path);
      for (const m of condition.matchers) {
        if (m.kind !== 'wildcard') continue;
        let byValue = wildcards.get(condition.path);
        if (!byValue) wildcards.set(condition.path, (byValue = new Map()));
        byValue.set(m.value, m.wildcard);
      }
    }
  }
  for (const byValue of wildcards.values()) {
    if (wildcardComplexity([...byValue.values()], MAX_WILDCARD_COMPLEXITY) >= MAX_WILDCARD_COMPLEXITY) {
      throw invalid(TOO_COMPLEX, text, hintFor(TOO_COMPLEX));
    }
  }
  return {
    text,
    branches: compiled.branches,
    normalized: compiled.normalized as EventPatternObject,
    paths: [...paths].sort(),
  };
}

function patternText(pattern: string | object): string {
  if (typeof pattern === 'string') return pattern;
  let text: string | undefined;
  try {
    text = JSON.stringify(pattern);
  } catch (error) {
    throw invalid(
      `The pattern cannot be written as JSON: ${(error as Error).message}`,
      String(pattern),
      'Pass a plain JSON object (no cycles, no BigInt).',
      error,
    );
  }
  return text ?? String(pattern);
}

function invalid(reason: string, text: string, hint: string, cause?: unknown): InvalidEventPatternError {
  return new InvalidEventPatternError(reason, text, hint, cause === undefined ? undefined : { cause });
}

/** How to fix each kind of reason, in paved's words. */
function hintFor(reason: string): string {
  const docs =
    'See https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html.';
  if (/^(Unrecognized token|Unexpected|Illegal|Invalid numeric|Non-standard)/.test(reason)) {
    return 'The pattern is not valid JSON: quote field names and strings with double quotes and check brackets and commas.';
  }
  if (reason.endsWith('must be an object or an array')) {
    return 'Every field takes a list of matchers: write {"field": ["value"]}, not {"field": "value"}.';
  }
  if (reason === 'Filter is not an object')
    return 'A pattern is a JSON object, such as {"source": ["myapp.orders"]}.';
  if (reason.startsWith('Empty'))
    return 'Remove the empty list or object, or put at least one matcher in it.';
  if (reason === 'Unrecognized match type $or') {
    return 'Put "$or" beside the fields it chooses between, not in a field\'s list: {"$or": [{"a": ["x"]}, {"b": ["y"]}]}.';
  }
  if (reason.startsWith('Unrecognized match type')) {
    return `Operators are lower-case: prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, exists, cidr. ${docs}`;
  }
  if (reason === TOO_COMPLEX) {
    return 'Use fewer * per value and fewer wildcard values on one field, or a prefix/suffix instead of a wildcard.';
  }
  if (reason.startsWith('The $or combinations')) {
    return 'Use fewer $or alternatives (their counts multiply), or split the pattern into several rules.';
  }
  if (reason.includes('$or')) {
    return 'Write "$or": [{...}, {...}] with at least two objects, each holding fields (not operators).';
  }
  return docs;
}
