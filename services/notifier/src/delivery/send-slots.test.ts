import { createSendSlots } from './send-slots';

describe('send slots', () => {
  it('never runs more than `size` at once and releases on failure', async () => {
    const slots = createSendSlots(2);
    let running = 0;
    let peak = 0;
    const task = (fail: boolean) => slots.run(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (fail) throw new Error('smtp');
    });
    const results = await Promise.allSettled([task(false), task(true), task(false), task(true), task(false)]);
    expect(peak).toBe(2);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(2);
    await expect(slots.run(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
