/**
 * Time-bucketed sums over a sliding window (Knative pkg/autoscaler/aggregation): every value recorded in the
 * same granule (1 s) adds to one bucket; the window average divides the window's total by the number of
 * buckets since the first write (at most the window's length), so a young revision is not diluted by empty
 * history. Pure: every method takes the time (ms since the epoch).
 */
export interface WindowAverager {
  record(nowMs: number, value: number): void;
  windowAverage(nowMs: number): number;
  /** True when nothing was recorded within the window ending at `nowMs`. */
  isEmpty(nowMs: number): boolean;
  resizeWindow(windowMs: number, nowMs: number): void;
  readonly windowMs: number;
}

export const BUCKET_MS = 1000;
const PRECISION = 1e6;

const round6 = (v: number) => Math.round(v * PRECISION) / PRECISION;

export class TimedBuckets implements WindowAverager {
  protected buckets: number[];
  /** Bucket indexes (ms / granularity); -Infinity before the first write. */
  protected firstWrite = Number.NEGATIVE_INFINITY;
  protected lastWrite = Number.NEGATIVE_INFINITY;
  protected windowTotal = 0;
  private window: number;

  constructor(
    windowMs: number,
    protected readonly granularityMs: number = BUCKET_MS,
  ) {
    if (!(windowMs > 0)) throw new Error(`window must be positive, was ${windowMs} ms`);
    this.window = windowMs;
    this.buckets = new Array<number>(Math.ceil(windowMs / granularityMs)).fill(0);
  }

  get windowMs(): number {
    return this.window;
  }

  protected indexOf(ms: number): number {
    return Math.floor(ms / this.granularityMs);
  }

  private slot(index: number): number {
    return ((index % this.buckets.length) + this.buckets.length) % this.buckets.length;
  }

  isEmpty(nowMs: number): boolean {
    return (this.indexOf(nowMs) - this.lastWrite) * this.granularityMs > this.window;
  }

  record(nowMs: number, value: number): void {
    const b = this.indexOf(nowMs);
    if (b !== this.lastWrite) {
      // Older than the window: dropped.
      if (b * this.granularityMs + this.window <= this.lastWrite * this.granularityMs) return;
      if (this.firstWrite === Number.NEGATIVE_INFINITY || this.firstWrite > b) this.firstWrite = b;
      if (b > this.lastWrite) {
        if ((b - this.lastWrite) * this.granularityMs >= this.window) {
          this.buckets.fill(0);
          this.windowTotal = 0;
          this.firstWrite = b;
        } else {
          for (let i = this.lastWrite + 1; i <= b; i++) {
            const s = this.slot(i);
            this.windowTotal -= this.buckets[s]!;
            this.buckets[s] = 0;
          }
        }
        this.lastWrite = b;
      }
    }
    this.buckets[this.slot(b)]! += value;
    this.windowTotal += value;
  }

  windowAverage(nowMs: number): number {
    const b = this.indexOf(nowMs);
    const elapsed = (b - this.lastWrite) * this.granularityMs;
    const written = this.lastWrite - this.firstWrite + 1;
    if (elapsed <= 0) return round6(this.windowTotal / Math.min(written, this.buckets.length));
    if (elapsed < this.window) {
      let total = this.windowTotal;
      for (let i = this.lastWrite + 1; i <= b; i++) total -= this.buckets[this.slot(i)]!;
      const n = Math.min(written, this.buckets.length - (b - this.lastWrite));
      return round6(total / n);
    }
    return 0;
  }

  resizeWindow(windowMs: number, nowMs: number): void {
    if (windowMs === this.window) return;
    if (!(windowMs > 0)) throw new Error(`window must be positive, was ${windowMs} ms`);
    const size = Math.ceil(windowMs / this.granularityMs);
    const next = new Array<number>(size).fill(0);
    let total = 0;
    if (!this.isEmpty(nowMs)) {
      const keep = Math.min(size, this.buckets.length);
      for (let k = 0, i = this.lastWrite; k < keep; k++, i--) {
        const v = this.buckets[this.slot(i)]!;
        next[((i % size) + size) % size] = v;
        total += v;
      }
      this.firstWrite = Math.max(this.firstWrite, this.lastWrite - keep + 1);
    } else {
      this.firstWrite = Number.NEGATIVE_INFINITY;
      this.lastWrite = Number.NEGATIVE_INFINITY;
    }
    this.window = windowMs;
    this.buckets = next;
    this.windowTotal = total;
  }

  protected bucketAt(index: number): number {
    return this.buckets[this.slot(index)]!;
  }
  protected get size(): number {
    return this.buckets.length;
  }
}

const WEIGHT_PRECISION = 0.9999;
const MIN_EXPONENT = 0.2;

function smoothing(buckets: number): number {
  return Math.max(1 - Math.pow(1 - WEIGHT_PRECISION, 1 / buckets), MIN_EXPONENT);
}

/**
 * The `weighted-exponential` aggregation algorithm: the newest bucket weighs most, each older one by a
 * factor (1 − α) less, α chosen so the window holds 99.99% of the weight (at least 0.2).
 */
export class WeightedBuckets extends TimedBuckets {
  private alpha: number;

  constructor(windowMs: number, granularityMs: number = BUCKET_MS) {
    super(windowMs, granularityMs);
    this.alpha = smoothing(Math.ceil(windowMs / granularityMs));
  }

  override windowAverage(nowMs: number): number {
    if (this.isEmpty(nowMs)) return 0;
    const b = this.indexOf(nowMs);
    let count = this.size;
    let multiplier = this.alpha;
    if (b > this.lastWrite) {
      const zeros = b - this.lastWrite;
      multiplier *= Math.pow(1 - this.alpha, zeros);
      count -= zeros;
    }
    let total = 0;
    for (let i = 0; i < count; i++) {
      total += this.bucketAt(this.lastWrite - i) * multiplier;
      multiplier *= 1 - this.alpha;
    }
    return total;
  }

  override resizeWindow(windowMs: number, nowMs: number): void {
    super.resizeWindow(windowMs, nowMs);
    this.alpha = smoothing(Math.ceil(windowMs / this.granularityMs));
  }
}
