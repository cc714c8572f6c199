import { compilePattern, InvalidEventPatternError, RuleIndex, ValidationError } from '../../src';

const event = (detailType: string, detail: object) => ({ source: 'shop', 'detail-type': detailType, detail });
const sorted = (ids: string[]) => [...ids].sort();

describe('RuleIndex', () => {
  it('returns the ids of every matching rule', () => {
    const index = new RuleIndex();
    index.add('all-orders', { source: ['shop'], 'detail-type': ['Order Created', 'Order Updated'] });
    index.add('big-orders', {
      'detail-type': ['Order Created'],
      detail: { total: [{ numeric: ['>=', 100] }] },
    });
    index.add('refunds', { 'detail-type': ['Refund Issued'] });
    expect(sorted(index.matches(event('Order Created', { total: 250 })))).toEqual([
      'all-orders',
      'big-orders',
    ]);
    expect(index.matches(event('Order Updated', { total: 250 }))).toEqual(['all-orders']);
    expect(index.matches(event('Order Shipped', {}))).toEqual([]);
  });

  it('replaces a rule added again under the same id, and forgets removed rules', () => {
    const index = new RuleIndex();
    index.add('r', { source: ['a'] });
    index.add('r', { source: ['b'] });
    expect(index.size).toBe(1);
    expect(index.matches({ source: 'a' })).toEqual([]);
    expect(index.matches({ source: 'b' })).toEqual(['r']);
    expect(index.remove('r')).toBe(true);
    expect(index.remove('r')).toBe(false);
    expect(index.has('r')).toBe(false);
    expect(index.matches({ source: 'b' })).toEqual([]);
  });

  it('leaves the index unchanged when a pattern is invalid', () => {
    const index = new RuleIndex();
    index.add('r', { source: ['a'] });
    expect(() => index.add('r', { source: 'a' })).toThrow(InvalidEventPatternError);
    expect(index.matches({ source: 'a' })).toEqual(['r']);
  });

  it('reports a rule once even when several $or alternatives match', () => {
    const index = new RuleIndex();
    index.add('r', { detail: { $or: [{ a: ['1'] }, { b: ['2'] }] } });
    expect(index.matches({ detail: { a: '1', b: '2' } })).toEqual(['r']);
  });

  it('matches JSON text exactly, digits of big numbers and dotted keys included', () => {
    const index = new RuleIndex();
    // As text: a JavaScript number literal would already have lost the digits.
    index.add('big', '{"id": [12345678901234567890]}');
    index.add('dotted', { detail: { state: { status: ['running'] } } });
    expect(index.matchesJson('{"id": 12345678901234567890}')).toEqual(['big']);
    expect(index.matchesJson('{"id": 12345678901234567891}')).toEqual([]);
    expect(index.matchesJson('{"detail": {"state.status": "running"}}')).toEqual(['dotted']);
  });

  it('refuses JSON text that is not an object', () => {
    const index = new RuleIndex();
    index.add('r', { source: ['a'] });
    expect(() => index.matchesJson('[1]')).toThrow(ValidationError);
    expect(() => index.matchesJson('{"source": ')).toThrow('Parameter Event is not valid.');
  });

  it('keeps answering right while rules come and go between events', () => {
    const index = new RuleIndex();
    const types = ['A', 'B', 'C', 'D'];
    const live = new Set<number>();
    const add = (n: number) => {
      index.add(`r${n}`, { 'detail-type': [types[n % 4] as string], detail: { n: [n] } });
      live.add(n);
    };
    for (let n = 0; n < 300; n++) add(n);
    for (let i = 0; i < 2000; i++) {
      const n = i % 300;
      expect(index.matchesJson(JSON.stringify(event(types[n % 4] as string, { n })))).toEqual(
        live.has(n) ? [`r${n}`] : [],
      );
      if (i === 1000) {
        for (let k = 0; k < 300; k += 2) index.remove(`r${k}`);
        for (let k = 0; k < 300; k += 2) live.delete(k);
      }
      if (i > 1000 && !live.has(n)) add(n);
    }
  });

  it('stays exact when events stop agreeing with what the index learnt from earlier ones', () => {
    // For 1,500 events each detail-type comes from one source, so the index learns that source filters
    // nothing within a detail-type and files rules accordingly; then the sources change.
    const patterns = Array.from({ length: 200 }, (_, n) => ({
      source: [`src-${n % 3}`],
      'detail-type': [`T${n % 5}`],
      detail: { a: [`a${n % 7}`], ...(n % 2 === 0 ? { b: [`b${n % 11}`] } : {}) },
    }));
    const eventAt = (i: number, sourceOf: (type: number) => number) => {
      const type = i % 5;
      return {
        source: `src-${sourceOf(type)}`,
        'detail-type': `T${type}`,
        detail: { a: `a${i % 7}`, b: `b${(i >> 3) % 11}` },
      };
    };
    const indexes = [new RuleIndex({ scanLimit: 0 }), new RuleIndex({ scanLimit: 16 })];
    for (const index of indexes) patterns.forEach((p, n) => index.add(String(n), p));
    const matchers = patterns.map((p) => compilePattern(p));
    for (let i = 0; i < 2000; i++) {
      const e = eventAt(i, (type) => (i < 1500 ? type % 3 : (type + i) % 3));
      const want = sorted(matchers.flatMap((m, n) => (m.matches(e) ? [String(n)] : [])));
      for (const index of indexes) expect(sorted(index.matchesJson(JSON.stringify(e)))).toEqual(want);
    }
  });

  it('honours array consistency across fields from arrays of objects', () => {
    const index = new RuleIndex();
    index.add('same-item', { detail: { items: { sku: ['A'], qty: [2] } } });
    expect(index.matches({ detail: { items: [{ sku: 'A', qty: 2 }] } })).toEqual(['same-item']);
    expect(
      index.matches({
        detail: {
          items: [
            { sku: 'A', qty: 1 },
            { sku: 'B', qty: 2 },
          ],
        },
      }),
    ).toEqual([]);
  });
});
