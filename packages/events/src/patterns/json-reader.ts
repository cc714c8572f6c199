/**
 * A pull parser for JSON that reports errors in the words of Jackson, the Java parser behind EventBridge.
 *
 * Written here rather than taken from npm because AWS's error text is part of the contract: an invalid
 * pattern must fail with `Unrecognized token 'this': was expecting (…)` exactly as AWS says it, and
 * AWS reads patterns as a token stream (a bad value is reported before a later syntax error), keeps
 * duplicate keys (the last one wins) and the raw text of numbers. `JSON.parse` gives none of that.
 */

import { describeChar, IDENTIFIER_START, JsonLexer, VALID_TOKENS } from './json-lexer';

export type JsonToken =
  | 'startObject'
  | 'endObject'
  | 'startArray'
  | 'endArray'
  | 'fieldName'
  | 'string'
  | 'number'
  | 'true'
  | 'false'
  | 'null'
  | 'end';

export { JsonSyntaxError } from './json-syntax-error';

const MAX_SNIPPET = 500;

type ContextKind = 'root' | 'array' | 'object';

interface Context {
  readonly kind: ContextKind;
  /** Entries started so far; Jackson expects a comma before every entry after the first. */
  entries: number;
  readonly line: number;
  readonly column: number;
}

const TYPE_DESC: Record<ContextKind, string> = { root: 'root', array: 'Array', object: 'Object' };

/** Tokens of a JSON text, with Jackson's structure rules (commas, scopes, eager values after names). */
export class JsonReader extends JsonLexer {
  private line = 1;
  private lineStart = 0;
  private readonly stack: Context[] = [{ kind: 'root', entries: 0, line: 1, column: 0 }];
  private currentText = '';
  /** The token after a field name, which Jackson reads together with the name. */
  private pending: { token: JsonToken; text: string; lazyString: number } | null = null;
  /** Start of a string token whose content has not been decoded yet (Jackson decodes strings lazily). */
  private lazyString = -1;

  /** Advances to the next token; `end` when the input is exhausted at the top level. */
  nextToken(): JsonToken {
    if (this.lazyString >= 0) this.finishString();
    if (this.pending) {
      const { token, text, lazyString } = this.pending;
      this.pending = null;
      this.lazyString = lazyString;
      if (token === 'startObject' || token === 'startArray') this.push(token, this.pos - 1);
      return this.set(token, text);
    }
    let c = this.skipWhitespaceOrEnd();
    if (c < 0) return this.set('end', '');
    if (c === 0x5d || c === 0x7d) return this.closeScope(c);
    const ctx = this.top();
    if (ctx.kind !== 'root' && ctx.entries++ > 0) {
      if (c !== 0x2c) this.unexpected(c, `was expecting comma to separate ${TYPE_DESC[ctx.kind]} entries`);
      c = this.skipWhitespaceOrEnd();
      if (c < 0) this.fail(`Unexpected end-of-input within/between ${TYPE_DESC[ctx.kind]} entries`);
    }
    if (ctx.kind === 'object') {
      const name = c === 0x22 ? this.readString(true) : this.oddName(c);
      c = this.skipColon(ctx);
      this.pending = this.readValue(c, true);
      return this.set('fieldName', name);
    }
    const value = this.readValue(c, false);
    this.lazyString = value.lazyString;
    if (value.token === 'startObject' || value.token === 'startArray') this.push(value.token, this.pos - 1);
    return this.set(value.token, value.text);
  }

  /** The text of the current token, as Jackson's `getText()`: decoded strings, raw numbers, `{` for structure. */
  text(): string {
    if (this.lazyString >= 0) this.finishString();
    return this.currentText;
  }

  /** `[Source: (String)"…"; line: L, column: C]`, as Jackson describes a location. */
  location(line: number, column: number): string {
    const snippet = this.source.slice(0, MAX_SNIPPET);
    const truncated =
      this.source.length > MAX_SNIPPET ? `[truncated ${this.source.length - MAX_SNIPPET} chars]` : '';
    return `[Source: (String)"${snippet}"${truncated}; line: ${line}, column: ${column}]`;
  }

  private set(token: JsonToken, text: string): JsonToken {
    this.currentText = text;
    return token;
  }

  private top(): Context {
    return this.stack[this.stack.length - 1] as Context;
  }

  private push(token: JsonToken, at: number): void {
    const kind = token === 'startObject' ? 'object' : 'array';
    this.stack.push({ kind, entries: 0, line: this.line, column: at - this.lineStart + 1 });
  }

  private closeScope(c: number): JsonToken {
    const ctx = this.top();
    const wanted: ContextKind = c === 0x5d ? 'array' : 'object';
    if (ctx.kind !== wanted) {
      const expected = c === 0x5d ? '}' : ']';
      this.fail(
        `Unexpected close marker '${String.fromCharCode(c)}': expected '${expected}' ` +
          `(for ${TYPE_DESC[ctx.kind]} starting at ${this.location(ctx.line, ctx.column)})`,
      );
    }
    this.stack.pop();
    return this.set(wanted === 'array' ? 'endArray' : 'endObject', String.fromCharCode(c));
  }

  private readValue(c: number, afterName: boolean): { token: JsonToken; text: string; lazyString: number } {
    const lazy = (token: JsonToken, text: string) => ({ token, text, lazyString: -1 });
    switch (c) {
      case 0x22:
        return { token: 'string', text: '', lazyString: this.pos };
      case 0x5b:
        return lazy('startArray', '[');
      case 0x7b:
        return lazy('startObject', '{');
      case 0x74:
        this.matchLiteral('true');
        return lazy('true', 'true');
      case 0x66:
        this.matchLiteral('false');
        return lazy('false', 'false');
      case 0x6e:
        this.matchLiteral('null');
        return lazy('null', 'null');
      case 0x2d:
        return lazy('number', this.readNumber(true));
      default:
        if (c >= 0x30 && c <= 0x39) return lazy('number', this.readNumber(false));
        if (c === 0x7d && !afterName) this.unexpected(c, 'expected a value');
        return this.oddValue(c);
    }
  }

  private oddValue(c: number): never {
    if (c === 0x4e) this.nonStandard('NaN');
    if (c === 0x49) this.nonStandard('Infinity');
    if (c === 0x2b) {
      this.numberChar(
        0x2b,
        'JSON spec does not allow numbers to have plus signs: enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow',
      );
    }
    if (IDENTIFIER_START.test(String.fromCharCode(c))) this.invalidToken(String.fromCharCode(c));
    this.unexpected(c, `expected a valid value ${VALID_TOKENS}`);
  }

  private nonStandard(token: string): void {
    const start = this.pos - 1;
    if (this.source.startsWith(token, start)) {
      this.fail(`Non-standard token '${token}': enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS to allow`);
    }
  }

  private oddName(c: number): never {
    this.unexpected(c, 'was expecting double-quote to start field name');
  }

  private skipColon(ctx: Context): number {
    let c = this.skipWhitespaceOrEnd();
    if (c < 0) this.fail(`Unexpected end-of-input within/between ${TYPE_DESC[ctx.kind]} entries`);
    if (c !== 0x3a) this.unexpected(c, 'was expecting a colon to separate field name and value');
    c = this.skipWhitespaceOrEnd();
    if (c < 0) this.fail(`Unexpected end-of-input within/between ${TYPE_DESC[ctx.kind]} entries`);
    return c;
  }

  /** Returns the next significant character (consumed), or -1 at the end of input. */
  private skipWhitespaceOrEnd(): number {
    const s = this.source;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos++);
      if (c > 0x20) {
        if (c === 0x2f) {
          this.unexpected(
            c,
            "maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)",
          );
        }
        return c;
      }
      if (c === 0x0a) {
        this.line++;
        this.lineStart = this.pos;
      } else if (c === 0x0d) {
        if (s.charCodeAt(this.pos) === 0x0a) this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c !== 0x20 && c !== 0x09) {
        this.fail(
          `Illegal character (${describeChar(c)}): only regular white space (\\r, \\n, \\t) is allowed between tokens`,
        );
      }
    }
    const ctx = this.top();
    if (ctx.kind !== 'root') {
      this.fail(
        `Unexpected end-of-input: expected close marker for ${TYPE_DESC[ctx.kind]} ` +
          `(start marker at ${this.location(ctx.line, ctx.column)})`,
      );
    }
    return -1;
  }

  private finishString(): void {
    this.pos = this.lazyString;
    this.lazyString = -1;
    this.currentText = this.readString(false);
  }

  /** Reads a string whose opening quote is already consumed. */
}
