/**
 * A pull parser for JSON that reports errors in the words of Jackson, the Java parser behind EventBridge.
 *
 * Written here rather than taken from npm because AWS's error text is part of the contract: an invalid
 * pattern must fail with `Unrecognized token 'this': was expecting (…)` exactly as AWS says it, and
 * AWS reads patterns as a token stream (a bad value is reported before a later syntax error), keeps
 * duplicate keys (the last one wins) and the raw text of numbers. `JSON.parse` gives none of that.
 */

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

/** A JSON syntax error, with Jackson's message. */
export class JsonSyntaxError extends Error {}

const VALID_TOKENS = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const MAX_SNIPPET = 500;
const MAX_TOKEN = 256;

type ContextKind = 'root' | 'array' | 'object';

interface Context {
  readonly kind: ContextKind;
  /** Entries started so far; Jackson expects a comma before every entry after the first. */
  entries: number;
  readonly line: number;
  readonly column: number;
}

const TYPE_DESC: Record<ContextKind, string> = { root: 'root', array: 'Array', object: 'Object' };

/** Mirrors Java's `Character.isJavaIdentifierStart`/`Part`, which Jackson uses to cut an unknown token. */
const IDENTIFIER_START = /[\p{L}\p{Nl}\p{Sc}\p{Pc}]/u;
const IDENTIFIER_LETTER = /[\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mn}\p{Mc}\p{Cf}]/u;

function isIdentifierPart(ch: string): boolean {
  const c = ch.charCodeAt(0);
  // Java counts these control characters as "identifier-ignorable", hence part of an identifier.
  const ignorable = c <= 0x08 || (c >= 0x0e && c <= 0x1b) || (c >= 0x7f && c <= 0x9f);
  return ignorable || IDENTIFIER_LETTER.test(ch);
}

export function describeChar(code: number): string {
  const c = String.fromCharCode(code);
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `(CTRL-CHAR, code ${code})`;
  if (code > 255) return `'${c}' (code ${code} / 0x${code.toString(16)})`;
  return `'${c}' (code ${code})`;
}

export class JsonReader {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly stack: Context[] = [{ kind: 'root', entries: 0, line: 1, column: 0 }];
  private current: JsonToken | null = null;
  private currentText = '';
  /** The token after a field name, which Jackson reads together with the name. */
  private pending: { token: JsonToken; text: string; lazyString: number } | null = null;
  /** Start of a string token whose content has not been decoded yet (Jackson decodes strings lazily). */
  private lazyString = -1;

  constructor(readonly source: string) {}

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

  get token(): JsonToken | null {
    return this.current;
  }

  /** `[Source: (String)"…"; line: L, column: C]`, as Jackson describes a location. */
  location(line: number, column: number): string {
    const snippet = this.source.slice(0, MAX_SNIPPET);
    const truncated = this.source.length > MAX_SNIPPET ? `[truncated ${this.source.length - MAX_SNIPPET} chars]` : '';
    return `[Source: (String)"${snippet}"${truncated}; line: ${line}, column: ${column}]`;
  }

  private set(token: JsonToken, text: string): JsonToken {
    this.current = token;
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
        this.fail(`Illegal character (${describeChar(c)}): only regular white space (\\r, \\n, \\t) is allowed between tokens`);
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
  private readString(isName: boolean): string {
    const s = this.source;
    let out = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= s.length) {
        this.fail(isName ? 'Unexpected end-of-input in field name' : 'Unexpected end-of-input: was expecting closing quote for a string value');
      }
      const c = s.charCodeAt(this.pos++);
      if (c === 0x22) return out + s.slice(chunk, this.pos - 1);
      if (c === 0x5c) {
        out += s.slice(chunk, this.pos - 1) + this.readEscape();
        chunk = this.pos;
      } else if (c < 0x20) {
        this.fail(
          `Illegal unquoted character (${describeChar(c)}): has to be escaped using backslash to be included in ${isName ? 'name' : 'string value'}`,
        );
      }
    }
  }

  private readEscape(): string {
    const s = this.source;
    if (this.pos >= s.length) this.fail('Unexpected end-of-input in character escape sequence');
    const c = s.charCodeAt(this.pos++);
    switch (c) {
      case 0x62:
        return '\b';
      case 0x74:
        return '\t';
      case 0x6e:
        return '\n';
      case 0x66:
        return '\f';
      case 0x72:
        return '\r';
      case 0x22:
      case 0x2f:
      case 0x5c:
        return String.fromCharCode(c);
      case 0x75: {
        let value = 0;
        for (let i = 0; i < 4; i++) {
          if (this.pos >= s.length) this.fail('Unexpected end-of-input in character escape sequence');
          const h = s.charCodeAt(this.pos++);
          const digit = h >= 0x30 && h <= 0x39 ? h - 0x30 : (h | 0x20) >= 0x61 && (h | 0x20) <= 0x66 ? (h | 0x20) - 0x57 : -1;
          if (digit < 0) this.unexpected(h, 'expected a hex-digit for character escape sequence');
          value = (value << 4) | digit;
        }
        return String.fromCharCode(value);
      }
      default:
        this.fail(`Unrecognized character escape ${describeChar(c)}`);
    }
  }

  /** Reads a number whose first character (`-` or a digit) is already consumed; returns its raw text. */
  private readNumber(negative: boolean): string {
    const s = this.source;
    const start = this.pos - 1;
    const digit = (i: number) => i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39;
    if (negative) {
      if (!digit(this.pos)) {
        if (this.pos >= s.length) this.fail('Unexpected end-of-input in a Number value');
        const c = s.charCodeAt(this.pos);
        if (c === 0x49) this.fail("Non-standard token '-Infinity': enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS to allow");
        this.numberChar(c, 'expected digit (0-9) to follow minus sign, for valid numeric value');
      }
      this.pos++;
    }
    if (s.charCodeAt(this.pos - 1) === 0x30 && digit(this.pos)) this.fail('Invalid numeric value: Leading zeroes not allowed');
    while (digit(this.pos)) this.pos++;
    if (s.charCodeAt(this.pos) === 0x2e) {
      this.pos++;
      if (!digit(this.pos)) this.numberChar(this.charOrLast(), 'Decimal point not followed by a digit');
      while (digit(this.pos)) this.pos++;
    }
    const e = s.charCodeAt(this.pos);
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const sign = s.charCodeAt(this.pos);
      if (sign === 0x2b || sign === 0x2d) this.pos++;
      if (!digit(this.pos)) this.numberChar(this.charOrLast(), 'Exponent indicator not followed by a digit');
      while (digit(this.pos)) this.pos++;
    }
    return s.slice(start, this.pos);
  }

  private charOrLast(): number {
    return this.pos < this.source.length ? this.source.charCodeAt(this.pos) : this.source.charCodeAt(this.pos - 1);
  }

  private matchLiteral(word: string): void {
    const s = this.source;
    for (let i = 1; i < word.length; i++) {
      if (this.pos >= s.length || s.charCodeAt(this.pos) !== word.charCodeAt(i)) this.invalidToken(word.slice(0, i));
      this.pos++;
    }
    if (this.pos < s.length && isIdentifierPart(s.charAt(this.pos)) && s.charCodeAt(this.pos) >= 0x30) {
      this.invalidToken(word);
    }
  }

  /** Jackson's "Unrecognized token": the token is extended with the identifier characters that follow. */
  private invalidToken(prefix: string): never {
    const s = this.source;
    let token = prefix;
    while (this.pos < s.length && isIdentifierPart(s.charAt(this.pos))) {
      token += s.charAt(this.pos++);
      if (token.length >= MAX_TOKEN) {
        token += '...';
        break;
      }
    }
    this.fail(`Unrecognized token '${token}': was expecting ${VALID_TOKENS}`);
  }

  private numberChar(c: number, comment: string): never {
    this.fail(`Unexpected character (${describeChar(c)}) in numeric value: ${comment}`);
  }

  private unexpected(c: number, comment: string): never {
    this.fail(`Unexpected character (${describeChar(c)}): ${comment}`);
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message);
  }
}
