import { matches } from './accepts';

/**
 * Strings that match a regular expression, made by walking the expression itself: how the checker finds a value
 * for a `pattern` (an ISO currency code for `^[A-Z]{3}$`, an email address for zod's email pattern). Covers
 * literals, classes, groups, alternation and quantifiers; lookarounds, back-references and Unicode property
 * escapes make it give up (an empty list), never guess. Every string returned has been tested against the pattern.
 */
export function regexWitnesses(pattern: string, variants = 4): string[] {
  let tree: Node;
  try {
    tree = new Parser(pattern).parse();
  } catch {
    return [];
  }
  const found: string[] = [];
  for (let variant = 0; variant < variants; variant += 1) {
    const text = generate(tree, variant);
    if (!found.includes(text) && matches(pattern, text)) found.push(text);
  }
  return found;
}

type Node =
  | { readonly t: 'alt'; readonly options: readonly Node[] }
  | { readonly t: 'seq'; readonly items: readonly Node[] }
  | { readonly t: 'rep'; readonly node: Node; readonly min: number; readonly max: number }
  | { readonly t: 'chars'; readonly choices: readonly string[] };

class Unsupported extends Error {}

/** Characters tried, in order of preference, when a class or `.` must give one. */
const PREFERRED = [
  ...'aAbBcxyz0123456789',
  ...'defghijklmnopqrstuvwCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...'_-. +@:/=',
];

const DIGITS = [...'0123456789'];
const WORD = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'];
const SPACE = [' ', '\t', '\n'];
const ALPHABET = [...new Set([...PREFERRED, ...WORD, ...'!#$%&*,;<>?[]^`{|}~"\'()\\'])];

function generate(node: Node, variant: number): string {
  switch (node.t) {
    case 'alt':
      return generate(node.options[variant % node.options.length]!, variant);
    case 'seq':
      return node.items.map((item) => generate(item, variant)).join('');
    case 'rep': {
      const count = Math.min(node.max, node.min + (variant === 0 ? 0 : variant));
      return Array.from({ length: count }, () => generate(node.node, variant)).join('');
    }
    case 'chars':
      return node.choices.length === 0 ? '' : node.choices[variant % node.choices.length]!;
  }
}

class Parser {
  private at = 0;

  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.at < this.source.length) throw new Unsupported(`unexpected ${this.source[this.at]}`);
    return node;
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.at += 1;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.at < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { t: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const next = this.peek();
    let min: number;
    let max: number;
    if (next === '*' || next === '+' || next === '?') {
      this.at += 1;
      [min, max] = next === '*' ? [0, Infinity] : next === '+' ? [1, Infinity] : [0, 1];
    } else if (next === '{' && /^\{\d+(,\d*)?\}/.test(this.source.slice(this.at))) {
      const [text, low, high] = /^\{(\d+)(?:,(\d*))?\}/.exec(this.source.slice(this.at))!;
      this.at += text.length;
      min = Number(low);
      max = high === undefined ? min : high === '' ? Infinity : Number(high);
    } else {
      return atom;
    }
    if (this.peek() === '?') this.at += 1; // lazy: the same strings
    return { t: 'rep', node: atom, min, max };
  }

  private atom(): Node {
    const char = this.source[this.at++]!;
    switch (char) {
      case '^':
      case '$':
        return { t: 'seq', items: [] };
      case '.':
        return { t: 'chars', choices: PREFERRED.filter((c) => c !== '\n') };
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return this.escape(false);
      case '*':
      case '+':
      case '?':
      case '{':
      case ')':
        throw new Unsupported(`quantifier or bracket out of place: ${char}`);
      default:
        return { t: 'chars', choices: [char] };
    }
  }

  private group(): Node {
    if (this.peek() === '?') {
      const rest = this.source.slice(this.at);
      if (rest.startsWith('?:')) this.at += 2;
      else if (/^\?<[A-Za-z_$][\w$]*>/.test(rest)) this.at += rest.indexOf('>') + 1;
      else throw new Unsupported('lookaround');
    }
    const inner = this.alternation();
    if (this.source[this.at++] !== ')') throw new Unsupported('unclosed group');
    return inner;
  }

  private charClass(): Node {
    const negated = this.peek() === '^';
    if (negated) this.at += 1;
    const members: string[] = [];
    const ranges: Array<[number, number]> = [];
    while (this.peek() !== ']') {
      if (this.at >= this.source.length) throw new Unsupported('unclosed class');
      let low: string;
      const char = this.source[this.at++]!;
      if (char === '\\') {
        const escaped = this.escape(true);
        if (escaped.t !== 'chars') throw new Unsupported('escape in class');
        if (escaped.choices.length !== 1) {
          members.push(...escaped.choices);
          continue;
        }
        low = escaped.choices[0]!;
      } else {
        low = char;
      }
      if (this.peek() === '-' && this.source[this.at + 1] !== ']' && this.at + 1 < this.source.length) {
        this.at += 1;
        let high = this.source[this.at++]!;
        if (high === '\\') {
          const escaped = this.escape(true);
          if (escaped.t !== 'chars' || escaped.choices.length !== 1) throw new Unsupported('class range');
          high = escaped.choices[0]!;
        }
        ranges.push([low.codePointAt(0)!, high.codePointAt(0)!]);
      } else {
        members.push(low);
      }
    }
    this.at += 1; // ]
    const inClass = (c: string) =>
      members.includes(c) || ranges.some(([lo, hi]) => c.codePointAt(0)! >= lo && c.codePointAt(0)! <= hi);
    if (negated) return { t: 'chars', choices: ALPHABET.filter((c) => !inClass(c)) };
    const choices = [
      ...PREFERRED.filter(inClass),
      ...members,
      ...ranges.map(([lo]) => String.fromCodePoint(lo)),
    ];
    return { t: 'chars', choices: [...new Set(choices)] };
  }

  private escape(inClass: boolean): Node {
    const char = this.source[this.at++];
    if (char === undefined) throw new Unsupported('trailing backslash');
    const set = (choices: readonly string[]): Node => ({ t: 'chars', choices });
    switch (char) {
      case 'd':
        return set(DIGITS);
      case 'w':
        return set(WORD);
      case 's':
        return set(SPACE);
      case 'D':
        return set(ALPHABET.filter((c) => !DIGITS.includes(c)));
      case 'W':
        return set(ALPHABET.filter((c) => !WORD.includes(c)));
      case 'S':
        return set(ALPHABET.filter((c) => !SPACE.includes(c)));
      case 'n':
        return set(['\n']);
      case 't':
        return set(['\t']);
      case 'r':
        return set(['\r']);
      case 'b':
        if (inClass) return set(['\b']);
        throw new Unsupported('word boundary');
      case 'x': {
        const hex = this.source.slice(this.at, this.at + 2);
        this.at += 2;
        return set([String.fromCharCode(parseInt(hex, 16))]);
      }
      case 'u': {
        const hex = this.source.slice(this.at, this.at + 4);
        this.at += 4;
        return set([String.fromCharCode(parseInt(hex, 16))]);
      }
      default:
        if (/[0-9kpPcB]/.test(char)) throw new Unsupported(`escape \\${char}`);
        return set([char]);
    }
  }
}
