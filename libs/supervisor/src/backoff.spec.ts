import { restartDelay, type BackoffPolicy } from './backoff';

const policy: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

describe('restartDelay', () => {
  it.each([
    [1, 10, 1000, 1],
    [2, 10, 2000, 2],
    [3, 10, 4000, 3],
    [5, 10, 16_000, 5],
    [6, 10, 30_000, 6],
    [12, 10, 30_000, 12],
    [7, 60_000, 1000, 1],
  ])('restart %i after a %i ms run waits %i ms (counter %i)', (restarts, lastRunMs, delayMs, counter) => {
    expect(restartDelay(policy, restarts, lastRunMs)).toEqual({ delayMs, restarts: counter });
  });
});
