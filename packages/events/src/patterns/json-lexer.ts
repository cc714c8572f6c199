import { JsonSyntaxError } from './json-syntax-error';

/** Jackson's list of what may start a value, as its messages say it. */
export const VALID_TOKENS = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const MAX_TOKEN = 256;

/** Mirrors Java's `Character.isJavaIdentifierStart`/`Part`, which Jackson uses to cut an unknown token. */
export const IDENTIFIER_START = /[\p{L}\p{Nl}\p{Sc}\p{Pc}]/u;
const IDENTIFIER_LETTER = /[\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mn}\p{Mc}\p{Cf}]/u;

function isIdentifierPart(ch: string): boolean {
  const c = ch.charCodeAt(0);
  // Java counts these control characters as "identifier-ignorable", hence part of an identifier.
  const ignorable = c <= 0x08 || (c >= 0x0e && c <= 0x1b) || (c >= 0x7f && c <= 0x9f);
  return ignorable || IDENTIFIER_LETTER.test(ch);
}

/** A character as Jackson describes it in messages: `'x' (code 120)`, `(CTRL-CHAR, code 10)`. */
export function describeChar(code: number): string {
  const c = String.fromCharCode(code);
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `(CTRL-CHAR, code ${code})`;
  if (code > 255) return `'${c}' (code ${code} / 0x${code.toString(16)})`;
  return `'${c}' (code ${code})`;
}

/**
 * The lexemes of JSON (strings, escapes, numbers, literals), read as Jackson reads them and failing with
 * its messages. {@link JsonReader} adds the structure on top.
 */
export class JsonLexer {
  protected pos = 0;

  constructor(readonly source: string) {}

  protected readString(isName: boolean): string {
    const s = this.source;
    let out = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= s.length) {
        this.fail(
          isName
            ? 'Unexpected end-of-input in field name'
            : 'Unexpected end-of-input: was expecting closing quote for a string value',
        );
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

  protected readEscape(): string {
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
          const digit =
            h >= 0x30 && h <= 0x39
              ? h - 0x30
              : (h | 0x20) >= 0x61 && (h | 0x20) <= 0x66
                ? (h | 0x20) - 0x57
                : -1;
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
  protected readNumber(negative: boolean): string {
    const s = this.source;
    const start = this.pos - 1;
    const digit = (i: number) => i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39;
    if (negative) {
      if (!digit(this.pos)) {
        if (this.pos >= s.length) this.fail('Unexpected end-of-input in a Number value');
        const c = s.charCodeAt(this.pos);
        if (c === 0x49)
          this.fail(
            "Non-standard token '-Infinity': enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS to allow",
          );
        this.numberChar(c, 'expected digit (0-9) to follow minus sign, for valid numeric value');
      }
      this.pos++;
    }
    if (s.charCodeAt(this.pos - 1) === 0x30 && digit(this.pos))
      this.fail('Invalid numeric value: Leading zeroes not allowed');
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

  protected charOrLast(): number {
    return this.pos < this.source.length
      ? this.source.charCodeAt(this.pos)
      : this.source.charCodeAt(this.pos - 1);
  }

  protected matchLiteral(word: string): void {
    const s = this.source;
    for (let i = 1; i < word.length; i++) {
      if (this.pos >= s.length || s.charCodeAt(this.pos) !== word.charCodeAt(i))
        this.invalidToken(word.slice(0, i));
      this.pos++;
    }
    if (this.pos < s.length && isIdentifierPart(s.charAt(this.pos)) && s.charCodeAt(this.pos) >= 0x30) {
      this.invalidToken(word);
    }
  }

  /** Jackson's "Unrecognized token": the token is extended with the identifier characters that follow. */
  protected invalidToken(prefix: string): never {
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

  protected numberChar(c: number, comment: string): never {
    this.fail(`Unexpected character (${describeChar(c)}) in numeric value: ${comment}`);
  }

  protected unexpected(c: number, comment: string): never {
    this.fail(`Unexpected character (${describeChar(c)}): ${comment}`);
  }

  protected fail(message: string): never {
    throw new JsonSyntaxError(message);
  }
}
