import { ipToHex } from './ip';
import { JsonReader, type JsonToken } from './json-reader';
import { fieldMode, type FieldMode, type Matcher } from './matchers';
import { comparableNumber } from './numbers';
import { readMatchExpression } from './operators';
import { PatternError } from './pattern-error';

export { PatternError } from './pattern-error';

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
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

type Rule = Map<string, Condition>;

/**
 * Compiles pattern JSON as EventBridge does: with event-ruler's `JsonRuleCompiler` alone. event-ruler's
 * `Machine.addRule` retries a refused pattern with its legacy `RuleCompiler` (which reads `$or` as a plain
 * field name), but EventBridge does not: its reasons are `JsonRuleCompiler`'s even where the legacy
 * compiler words them differently (`Inside anything-but/equals-ignore-case list, …`, recorded from AWS),
 * so a malformed `$or` is refused with `JsonRuleCompiler`'s reason.
 */
export function compileRules(text: string, maxCombinations: number): CompiledRules {
  return new Compiler(text, maxCombinations).compile();
}

class Compiler {
  private readonly reader: JsonReader;

  constructor(
    text: string,
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
    for (const rule of rules)
      for (const c of rule.values()) modes.set(c.path, [...(modes.get(c.path) ?? []), ...c.matchers]);
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

  private parseObject(
    rules: Rule[],
    path: string[],
    target: Record<string, unknown>,
    insideOr: boolean,
  ): void {
    let fieldsPresent = false;
    while (this.next() !== 'endObject') {
      fieldsPresent = true;
      const name = this.text();
      if (name === '$or') {
        target['$or'] = this.parseOr(rules, path);
        continue;
      }
      if (insideOr && RESERVED_IN_OR.has(name))
        this.fail(`${name} is Ruler reserved fieldName which cannot be used inside $or.`);
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
        const { matcher, written } = readMatchExpression(this.reader);
        if (matcher === 'absent') absent = true;
        else matchers.push(matcher);
        expected.push(written);
      } else if (token === 'string') {
        const value = this.text();
        const hex = ipToHex(value);
        matchers.push(
          hex !== undefined ? { kind: 'ip', range: { low: hex, high: hex } } : { kind: 'string', value },
        );
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
    for (const rule of rules)
      rule.set(name, { path: name, matchers, absent, expected, mode: { numeric: false, ip: false } });
    return expected;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
