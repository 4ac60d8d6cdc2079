import { Breaker } from './breaker';

/** One backend (pod) as the load balancer sees it: in-flight weight and, for cc > 0, a breaker of cc slots. */
export class PodTracker {
  private inFlight = 0;
  private readonly breaker: Breaker | undefined;

  constructor(
    readonly dest: string,
    containerConcurrency: number,
  ) {
    this.breaker =
      containerConcurrency > 0
        ? new Breaker({
            capacity: containerConcurrency,
            queueDepth: 10_000,
            maxCapacity: containerConcurrency,
          })
        : undefined;
  }

  /** Requests currently sent to this pod through the policy. */
  get weight(): number {
    return this.inFlight;
  }

  /** cc slots, or 1 for unlimited pods (Knative counts them as one). */
  get capacity(): number {
    return this.breaker ? this.breaker.capacity : 1;
  }

  /** Takes a slot if the pod has one free (always for cc=0); returns the release function. */
  reserve(): (() => void) | undefined {
    if (!this.breaker) return this.track();
    const release = this.breaker.reserve();
    if (!release) return undefined;
    const untrack = this.track();
    return () => {
      release();
      untrack();
    };
  }

  /** Counts a request against the weight without a slot (power-of-two-choices). */
  track(): () => void {
    this.inFlight++;
    let done = false;
    return () => {
      if (!done) {
        done = true;
        this.inFlight--;
      }
    };
  }
}

export interface LbPick<T> {
  target: T;
  release: () => void;
}

/** Chooses a backend among `targets` and reserves it; undefined when none has capacity. */
export type LbPolicy = <T extends PodTracker>(targets: readonly T[]) => LbPick<T> | undefined;

/** cc = 0: two random distinct backends, the one with fewer requests in flight (ties broken at random). */
export function powerOfTwoChoices(random: () => number = Math.random): LbPolicy {
  return <T extends PodTracker>(targets: readonly T[]) => {
    const n = targets.length;
    if (n === 0) return undefined;
    if (n === 1) return { target: targets[0], release: targets[0].track() };
    let i1 = 0;
    let i2 = 1;
    if (n > 2) {
      i1 = Math.floor(random() * n);
      i2 = Math.floor(random() * (n - 1));
      if (i2 >= i1) i2++;
    }
    let pick = targets[i1];
    const alt = targets[i2];
    if (pick.weight > alt.weight || (pick.weight === alt.weight && random() < 0.5)) pick = alt;
    return { target: pick, release: pick.track() };
  };
}

/** cc ≤ 3: the first backend (in the given order) that has a free slot. */
export function firstAvailable(): LbPolicy {
  return <T extends PodTracker>(targets: readonly T[]) => {
    for (const target of targets) {
      const release = target.reserve();
      if (release) return { target, release };
    }
    return undefined;
  };
}

/** cc > 3: round-robin over the backends, skipping those without a free slot. */
export function roundRobin(): LbPolicy {
  let next = 0;
  return <T extends PodTracker>(targets: readonly T[]) => {
    const n = targets.length;
    if (next >= n) next = 0;
    for (let i = 0; i < n; i++) {
      const p = (next + i) % n;
      const release = targets[p].reserve();
      if (release) {
        next = p + 1;
        return { target: targets[p], release };
      }
    }
    return undefined;
  };
}

/** Knative's choice of policy by containerConcurrency. */
export function lbPolicyFor(containerConcurrency: number): LbPolicy {
  if (containerConcurrency === 0) return powerOfTwoChoices();
  if (containerConcurrency <= 3) return firstAvailable();
  return roundRobin();
}
