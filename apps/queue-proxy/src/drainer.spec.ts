import { Drainer } from './drainer';

describe('Drainer', () => {
  it('is not draining until drain() and resolves after the quiet period', async () => {
    const d = new Drainer(20);
    expect(d.draining).toBe(false);
    const t0 = Date.now();
    await d.drain();
    expect(d.draining).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
  });

  it('restarts the quiet period on each request while draining', async () => {
    const d = new Drainer(40);
    let done = false;
    const drained = d.drain().then(() => (done = true));
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 20));
      d.touch();
      expect(done).toBe(false);
    }
    await drained;
    expect(done).toBe(true);
  });

  it('reset() stops draining and resolves pending drains', async () => {
    const d = new Drainer(60_000);
    const drained = d.drain();
    d.reset();
    await drained;
    expect(d.draining).toBe(false);
  });
});
