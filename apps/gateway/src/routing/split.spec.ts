import { chooseSplit, seededRandom } from './split';

describe('chooseSplit', () => {
  it('a 50/50 split over 200 picks gives each side at least 25%', () => {
    const splits = [
      { name: 'a', percent: 50 },
      { name: 'b', percent: 50 },
    ];
    const random = seededRandom(42);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 200; i++) counts[chooseSplit(splits, random).name as 'a' | 'b']++;
    expect(counts.a).toBeGreaterThanOrEqual(50);
    expect(counts.b).toBeGreaterThanOrEqual(50);
    expect(counts.a + counts.b).toBe(200);
  });

  it('follows the percentages over many picks (90/10)', () => {
    const splits = [
      { name: 'a', percent: 90 },
      { name: 'b', percent: 10 },
    ];
    const random = seededRandom(7);
    let b = 0;
    for (let i = 0; i < 10_000; i++) if (chooseSplit(splits, random).name === 'b') b++;
    expect(b).toBeGreaterThan(800);
    expect(b).toBeLessThan(1200);
  });

  it.each([
    [0, 'a'],
    [0.4999, 'a'],
    [0.5, 'b'],
    [0.9999, 'b'],
  ])('random %s on 50/50 picks %s', (r, want) => {
    const splits = [
      { name: 'a', percent: 50 },
      { name: 'b', percent: 50 },
    ];
    expect(chooseSplit(splits, () => r).name).toBe(want);
  });

  it('never picks a 0% split', () => {
    const splits = [
      { name: 'zero', percent: 0 },
      { name: 'all', percent: 100 },
    ];
    for (const r of [0, 0.3, 0.99999]) expect(chooseSplit(splits, () => r).name).toBe('all');
  });

  it('a lone split wins whatever its percent', () => {
    const only: Array<{ name: string; percent?: number }> = [{ name: 'only' }];
    expect(chooseSplit(only).name).toBe('only');
  });

  it('all at 0%: the first split', () => {
    const splits: Array<{ name: string; percent?: number }> = [{ name: 'a', percent: 0 }, { name: 'b' }];
    expect(chooseSplit(splits, () => 0.7).name).toBe('a');
  });

  it('refuses an empty list', () => {
    expect(() => chooseSplit([])).toThrow('no splits');
  });
});
