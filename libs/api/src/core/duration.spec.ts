import { formatGoDuration, parseGoDuration } from './duration';

describe('Go durations', () => {
  it.each<[string, number | undefined]>([
    ['0', 0],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['300ms', 300],
    ['-2s', -2000],
    ['10', undefined],
    ['soon', undefined],
  ])('parses %s', (s, ms) => {
    expect(parseGoDuration(s)).toBe(ms);
  });

  it.each<[number, string]>([
    [0, '0s'],
    [6000, '6s'],
    [3_600_000, '1h0m0s'],
    [90_000, '1m30s'],
    [1500, '1.5s'],
  ])('formats %d as %s', (ms, s) => {
    expect(formatGoDuration(ms)).toBe(s);
  });
});
