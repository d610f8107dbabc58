import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { createShutdown } from './shutdown';

describe('createShutdown', () => {
  it('runs the steps in reverse order of registration', async () => {
    const order: string[] = [];
    const s = createShutdown();
    s.add('redis', () => { order.push('redis'); });
    s.add('database', async () => { await new Promise((r) => setTimeout(r, 5)); order.push('database'); });
    s.add('worker', () => { order.push('worker'); });
    expect(s.stopping).toBe(false);
    await s.run();
    expect(order).toEqual(['worker', 'database', 'redis']);
    expect(s.stopping).toBe(true);
  });

  it('runs once even when called twice', async () => {
    const step = jest.fn(async () => { await new Promise((r) => setTimeout(r, 5)); });
    const s = createShutdown();
    s.add('step', step);
    const first = s.run();
    const second = s.run();
    await Promise.all([first, second]);
    await s.run();
    expect(step).toHaveBeenCalledTimes(1);
  });

  it('continues past a failing step and logs it', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write(chunk: Buffer, _enc, cb) { lines.push(chunk.toString()); cb(); } });
    const log = createLogger({ name: 'test', level: 'debug', destination });
    const order: string[] = [];
    const s = createShutdown(log);
    s.add('first', () => { order.push('first'); });
    s.add('broken', () => { throw new Error('close failed'); });
    s.add('rejecting', () => Promise.reject(new Error('async close failed')));
    s.add('last', () => { order.push('last'); });
    await expect(s.run()).resolves.toBeUndefined();
    expect(order).toEqual(['last', 'first']);
    const failed = lines.map((l) => JSON.parse(l) as { msg: string; step: string }).filter((l) => l.msg === 'shutdown step failed');
    expect(failed.map((l) => l.step)).toEqual(['rejecting', 'broken']);
  });
});
