import { randomUUID } from 'node:crypto';
import { Queue, type Job, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { PermanentError, RetryableError, silentLogger } from '@ppm/runtime';
import { catalog } from './catalog';
import { createQueue, createWorker, openRedis, type TypedQueue } from './queues';

const PREFIX = `test-queues-${randomUUID()}`;
const FAST_RETRY = { attempts: 4, backoff: { type: 'fixed', delay: 10 }, removeOnComplete: false, removeOnFail: false } as const;

/** A distinct 64-hex block hash per call. */
let hashSeq = 0;
const nextHash = () => (++hashSeq).toString(16).padStart(64, '0');

/** Polls the job until it is completed or failed. */
async function settled(queue: Queue, jobId: string, timeoutMs = 15_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await queue.getJobState(jobId);
    if (state === 'completed' || state === 'failed') {
      // Read the job after it settled, so its failedReason, attemptsMade and returnvalue are final.
      const job = await queue.getJob(jobId);
      if (job) return job;
    }
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not settle (state ${state})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('queues (real Redis)', () => {
  let conn: Redis;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(() => {
    conn = openRedis(process.env.REDIS_URL!);
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    let cursor = '0';
    do {
      const [next, keys] = await conn.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
      if (keys.length > 0) await conn.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await conn.quit();
  });

  function queue<Q extends 'chain.blocks' | 'snapshots'>(name: Q): TypedQueue<Q> {
    const q = createQueue(name, conn, PREFIX);
    closers.push(() => q.close());
    return q;
  }

  function worker(start: () => Worker): Worker {
    const w = start();
    closers.push(() => w.close());
    return w;
  }

  it('refuses a bad payload before enqueueing it', async () => {
    const q = queue('snapshots');
    await expect(q.add('apply', { height: 1, hash: 'not-a-hash' })).rejects.toThrow('must be a 64-hex block hash');
    await expect(q.add('apply', { height: -1, hash: nextHash() })).rejects.toThrow();
    expect(await q.queue.getJobCountByTypes('waiting', 'delayed', 'prioritized')).toBe(0);
  });

  it('refuses a job name the queue does not have', async () => {
    const q = queue('snapshots');
    await expect(q.add('nope' as 'apply', { height: 1, hash: nextHash() })).rejects.toThrow('queue snapshots has no job nope');
  });

  it('makes job ids from business keys: the same block twice is one job', async () => {
    const q = queue('snapshots');
    const hash = nextHash();
    await q.add('apply', { height: 7, hash });
    await q.add('apply', { height: 7, hash });
    await q.add('reverse', { height: 7, hash });
    expect(await q.queue.getJobCountByTypes('waiting', 'delayed', 'prioritized')).toBe(2);
    const job = await q.queue.getJob(catalog.snapshots.apply.jobId({ hash }));
    expect(job?.id).toBe(`apply-${hash}`);
    expect(job?.data).toEqual({ height: 7, hash });
    expect((await q.queue.getJob(`reverse-${hash}`))?.name).toBe('reverse');
  });

  describe('createWorker', () => {
    const calls = new Map<string, number>();
    let blocks: TypedQueue<'chain.blocks'>;

    beforeAll(() => {
      blocks = queue('chain.blocks');
      worker(() => createWorker('chain.blocks', conn, {
        block: (payload) => {
          const n = (calls.get(payload.hash) ?? 0) + 1;
          calls.set(payload.hash, n);
          if (payload.height === 1) throw new PermanentError('block refused');
          if (payload.height === 2 && n < 3) throw new RetryableError('node warming up');
          return Promise.resolve({ seen: payload.height });
        },
      }, { prefix: PREFIX, log: silentLogger() }));
    });

    it('runs the typed handler on a valid payload', async () => {
      const hash = nextHash();
      await blocks.add('block', { height: 0, hash }, FAST_RETRY);
      const job = await settled(blocks.queue, `block-${hash}`);
      expect(await job.getState()).toBe('completed');
      expect(job.returnvalue).toEqual({ seen: 0 });
      expect(calls.get(hash)).toBe(1);
    });

    it('does not retry a PermanentError', async () => {
      const hash = nextHash();
      await blocks.add('block', { height: 1, hash }, FAST_RETRY);
      const job = await settled(blocks.queue, `block-${hash}`);
      expect(await job.getState()).toBe('failed');
      expect(job.failedReason).toBe('block refused');
      expect(job.attemptsMade).toBe(1);
      expect(calls.get(hash)).toBe(1);
    });

    it('retries a RetryableError until it succeeds', async () => {
      const hash = nextHash();
      await blocks.add('block', { height: 2, hash }, FAST_RETRY);
      const job = await settled(blocks.queue, `block-${hash}`);
      expect(await job.getState()).toBe('completed');
      expect(calls.get(hash)).toBe(3);
    });

    it('fails a malformed payload put on the queue directly, without retry', async () => {
      const raw = new Queue('chain.blocks', { connection: conn, prefix: PREFIX });
      closers.push(() => raw.close());
      await raw.add('block', { height: 'ten', hash: 'zz' }, { ...FAST_RETRY, jobId: 'raw-malformed' });
      await raw.add('mystery', { height: 3, hash: nextHash() }, { ...FAST_RETRY, jobId: 'raw-unknown-name' });
      const malformed = await settled(raw, 'raw-malformed');
      expect(await malformed.getState()).toBe('failed');
      expect(malformed.failedReason).toContain('malformed payload');
      expect(malformed.attemptsMade).toBe(1);
      const unknown = await settled(raw, 'raw-unknown-name');
      expect(await unknown.getState()).toBe('failed');
      expect(unknown.failedReason).toContain('unknown job name mystery');
      expect(unknown.attemptsMade).toBe(1);
      expect([...calls.keys()]).not.toContain('zz');
    });
  });
});
