import { nextCrashCount, restartDelayMs, shouldRestart } from './restart-backoff';

describe('restartDelayMs', () => {
  it.each([
    [0, 0],
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [5, 160_000],
    [6, 300_000],
    [100, 300_000],
  ])('restart %i waits %i ms by default', (restart, ms) => {
    expect(restartDelayMs(restart)).toBe(ms);
  });

  it('uses the configured base and cap', () => {
    expect([1, 2, 3, 4].map((n) => restartDelayMs(n, { baseMs: 100, maxMs: 350 }))).toEqual([
      100, 200, 350, 350,
    ]);
  });
});

describe('shouldRestart', () => {
  it.each([
    ['Always', 0, true],
    ['Always', 1, true],
    [undefined, 0, true],
    ['OnFailure', 0, false],
    ['OnFailure', 2, true],
    ['Never', 1, false],
    ['Never', 0, false],
  ] as const)('%s with exit %i → %s', (policy, code, expected) => {
    expect(shouldRestart(policy, code)).toBe(expected);
  });
});

describe('nextCrashCount', () => {
  it.each([
    [0, 1_000, 1],
    [3, 1_000, 4],
    [3, 600_000, 4],
    [3, 600_001, 1],
  ])('after %i crashes and a run of %i ms → %i', (previous, ranFor, next) => {
    expect(nextCrashCount(previous, ranFor)).toBe(next);
  });
});
