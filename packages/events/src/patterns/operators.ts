import { compileIgnoreCase } from './ignore-case';
import { parseCidr } from './ip';
import { type JsonToken } from './json-reader';
import { type Matcher } from './matchers';
import { comparableNumber } from './numbers';
import { PatternError } from './pattern-error';
import { parseWildcard } from './wildcard';

/** The token stream a match expression is read from (the compiler's reader). */
export interface TokenSource {
  nextToken(): JsonToken;
  text(): string;
}

/** A match expression (`{"prefix": "a"}`…) as a matcher, `'absent'` for `{"exists": false}`. */
export interface MatchExpression {
  readonly matcher: Matcher | 'absent';
  /** The expression as written, for the normalized pattern and explanations. */
  readonly written: unknown;
}

/**
 * Reads one match expression whose `{` is consumed, as event-ruler's JsonRuleCompiler does: token by
 * token, with its checks in its order, so that the first error reported is AWS's.
 */
export function readMatchExpression(source: TokenSource): MatchExpression {
  return new OperatorReader(source).matchExpression();
}

class OperatorReader {
  constructor(private readonly source: TokenSource) {}

  private next(): JsonToken {
    return this.source.nextToken();
  }

  private text(): string {
    return this.source.text();
  }

  private fail(reason: string): never {
    throw new PatternError(reason);
  }

  private expectEnd(message = 'Only one key allowed in match expression'): void {
    if (this.next() !== 'endObject') this.fail(message);
  }

  private stringOperand(message: string): string {
    if (this.next() !== 'string') this.fail(message);
    return this.text();
  }

  matchExpression(): MatchExpression {
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
        if (token !== 'true' && token !== 'false')
          this.fail('exists match pattern must be either true or false.');
        this.expectEnd();
        return {
          matcher: token === 'true' ? { kind: 'exists' } : 'absent',
          written: { exists: token === 'true' },
        };
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
        return {
          matcher: { kind: 'equals-ic', value, ic: compileIgnoreCase(value) },
          written: { [op]: value },
        };
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
    return {
      matcher: { kind, value, ic: compileIgnoreCase(value) },
      written: { [op]: { 'equals-ignore-case': value } },
    };
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
      return {
        matcher: { kind: 'range', low: v, lowOpen: false, high: v, highOpen: false },
        written: [op, Number(text)],
      };
    }
    if (op === '<=' || op === '<') {
      const text = single(op);
      const v = this.comparable(text);
      return {
        matcher: { kind: 'range', low: -MAX, lowOpen: false, high: v, highOpen: op === '<' },
        written: [op, Number(text)],
      };
    }
    if (op !== '>=' && op !== '>') {
      this.fail(`Unrecognized numeric range operator: ${op}`);
    }
    const lowText = this.numberOperand(`Value of ${op} must be numeric`, token);
    token = this.next();
    if (token === 'endArray') {
      const v = this.comparable(lowText);
      return {
        matcher: { kind: 'range', low: v, lowOpen: op === '>', high: MAX, highOpen: false },
        written: [op, Number(lowText)],
      };
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
      return {
        matcher: { kind: 'but-string', values: new Set([value]) },
        written: { 'anything-but': value },
      };
    }
    if (token === 'number') {
      const text = this.text();
      const value = comparableNumber(text);
      // A Java IllegalArgumentException in event-ruler: not turned into a parse error.
      if (value === undefined) throw new PatternError(`Cannot compare number : ${text}`, 'argument');
      return {
        matcher: { kind: 'but-number', values: new Set([value]) },
        written: { 'anything-but': Number(text) },
      };
    }
    const strings: string[] = [];
    const numbers: number[] = [];
    while ((token = this.next()) !== 'endArray') {
      if (token === 'string') strings.push(this.text());
      else if (token === 'number') numbers.push(this.comparable(this.text()));
      else this.fail('Inside anything but list, start|null|boolean is not supported.');
    }
    if (strings.length > 0 === numbers.length > 0) {
      this.fail(
        'Inside anything but list, either all values are number or string, mixed type is not supported',
      );
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
      if ((inner === 'prefix' || inner === 'suffix') && text === '')
        this.fail('Null prefix/suffix not allowed');
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
