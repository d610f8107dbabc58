import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobName, QueueName } from '@ppm/queues';
import type { Logger } from '@ppm/runtime';

/** The notifier's own schedule queue (in the @ppm/queues catalog; NEVER RENAME: persisted in Redis). */
export const SCHEDULES_QUEUE = 'notifier.schedules' satisfies QueueName;

/** Scheduled jobs; each has a handler (a missing one does not compile). */
export type ScheduleJob = JobName<'notifier.schedules'>;

/** When each job fires; undefined disables it. Cron patterns are UTC. */
export interface ScheduleTimes {
  readonly hourlyCron: string | undefined;
  readonly dailyCron: string | undefined;
  readonly digestCheckMs: number | undefined;
}

/** The running schedules of one replica. */
export interface Schedules {
  readonly queue: Queue;
  readonly worker: Worker;
  close(): Promise<void>;
}

/**
 * Upserts the job schedulers (idempotent: every replica may do it; BullMQ keeps one scheduler per id, so each tick
 * produces one job that one replica takes) and starts this replica's worker.
 */
export async function startSchedules(
  redis: Redis, prefix: string, times: ScheduleTimes, handlers: { readonly [J in ScheduleJob]: () => Promise<unknown> }, log: Logger,
): Promise<Schedules> {
  const queue = new Queue(SCHEDULES_QUEUE, { connection: redis, prefix, defaultJobOptions: { removeOnComplete: true, removeOnFail: 100 } });
  const crons: [ScheduleJob, string | undefined][] = [['hourly-status', times.hourlyCron], ['daily-summary', times.dailyCron]];
  for (const [id, pattern] of crons) {
    if (pattern) await queue.upsertJobScheduler(id, { pattern, tz: 'UTC' }, { name: id });
    else await queue.removeJobScheduler(id);
  }
  if (times.digestCheckMs) await queue.upsertJobScheduler('digest-check', { every: times.digestCheckMs }, { name: 'digest-check' });
  else await queue.removeJobScheduler('digest-check');
  const worker = new Worker(
    SCHEDULES_QUEUE,
    async (job: Job) => {
      const handler = (handlers as Record<string, (() => Promise<unknown>) | undefined>)[job.name];
      if (!handler) throw new Error(`${SCHEDULES_QUEUE}: unknown job ${job.name}`);
      return handler();
    },
    { connection: redis, prefix, concurrency: 1 },
  );
  worker.on('failed', (job, err) => log.warn({ err, job: job?.name }, 'scheduled job failed'));
  worker.on('error', (err: unknown) => log.error({ err, queue: SCHEDULES_QUEUE }, 'worker error'));
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
