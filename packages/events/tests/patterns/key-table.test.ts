import fc from 'fast-check';
import { type Keyed, KeyTable, reverseHash, stringHash } from '../../src/patterns/key-table';

class Entry implements Keyed<Entry> {
  next: Entry | undefined = undefined;
  constructor(
    readonly key: string,
    readonly salt: number,
  ) {}
}

describe('KeyTable', () => {
  it('finds exactly the entries added and not deleted, whatever the order, as a Map would', () => {
    const op = fc.record({
      add: fc.boolean(),
      key: fc.string({ maxLength: 3 }),
      salt: fc.constantFrom(0, 8, 16),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const table = new KeyTable<Entry>();
        const model = new Map<string, Entry>();
        for (const { add, key, salt } of ops) {
          const id = `${salt}:${key}`;
          const present = model.get(id);
          if (add && !present) {
            const entry = new Entry(key, salt);
            table.add(stringHash(key), entry);
            model.set(id, entry);
          } else if (!add && present) {
            table.delete(stringHash(key), present);
            model.delete(id);
          }
        }
        for (const { key, salt } of ops) {
          expect(table.find(stringHash(key), salt, key)).toBe(model.get(`${salt}:${key}`));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps entries whose codes collide apart, and finds them after others are deleted', () => {
    const table = new KeyTable<Entry>();
    // Same hash, same salt, different keys: one code, one chain.
    const a = new Entry('a', 0);
    const b = new Entry('b', 0);
    table.add(42, a);
    table.add(42, b);
    expect(table.find(42, 0, 'a')).toBe(a);
    expect(table.find(42, 0, 'b')).toBe(b);
    table.delete(42, b);
    expect(table.find(42, 0, 'b')).toBeUndefined();
    expect(table.find(42, 0, 'a')).toBe(a);
    table.delete(42, a);
    expect(table.get(42, 0)).toBeUndefined();
  });

  it('hashes suffixes from the end, so that a suffix and the same text as a prefix differ', () => {
    expect(reverseHash('ab')).toBe(stringHash('ba'));
    expect(reverseHash('ab')).not.toBe(stringHash('ab'));
  });
});
