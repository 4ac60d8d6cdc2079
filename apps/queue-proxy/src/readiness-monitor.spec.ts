import { ReadinessMonitor } from './readiness-monitor';
import type { ReadinessProbeSpec } from './readiness-probe';

const spec = (over: Partial<ReadinessProbeSpec> = {}): ReadinessProbeSpec => ({
  checks: [],
  periodMs: 0,
  timeoutMs: 1000,
  successThreshold: 1,
  failureThreshold: 3,
  ...over,
});

function waitFor(predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const tick = () => (predicate() ? resolve() : setTimeout(tick, 2));
    tick();
  });
}

describe('ReadinessMonitor', () => {
  it('is ready at once without a probe', async () => {
    const m = new ReadinessMonitor(undefined);
    expect(m.ready).toBe(true);
    expect(await m.check()).toBe(true);
  });

  it('probes aggressively with the short timeout until the container answers', async () => {
    const timeouts: number[] = [];
    let up = false;
    const m = new ReadinessMonitor(spec(), {
      aggressivePeriodMs: 5,
      check: async (t) => {
        timeouts.push(t);
        return up;
      },
    });
    m.start();
    await waitFor(() => timeouts.length >= 3);
    expect(m.ready).toBe(false);
    up = true;
    await waitFor(() => m.ready);
    m.stop();
    expect(new Set(timeouts)).toEqual(new Set([100]));
  });

  it('needs successThreshold consecutive successes', async () => {
    const results = [true, false, true, true];
    const m = new ReadinessMonitor(spec({ successThreshold: 2 }), {
      aggressivePeriodMs: 1,
      check: async () => results.shift() ?? true,
    });
    m.start();
    await waitFor(() => m.ready);
    m.stop();
    // Ready only after the 4th check: true, false (resets the count), true, true.
    expect(results).toEqual([]);
  });

  it('turns unready after failureThreshold consecutive failures, with the probe timeout once ready', async () => {
    let up = true;
    const timeouts: number[] = [];
    const changes: boolean[] = [];
    const m = new ReadinessMonitor(spec({ periodMs: 5, timeoutMs: 700, failureThreshold: 2 }), {
      aggressivePeriodMs: 1,
      check: async (t) => {
        timeouts.push(t);
        return up;
      },
      onChange: (r) => changes.push(r),
    });
    m.start();
    await waitFor(() => m.ready);
    const before = timeouts.length;
    up = false;
    await waitFor(() => !m.ready);
    m.stop();
    expect(changes).toEqual([true, false]);
    expect(timeouts.slice(before)).toContain(700);
  });

  it('answers a probe request with an immediate check when not ready yet', async () => {
    let calls = 0;
    const m = new ReadinessMonitor(spec(), {
      check: async () => {
        calls++;
        return true;
      },
    });
    // Not started: only the on-demand check runs.
    expect(await m.check()).toBe(true);
    expect(calls).toBe(1);
    expect(await m.check()).toBe(true);
    expect(calls).toBe(1);
  });

  it('shares one check between concurrent probe requests', async () => {
    let calls = 0;
    const m = new ReadinessMonitor(spec(), {
      check: () => {
        calls++;
        return new Promise((r) => setTimeout(() => r(false), 10));
      },
    });
    expect(await Promise.all([m.check(), m.check(), m.check()])).toEqual([false, false, false]);
    expect(calls).toBe(1);
  });
});
