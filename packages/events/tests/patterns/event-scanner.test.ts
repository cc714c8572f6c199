import fc from 'fast-check';
import { hasDottedKey } from '../../src/patterns/compiled-walk';
import { EventScanner } from '../../src/patterns/event-scanner';
import { PathTrie } from '../../src/patterns/path-trie';
import { RuleIndex } from '../../src';

/** Whether `JSON.parse` reads the text as an object. */
function parsesToObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** The texts the scanner is for: no escape, no control character, no key with a dot. */
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const inScope = (text: string) => !/[\x00-\x1f\\]/.test(text) && !hasDottedKey(text);

function scannerOf(paths: readonly string[]): { trie: PathTrie; scanner: EventScanner } {
  const trie = new PathTrie();
  for (const path of paths) trie.slotFor(path);
  return { trie, scanner: new EventScanner(trie, () => undefined) };
}

/** Texts near JSON: valid objects, then one character inserted, deleted or replaced. */
const nearJson = fc
  .tuple(
    fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 3 })),
    fc.nat(),
    fc.constantFrom(
      '',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      ' ',
      '0',
      '-',
      '.',
      'e',
      't',
      'n',
      'x',
      '\n',
      '\\',
    ),
    fc.constantFrom('insert', 'replace', 'none'),
  )
  .map(([object, at, char, edit]) => {
    const text = JSON.stringify(object);
    const i = at % (text.length + 1);
    if (edit === 'none') return text;
    return text.slice(0, i) + char + text.slice(edit === 'insert' ? i : i + 1);
  });

describe('EventScanner', () => {
  it('accepts exactly the texts of objects JSON.parse accepts, within its scope', () => {
    const { trie, scanner } = scannerOf(['a', 'b.c', 'd']);
    let epoch = 0;
    fc.assert(
      fc.property(nearJson, (text) => {
        trie.start(++epoch, true);
        const accepted = scanner.record(text, undefined);
        if (!inScope(text) || !parsesToObject(text)) expect(accepted).toBe(false);
        // A valid text is declined only for a key repeated (on an indexed path).
        else expect(accepted || hasRepeatedKey(text)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('records what the walk of the parsed event records', () => {
    const paths = ['a', 'b.c', 'b.d', 'e'];
    const { trie, scanner } = scannerOf(paths);
    const reference = scannerOf(paths).trie;
    const value = fc.oneof(fc.constantFrom('x', 'y'), fc.integer(), fc.boolean(), fc.constant(null));
    const b = fc.dictionary(fc.constantFrom('c', 'd', 'z'), fc.oneof(value, fc.array(value)));
    const event = fc.dictionary(
      fc.constantFrom('a', 'b', 'e', 'f'),
      fc.oneof(value, b, fc.array(fc.oneof(value, b, fc.array(value)))),
    );
    let epoch = 0;
    fc.assert(
      fc.property(event, (e) => {
        const text = JSON.stringify(e);
        trie.start(++epoch, true);
        expect(scanner.record(text, undefined)).toBe(true);
        reference.walk(e, epoch, true);
        for (const path of paths) {
          const got = trie.slotFor(path);
          const want = reference.slotFor(path);
          const valuesOf = (slot: typeof got) =>
            slot.epoch === epoch ? slot.values.slice(0, slot.count).map((v, i) => [v, slot.inArray[i]]) : [];
          expect(valuesOf(got)).toEqual(valuesOf(want));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('declines repeated keys on indexed paths (JSON.parse keeps the last), not elsewhere', () => {
    const { trie, scanner } = scannerOf(['detail.state']);
    trie.start(1, true);
    expect(scanner.record('{"detail":{"state":"a","state":"b"}}', undefined)).toBe(false);
    trie.start(2, true);
    expect(scanner.record('{"detail":{"other":1,"other":2,"state":"b"}}', undefined)).toBe(true);
  });

  it('gives a RuleIndex the answers of the parsed event for repeated keys, escapes and big numbers', () => {
    const index = new RuleIndex();
    index.add('b', { detail: { state: ['b'] } });
    index.add('a', { detail: { state: ['a'] } });
    index.add('big', '{"detail": {"n": [12345678901234567890]}}');
    expect(index.matchesJson('{"detail":{"state":"a","state":"b"}}')).toEqual(['b']);
    expect(index.matchesJson('{"detail":{"state":"b"},"detail":{"state":"a"}}')).toEqual(['a']);
    expect(index.matchesJson('{"detail":{"state":"\\u0061"}}')).toEqual(['a']);
    expect(index.matchesJson('{"detail":{"n":12345678901234567890}}')).toEqual(['big']);
    expect(index.matchesJson('{"detail":{"n":12345678901234567891}}')).toEqual([]);
  });
});

/** Whether some object of a text (without escapes) repeats a key: JSON.parse hides it, keeping the last. */
function hasRepeatedKey(text: string): boolean {
  const objects: Set<string>[] = [];
  for (const [token, name, colon] of text.matchAll(/"([^"]*)"(\s*:)?|[{}]/g)) {
    if (token === '{') objects.push(new Set());
    else if (token === '}') objects.pop();
    else if (colon !== undefined) {
      const keys = objects[objects.length - 1];
      if (keys?.has(name as string)) return true;
      keys?.add(name as string);
    }
  }
  return false;
}
