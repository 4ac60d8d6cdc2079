/**
 * The largest value recorded over a sliding time window (Knative aggregation/max.TimeWindow), used for
 * scale-down-delay: a scale-down takes effect only after the lower value held for the whole delay.
 */
export class MaxTimeWindow {
  private entries: { index: number; value: number }[] = [];
  private readonly size: number;

  constructor(
    windowMs: number,
    private readonly granularityMs: number,
  ) {
    this.size = Math.max(1, Math.ceil(windowMs / granularityMs));
  }

  record(nowMs: number, value: number): void {
    const index = Math.floor(nowMs / this.granularityMs);
    // Keep a decreasing run of maxima: older entries not larger than the new value can never win again.
    while (this.entries.length > 0 && this.entries[this.entries.length - 1]!.value <= value) {
      const last = this.entries.pop()!;
      if (last.index === index) value = Math.max(value, last.value);
    }
    const last = this.entries[this.entries.length - 1];
    if (last && last.index === index) {
      last.value = Math.max(last.value, value);
    } else {
      this.entries.push({ index, value });
    }
    while (this.entries.length > 0 && index - this.entries[0]!.index >= this.size) this.entries.shift();
  }

  /** The maximum over the window as of the last record (0 before any). */
  current(): number {
    return this.entries[0]?.value ?? 0;
  }
}
