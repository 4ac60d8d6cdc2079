import { TimedBuckets, WeightedBuckets } from './buckets';
import { MaxTimeWindow } from './max-window';

const T0 = 1_700_000_000_000;

describe('TimedBuckets', () => {
  it('sums values of the same second into one bucket', () => {
    const b = new TimedBuckets(5_000);
    b.record(T0 + 100, 3);
    b.record(T0 + 900, 4);
    expect(b.windowAverage(T0 + 999)).toBe(7);
  });

  it('averages over the buckets since the first write, not the whole window', () => {
    const b = new TimedBuckets(60_000);
    b.record(T0, 10);
    b.record(T0 + 1000, 20);
    expect(b.windowAverage(T0 + 1000)).toBe(15);
  });

  it('does not count the seconds after the last write until they slide out (Knative)', () => {
    const b = new TimedBuckets(5_000);
    b.record(T0, 10);
    b.record(T0 + 1000, 20);
    expect(b.windowAverage(T0 + 3000)).toBe(15);
    // Now the first bucket fell out of the window: 20 over one bucket.
    expect(b.windowAverage(T0 + 5000)).toBe(20);
  });

  it('slides: older buckets leave the window', () => {
    const b = new TimedBuckets(3_000);
    [10, 20, 30, 40].forEach((v, i) => b.record(T0 + i * 1000, v));
    expect(b.windowAverage(T0 + 3000)).toBe(30);
  });

  it('is empty and averages 0 after a window without writes', () => {
    const b = new TimedBuckets(3_000);
    expect(b.isEmpty(T0)).toBe(true);
    expect(b.windowAverage(T0)).toBe(0);
    b.record(T0, 5);
    expect(b.isEmpty(T0 + 3000)).toBe(false);
    expect(b.isEmpty(T0 + 4000)).toBe(true);
    expect(b.windowAverage(T0 + 3000)).toBe(0);
  });

  it('restarts after a gap longer than the window', () => {
    const b = new TimedBuckets(3_000);
    b.record(T0, 100);
    b.record(T0 + 10_000, 4);
    expect(b.windowAverage(T0 + 10_000)).toBe(4);
  });

  it('drops a record older than the window', () => {
    const b = new TimedBuckets(3_000);
    b.record(T0 + 10_000, 4);
    b.record(T0, 100);
    expect(b.windowAverage(T0 + 10_000)).toBe(4);
  });

  it('keeps the newest buckets when the window shrinks', () => {
    const b = new TimedBuckets(5_000);
    [10, 20, 30, 40, 50].forEach((v, i) => b.record(T0 + i * 1000, v));
    b.resizeWindow(2_000, T0 + 4000);
    expect(b.windowMs).toBe(2_000);
    expect(b.windowAverage(T0 + 4000)).toBe(45);
  });
});

describe('WeightedBuckets', () => {
  it('weighs the newest bucket by α (0.2 for a 60 s window) and older ones by (1 − α) less', () => {
    const b = new WeightedBuckets(60_000);
    b.record(T0, 10);
    expect(b.windowAverage(T0)).toBeCloseTo(2);
    b.record(T0 + 1000, 10);
    expect(b.windowAverage(T0 + 1000)).toBeCloseTo(3.6);
    expect(b.windowAverage(T0 + 2000)).toBeCloseTo(3.6 * 0.8);
  });
});

describe('MaxTimeWindow (scale-down delay)', () => {
  it('keeps the maximum of the window', () => {
    const w = new MaxTimeWindow(10_000, 2_000);
    w.record(T0, 5);
    w.record(T0 + 2000, 2);
    expect(w.current()).toBe(5);
    w.record(T0 + 8000, 2);
    expect(w.current()).toBe(5);
    w.record(T0 + 10_000, 2);
    expect(w.current()).toBe(2);
  });

  it('takes a rise at once and the larger of two records in the same granule', () => {
    const w = new MaxTimeWindow(10_000, 2_000);
    w.record(T0, 1);
    w.record(T0 + 2000, 7);
    expect(w.current()).toBe(7);
    w.record(T0 + 2500, 3);
    expect(w.current()).toBe(7);
  });
});
