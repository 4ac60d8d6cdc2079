import { firstAvailable, lbPolicyFor, PodTracker, powerOfTwoChoices, roundRobin } from './lb-policy';

const pods = (n: number, cc: number) =>
  Array.from({ length: n }, (_, i) => new PodTracker(`10.0.0.${i + 1}:8012`, cc));

describe('PodTracker', () => {
  it('gives cc slots for cc > 0 and unlimited reservations for cc = 0', () => {
    const limited = new PodTracker('a:1', 2);
    const r1 = limited.reserve();
    const r2 = limited.reserve();
    expect(limited.reserve()).toBeUndefined();
    expect(limited.weight).toBe(2);
    r1?.();
    expect(limited.weight).toBe(1);
    expect(limited.reserve()).toBeDefined();
    r2?.();
    const unlimited = new PodTracker('b:1', 0);
    for (let i = 0; i < 100; i++) expect(unlimited.reserve()).toBeDefined();
    expect(unlimited.capacity).toBe(1);
  });
});

describe('firstAvailable (cc ≤ 3)', () => {
  it('fills the first pod before using the next, and returns undefined when all are full', () => {
    const policy = firstAvailable();
    const targets = pods(2, 1);
    const a = policy(targets);
    const b = policy(targets);
    expect(a?.target.dest).toBe('10.0.0.1:8012');
    expect(b?.target.dest).toBe('10.0.0.2:8012');
    expect(policy(targets)).toBeUndefined();
    a?.release();
    expect(policy(targets)?.target.dest).toBe('10.0.0.1:8012');
  });
});

describe('roundRobin (cc > 3)', () => {
  it('rotates over the pods and skips full ones', () => {
    const policy = roundRobin();
    const targets = pods(3, 4);
    expect([1, 2, 3, 4].map(() => policy(targets)?.target.dest)).toEqual([
      '10.0.0.1:8012',
      '10.0.0.2:8012',
      '10.0.0.3:8012',
      '10.0.0.1:8012',
    ]);
    // Fill pod 2 completely (it holds one already).
    for (let i = 0; i < 3; i++) targets[1].reserve();
    expect(policy(targets)?.target.dest).toBe('10.0.0.3:8012');
    expect(policy(targets)?.target.dest).toBe('10.0.0.1:8012');
  });
  it('returns undefined for no pods', () => {
    expect(roundRobin()([])).toBeUndefined();
  });
});

describe('powerOfTwoChoices (cc = 0)', () => {
  it('picks the less loaded of two distinct random pods', () => {
    const targets = pods(3, 0);
    targets[0].track();
    targets[0].track();
    // random() → 0 picks index 0 first, then index 1 (0 bumped past the first pick).
    const pick = powerOfTwoChoices(() => 0)(targets);
    expect(pick?.target.dest).toBe('10.0.0.2:8012');
    expect(targets[1].weight).toBe(1);
    pick?.release();
    expect(targets[1].weight).toBe(0);
  });
  it('spreads load roughly evenly over many picks', () => {
    const targets = pods(4, 0);
    const policy = powerOfTwoChoices();
    const held = Array.from({ length: 400 }, () => policy(targets));
    const weights = targets.map((t) => t.weight);
    expect(Math.max(...weights) - Math.min(...weights)).toBeLessThanOrEqual(2);
    held.forEach((h) => h?.release());
  });
  it('uses the single pod when there is one and nothing when there is none', () => {
    const policy = powerOfTwoChoices();
    expect(policy(pods(1, 0))?.target.dest).toBe('10.0.0.1:8012');
    expect(policy([])).toBeUndefined();
  });
});

describe('lbPolicyFor', () => {
  it('chooses by container concurrency as Knative does', () => {
    // cc = 1 → first available: the second pick goes to the second pod.
    const one = pods(2, 1);
    const p1 = lbPolicyFor(1);
    p1(one);
    expect(p1(one)?.target.dest).toBe('10.0.0.2:8012');
    // cc = 10 → round robin: the second pick goes to the second pod although the first has room.
    const ten = pods(2, 10);
    const p10 = lbPolicyFor(10);
    p10(ten);
    expect(p10(ten)?.target.dest).toBe('10.0.0.2:8012');
    // cc = 3 → first available: the second pick stays on the first pod.
    const three = pods(2, 3);
    const p3 = lbPolicyFor(3);
    p3(three);
    expect(p3(three)?.target.dest).toBe('10.0.0.1:8012');
  });
});
