import { parseJsonPath, selectJsonPath } from '../../src/transformers/json-path';

const event = {
  'detail-type': 'Order',
  resources: ['a', 'b'],
  detail: { items: [{ sku: 'x' }, { sku: 'y' }], 'a.b': 1 },
};
const select = (path: string) => selectJsonPath(parseJsonPath(path), event);

describe('JSONPath (the subset EventBridge documents)', () => {
  it('selects by dot names, dashes included', () => {
    expect(select('$.detail-type')).toEqual({ found: true, value: 'Order' });
    expect(select('$')).toEqual({ found: true, value: event });
  });

  it('selects by index, counting negative indices from the end', () => {
    expect(select('$.resources[0]')).toEqual({ found: true, value: 'a' });
    expect(select('$.resources[-1]')).toEqual({ found: true, value: 'b' });
    expect(select('$.resources[2]')).toEqual({ found: false, value: undefined });
  });

  it('selects by bracketed names, dots included', () => {
    expect(select("$.detail['a.b']")).toEqual({ found: true, value: 1 });
    expect(select('$["detail"]["a.b"]')).toEqual({ found: true, value: 1 });
  });

  it('returns a list for a wildcard path, even an empty one', () => {
    expect(select('$.detail.items[*].sku')).toEqual({ found: true, value: ['x', 'y'] });
    expect(select('$.detail.items.*.nope')).toEqual({ found: true, value: [] });
  });

  it('finds nothing on a missing plain path', () => {
    expect(select('$.detail.missing.deeper')).toEqual({ found: false, value: undefined });
  });

  it.each(['detail', '$.', '$..detail', '$.detail[?(@.a)]', '$.resources[0'])('refuses %s', (path) => {
    expect(() => parseJsonPath(path)).toThrow();
  });
});
