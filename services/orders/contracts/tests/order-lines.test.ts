import { linesTotalMinor, OrderCreated, unitCount } from '../src';

describe('order lines', () => {
  const { lines } = OrderCreated.examples[0]!;

  it('totals the lines exactly in minor units', () => {
    expect(linesTotalMinor(lines)).toBe(3_500 + 2 * 1_250);
    expect(linesTotalMinor([{ sku: 'A', quantity: 3, unitPriceMinor: 10 }])).toBe(30);
  });

  it('counts units over all lines', () => {
    expect(unitCount(lines)).toBe(3);
  });
});
