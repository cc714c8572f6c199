import { chunkBySize } from '../src/publisher/limits';

describe('chunkBySize', () => {
  it('keeps input order, at most 10 per chunk', () => {
    const positions = Array.from({ length: 23 }, (_, i) => i);
    expect(
      chunkBySize(
        positions,
        positions.map(() => 100),
      ).map((chunk) => chunk.length),
    ).toEqual([10, 10, 3]);
  });

  it('starts a new chunk when the next entry would take the total over the limit', () => {
    const sizes = [600_000, 448_576, 1, 1_048_576, 5];
    expect(chunkBySize([0, 1, 2, 3, 4], sizes)).toEqual([[0, 1], [2], [3], [4]]);
  });

  it('chunks only the positions given, such as the entries to retry', () => {
    expect(chunkBySize([7, 2], [1, 1, 1, 1, 1, 1, 1, 1])).toEqual([[7, 2]]);
  });
});
