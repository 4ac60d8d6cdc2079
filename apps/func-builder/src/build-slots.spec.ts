import { BuildSlots } from './build-slots';

describe('BuildSlots', () => {
  it('runs at most `limit`, queues up to `maxQueued` in order and refuses beyond', async () => {
    const slots = new BuildSlots(2, 1);
    const a = await slots.acquire()!;
    const b = await slots.acquire()!;
    const order: string[] = [];
    const c = slots.acquire()!.then((release) => {
      order.push('c');
      return release;
    });
    expect(slots.acquire()).toBeUndefined();
    expect([slots.active, slots.queued]).toEqual([2, 1]);
    a();
    a(); // a second release of the same slot does nothing
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect([slots.active, slots.queued]).toEqual([2, 0]);
    b();
    releaseC();
    expect(slots.active).toBe(0);
  });
});
