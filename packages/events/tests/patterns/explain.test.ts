import { explainMismatch, InvalidEventPatternError } from '../../src';

describe('explainMismatch', () => {
  it('is empty when the event matches', () => {
    expect(explainMismatch({ source: ['shop'] }, { source: 'shop' })).toEqual([]);
  });

  it('names each field that fails, with what the pattern expects and what the event has', () => {
    const pattern = { source: ['shop'], detail: { total: [{ numeric: ['>', 100] }], tier: ['gold'] } };
    expect(explainMismatch(pattern, { source: 'shop', detail: { total: 5, tier: 'gold' } })).toEqual([
      { path: 'detail.total', expected: [{ numeric: ['>', 100] }], received: 5 },
    ]);
    expect(explainMismatch(pattern, '{"source": "web", "detail": {"tags": ["a", "b"]}}')).toEqual([
      { path: 'detail.tier', expected: ['gold'], received: undefined },
      { path: 'detail.total', expected: [{ numeric: ['>', 100] }], received: undefined },
      { path: 'source', expected: ['shop'], received: 'web' },
    ]);
  });

  it('explains the closest $or alternative', () => {
    const pattern = { detail: { $or: [{ a: ['1'], b: ['2'] }, { c: ['3'] }] } };
    expect(explainMismatch(pattern, { detail: { a: '1', b: '9' } })).toEqual([
      { path: 'detail.b', expected: ['2'], received: '9' },
    ]);
  });

  it('names the fields whose values come from different array elements', () => {
    const pattern = { items: { sku: ['A'], qty: [2] } };
    expect(
      explainMismatch(pattern, {
        items: [
          { sku: 'A', qty: 1 },
          { sku: 'B', qty: 2 },
        ],
      }),
    ).toEqual([
      { path: 'items.qty', expected: [2], received: [1, 2] },
      { path: 'items.sku', expected: ['A'], received: ['A', 'B'] },
    ]);
  });

  it('throws InvalidEventPatternError for an invalid pattern', () => {
    expect(() => explainMismatch({ source: 'shop' }, {})).toThrow(InvalidEventPatternError);
  });
});
