import { describe, expect, it } from 'vitest';
import { hashSeed, SeededRandom } from './random.js';

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed, by number or by text', () => {
    const draws = (random: SeededRandom) => [
      random.next(),
      random.int(1, 6),
      random.pick(['a', 'b', 'c']),
      random.weighted([
        ['x', 1],
        ['y', 3],
      ] as const),
    ];
    expect(draws(new SeededRandom(42))).toEqual(draws(new SeededRandom(42)));
    expect(draws(new SeededRandom('demo'))).toEqual(draws(new SeededRandom(hashSeed('demo'))));
    expect(draws(new SeededRandom(1))).not.toEqual(draws(new SeededRandom(2)));
  });

  it('shuffles a copy and keeps the original', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = new SeededRandom(7).shuffle(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});
