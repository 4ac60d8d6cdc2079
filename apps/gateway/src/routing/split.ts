/** Weighted choice among an Ingress path's splits by their `percent` (Knative: a lone split defaults to 100). */
export interface Weighted {
  percent?: number;
}

/**
 * Picks one of `splits` with probability percent/sum. `random` returns [0, 1) (Math.random by default, a
 * seeded generator in tests). Splits at 0 % are never picked unless every split is at 0, when the first wins.
 */
export function chooseSplit<T extends Weighted>(splits: readonly T[], random: () => number = Math.random): T {
  if (splits.length === 0) throw new Error('chooseSplit: no splits');
  if (splits.length === 1) return splits[0];
  let total = 0;
  for (const s of splits) total += weightOf(s);
  if (total <= 0) return splits[0];
  let point = random() * total;
  for (const s of splits) {
    point -= weightOf(s);
    if (point < 0) return s;
  }
  // random() returned a value that rounds to total: the last split with weight.
  for (let i = splits.length - 1; i >= 0; i--) if (weightOf(splits[i]) > 0) return splits[i];
  return splits[0];
}

function weightOf(split: Weighted): number {
  const p = split.percent ?? 0;
  return Number.isFinite(p) && p > 0 ? p : 0;
}

/** A small deterministic PRNG (mulberry32) for reproducible split tests and benchmarks. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
