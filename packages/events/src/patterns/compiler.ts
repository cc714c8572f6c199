import { compileIgnoreCase } from './ignore-case';
import { parseCidr, ipToHex } from './ip';
import { JsonReader, type JsonToken } from './json-reader';
import { fieldMode, type FieldMode, type Matcher } from './matchers';
import { comparableNumber } from './numbers';
import { parseWildcard } from './wildcard';

/** A compile error. `argument` errors are Java IllegalArgumentExceptions in event-ruler: no fallback. */
export class PatternError extends Error {
  constructor(
    readonly reason: string,
    readonly kind: 'parse' | 'argument' = 'parse',
  ) {
    super(reason);
  }
}

/** The tests on one field of one branch: its matchers are ORed; `absent` adds `{"exists": false}`. */
export interface Condition {
  /** Dotted field path, as event-ruler joins keys (`detail.state.status`). */
  readonly path: string;
  readonly matchers: readonly Matcher[];
  readonly absent: boolean;
  /** The list as written in the pattern, for explanations. */
  readonly expected: readonly unknown[];
  /** Shared by all conditions on this path in one pattern. */
  mode: FieldMode;
}

export interface CompiledRules {
  /** One entry per `$or` combination; each is a list of conditions sorted by path (all must hold). */
  readonly branches: readonly (readonly Condition[])[];
  /** The pattern as a plain object, duplicate keys resolved. */
  readonly normalized: Record<string, unknown>;
}

/** Keys that may not name a field inside `$or` (event-ruler's reserved words). */
const RESERVED_IN_OR = new Set([
  'exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr',
  '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case', 'date-after', 'date-on-or-after',
  'date-before', 'date-on-or-before', 'in-date-range', 'ip-address-in-range', 'ip-address-not-in-range',
]);

type Rule = Map<string, Condition>;

/**
 * Compiles pattern JSON as event-ruler does: `JsonRuleCompiler` first; if it refuses the text, the legacy
 * compiler, which reads `$or` as an ordinary field name (so `{"$or": {...}}` stays a valid pattern).
 */
export function compileRules(text: string, maxCombinations: number): CompiledRules {
  try {
    return new Compiler(text, true, maxCombinations).compile();
  } catch (error) {
    if (!(error instanceof PatternError) || error.kind !== 'parse' || !text.includes('$or')) throw error;
    return new Compiler(text, false, maxCombinations).compile();
  }
}

class Compiler {
  private readonly reader: JsonReader;

  constructor(
    text: string,
    private readonly withOr: boolean,
    private readonly maxCombinations: number,
  ) {
    this.reader = new JsonReader(text);
  }

  compile(): CompiledRules {
    const rules: Rule[] = [];
    const normalized: Record<string, unknown> = {};
    if (this.next() !== 'startObject') this.fail('Filter is not an object');
    this.parseObject(rules, [], normalized, false);
    const modes = new Map<string, Matcher[]>();
    for (const rule of rules) for (const c of rule.values()) modes.set(c.path, [...(modes.get(c.path) ?? []), ...c.matchers]);
    const branches = rules.map((rule) =>
      [...rule.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    );
    for (const branch of branches) for (const c of branch) c.mode = fieldMode(modes.get(c.path) ?? []);
    return { branches, normalized };
  }

  private next(): JsonToken {
    return this.reader.nextToken();
  }

  private text(): string {
    return this.reader.text();
  }

  private fail(reason: string): never {
    throw new PatternError(reason);
  }

  private parseObject(rules: Rule[], path: string[], target: Record<string, unknown>, insideOr: boolean): void {
    let fieldsPresent = false;
    while (this.next() !== 'endObject') {
      fieldsPresent = true;
      const name = this.text();
      if (this.withOr && name === '$or') {
        target['$or'] = this.parseOr(rules, path);
        continue;
      }
      if (insideOr && RESERVED_IN_OR.has(name)) this.fail(`${name} is Ruler reserved fieldName which cannot be used inside $or.`);
      const token = this.next();
      if (token === 'startObject') {
        const existing = target[name];
        const child = isPlainObject(existing) ? existing : {};
        target[name] = child;
        this.parseObject(rules, [...path, name], child, insideOr);
      } else if (token === 'startArray') {
        target[name] = this.writeRules(rules, [...path, name].join('.'));
      } else {
        this.fail(`"${name}" must be an object or an array`);
      }
    }
    if (!fieldsPresent) this.fail('Empty objects are not allowed');
  }

  private parseOr(rules: Rule[], path: string[]): unknown[] {
    const current = rules.map((r) => new Map(r));
    rules.length = 0;
    if (this.next() !== 'startArray') this.fail('It must be an Array followed with $or.');
    const branches: unknown[] = [];
    let count = 0;
    let token: JsonToken;
    while ((token = this.next()) !== 'endArray') {
      count++;
      if (token !== 'startObject') this.fail('Only JSON object is allowed in array of $or relationship.');
      const forked = current.length > 0 ? current.map((r) => new Map(r)) : [new Map<string, Condition>()];
      const branch: Record<string, unknown> = {};
      this.parseObject(forked, path, branch, true);
      rules.push(...forked);
      if (rules.length > this.maxCombinations) {
        throw new PatternError(
          `The $or combinations of this pattern exceed the limit of ${this.maxCombinations}`,
          'argument',
        );
      }
      branches.push(branch);
    }
    if (count < 2) this.fail('There must have at least 2 Objects in $or relationship.');
    return branches;
  }

  /** Reads a field's list of values; returns the list as written. */
  private writeRules(rules: Rule[], name: string): unknown[] {
    const matchers: Matcher[] = [];
    const expected: unknown[] = [];
    let absent = false;
    let token: JsonToken;
    while ((token = this.next()) !== 'endArray') {
      if (token === 'startObject') {
        const { matcher, written } = this.matchExpression();
        if (matcher === 'absent') absent = true;
        else matchers.push(matcher);
        expected.push(written);
      } else if (token === 'string') {
        const value = this.text();
        const hex = ipToHex(value);
        matchers.push(hex !== undefined ? { kind: 'ip', range: { low: hex, high: hex } } : { kind: 'string', value });
        expected.push(value);
      } else if (token === 'number') {
        const text = this.text();
        matchers.push({ kind: 'number', text, value: comparableNumber(text) });
        expected.push(Number(text));
      } else if (token === 'true' || token === 'false' || token === 'null') {
        const value = token === 'null' ? null : token === 'true';
        matchers.push({ kind: 'literal', value });
        expected.push(value);
      } else {
        this.fail('Match value must be String, number, true, false, or null');
      }
    }
    if (matchers.length === 0 && !absent) this.fail('Empty arrays are not allowed');
    if (rules.length === 0) rules.push(new Map());
    for (const rule of rules) rule.set(name, { path: name, matchers, absent, expected, mode: { numeric: false, ip: false } });
    return expected;
  }

  private expectEnd(message = 'Only one key allowed in match expression'): void {
    if (this.next() !== 'endObject') this.fail(message);
  }

  private stringOperand(message: string): string {
    if (this.next() !== 'string') this.fail(message);
    return this.text();
  }

  private matchExpression(): { matcher: Matcher | 'absent'; written: unknown } {
    if (this.next() !== 'fieldName') this.fail('Match expression name not found');
    const op = this.text();
    switch (op) {
      case 'exactly': {
        const value = this.stringOperand('exact match pattern must be a string');
        this.expectEnd();
        return { matcher: { kind: 'string', value }, written: { exactly: value } };
      }
      case 'prefix':
      case 'suffix': {
        const token = this.next();
        if (token === 'startObject') return this.affixIgnoreCase(op);
        if (token !== 'string') this.fail(`${op} match pattern must be a string`);
        const value = this.text();
        this.expectEnd();
        return { matcher: { kind: op, value }, written: { [op]: value } };
      }
      case 'numeric': {
        if (this.next() !== 'startArray') this.fail('Value of numeric must be an array.');
        const { matcher, written } = this.numeric();
        this.expectEnd('Too many elements in numeric expression');
        return { matcher, written: { numeric: written } };
      }
      case 'anything-but':
        return this.anythingBut();
      case 'exists': {
        const token = this.next();
        if (token !== 'true' && token !== 'false') this.fail('exists match pattern must be either true or false.');
        this.expectEnd();
        return { matcher: token === 'true' ? { kind: 'exists' } : 'absent', written: { exists: token === 'true' } };
      }
      case 'cidr': {
        const value = this.stringOperand('prefix match pattern must be a string');
        let range;
        try {
          range = parseCidr(value);
        } catch (error) {
          throw new PatternError((error as Error).message, 'argument');
        }
        this.expectEnd();
        return { matcher: { kind: 'ip', range }, written: { cidr: value } };
      }
      case 'equals-ignore-case': {
        const value = this.stringOperand('equals-ignore-case match pattern must be a string');
        this.expectEnd();
        return { matcher: { kind: 'equals-ic', value, ic: compileIgnoreCase(value) }, written: { [op]: value } };
      }
      case 'wildcard': {
        const value = this.stringOperand('wildcard match pattern must be a string');
        const wildcard = this.wildcard(value);
        this.expectEnd();
        return { matcher: { kind: 'wildcard', value, wildcard }, written: { wildcard: value } };
      }
      default:
        this.fail(`Unrecognized match type ${op}`);
    }
  }

  private wildcard(value: string) {
    try {
      return parseWildcard(value);
    } catch (error) {
      this.fail((error as Error).message);
    }
  }

  private affixIgnoreCase(op: 'prefix' | 'suffix'): { matcher: Matcher; written: unknown } {
    const title = op === 'prefix' ? 'Prefix' : 'Suffix';
    if (this.next() !== 'fieldName') this.fail(`${title} expression name not found`);
    const inner = this.text();
    if (inner !== 'equals-ignore-case') this.fail(`Unsupported ${op} pattern: ${inner}`);
    const value = this.stringOperand('equals-ignore-case match pattern must be a string');
    this.expectEnd();
    this.expectEnd();
    const kind = op === 'prefix' ? 'prefix-ic' : 'suffix-ic';
    return { matcher: { kind, value, ic: compileIgnoreCase(value) }, written: { [op]: { 'equals-ignore-case': value } } };
  }

  private numberOperand(message: string, token: JsonToken): string {
    if (token !== 'number') this.fail(message);
    return this.text();
  }

  private comparable(text: string): number {
    const value = comparableNumber(text);
    if (value === undefined) this.fail(`Cannot compare number : ${text}`);
    return value;
  }

  /** event-ruler reads the numeric list token by token; the checks below follow its order. */
  private numeric(): { matcher: Matcher; written: unknown[] } {
    if (this.next() !== 'string') this.fail(`Invalid member in numeric match: ${this.text()}`);
    const op = this.text();
    let token = this.next();
    const single = (name: string): string => {
      const text = this.numberOperand(`Value of ${name} must be numeric`, token);
      if (this.next() !== 'endArray') this.fail('Too many elements in numeric expression');
      return text;
    };
    const MAX = Number.MAX_VALUE;
    if (op === '=') {
      const text = single('equals');
      const v = this.comparable(text);
      return { matcher: { kind: 'range', low: v, lowOpen: false, high: v, highOpen: false }, written: [op, Number(text)] };
    }
    if (op === '<=' || op === '<') {
      const text = single(op);
      const v = this.comparable(text);
      return { matcher: { kind: 'range', low: -MAX, lowOpen: false, high: v, highOpen: op === '<' }, written: [op, Number(text)] };
    }
    if (op !== '>=' && op !== '>') {
      this.fail(`Unrecognized numeric range operator: ${op}`);
    }
    const lowText = this.numberOperand(`Value of ${op} must be numeric`, token);
    token = this.next();
    if (token === 'endArray') {
      const v = this.comparable(lowText);
      return { matcher: { kind: 'range', low: v, lowOpen: op === '>', high: MAX, highOpen: false }, written: [op, Number(lowText)] };
    }
    if (token !== 'string') this.fail(`Bad value in numeric range: ${this.text()}`);
    const top = this.text();
    if (top !== '<' && top !== '<=') this.fail(`Bad numeric range operator: ${top}`);
    const highText = this.numberOperand(`Value of ${top} must be numeric`, this.next());
    if (this.next() !== 'endArray') this.fail('Too many terms in numeric range expression');
    const low = this.comparable(lowText);
    const high = this.comparable(highText);
    if (!(low < high)) this.fail('Bottom must be less than top');
    return {
      matcher: { kind: 'range', low, lowOpen: op === '>', high, highOpen: top === '<' },
      written: [op, Number(lowText), top, Number(highText)],
    };
  }

  private anythingBut(): { matcher: Matcher; written: unknown } {
    let inner: 'equals-ignore-case' | 'prefix' | 'suffix' | 'wildcard' | undefined;
    let token = this.next();
    if (token === 'startObject') {
      if (this.next() !== 'fieldName') this.fail('Anything-But expression name not found');
      const name = this.text();
      if (name !== 'equals-ignore-case' && name !== 'prefix' && name !== 'suffix' && name !== 'wildcard') {
        this.fail(`Unsupported anything-but pattern: ${name}`);
      }
      inner = name;
      token = this.next();
    }
    if (token !== 'startArray' && token !== 'string' && token !== 'number') {
      this.fail('Value of anything-but must be an array or single string/number value.');
    }
    const result = inner === undefined ? this.anythingButValues(token) : this.anythingButSet(inner, token);
    this.expectEnd('Too many elements in numeric expression');
    if (inner !== undefined) this.expectEnd('Too many elements in numeric expression');
    return result;
  }

  private anythingButValues(token: JsonToken): { matcher: Matcher; written: unknown } {
    if (token === 'string') {
      const value = this.text();
      return { matcher: { kind: 'but-string', values: new Set([value]) }, written: { 'anything-but': value } };
    }
    if (token === 'number') {
      const text = this.text();
      const value = comparableNumber(text);
      // A Java IllegalArgumentException in event-ruler: not turned into a parse error.
      if (value === undefined) throw new PatternError(`Cannot compare number : ${text}`, 'argument');
      return { matcher: { kind: 'but-number', values: new Set([value]) }, written: { 'anything-but': Number(text) } };
    }
    const strings: string[] = [];
    const numbers: number[] = [];
    while ((token = this.next()) !== 'endArray') {
      if (token === 'string') strings.push(this.text());
      else if (token === 'number') numbers.push(this.comparable(this.text()));
      else this.fail('Inside anything but list, start|null|boolean is not supported.');
    }
    if (strings.length > 0 === numbers.length > 0) {
      this.fail('Inside anything but list, either all values are number or string, mixed type is not supported');
    }
    return strings.length > 0
      ? { matcher: { kind: 'but-string', values: new Set(strings) }, written: { 'anything-but': strings } }
      : { matcher: { kind: 'but-number', values: new Set(numbers) }, written: { 'anything-but': numbers } };
  }

  private anythingButSet(
    inner: 'equals-ignore-case' | 'prefix' | 'suffix' | 'wildcard',
    token: JsonToken,
  ): { matcher: Matcher; written: unknown } {
    const typeError =
      inner === 'equals-ignore-case'
        ? 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'
        : inner === 'wildcard'
          ? 'wildcard match pattern must be a string'
          : 'prefix/suffix match pattern must be a string';
    const values: string[] = [];
    const read = () => {
      if (token !== 'string') this.fail(typeError);
      const text = this.text();
      if ((inner === 'prefix' || inner === 'suffix') && text === '') this.fail('Null prefix/suffix not allowed');
      values.push(text);
    };
    const list = token === 'startArray';
    if (list) while ((token = this.next()) !== 'endArray') read();
    else read();
    const written = { 'anything-but': { [inner]: list ? values : values[0] } };
    switch (inner) {
      case 'equals-ignore-case':
        return { matcher: { kind: 'but-ic', values: values.map(compileIgnoreCase) }, written };
      case 'prefix':
        return { matcher: { kind: 'but-prefix', values }, written };
      case 'suffix':
        return { matcher: { kind: 'but-suffix', values }, written };
      case 'wildcard':
        return { matcher: { kind: 'but-wildcard', values: values.map((v) => this.wildcard(v)) }, written };
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
