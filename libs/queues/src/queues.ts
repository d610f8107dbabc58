import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions, type WorkerOptions } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { Logger } from 'pino';
import { PermanentError } from '@ppm/runtime';
import { catalog, type JobName, type JobPayload, type QueueName } from './catalog';

/** Redis connection settings shared by every queue of a process. */
export interface QueueConnection {
  /** e.g. redis://127.0.0.1:6379 */
  redisUrl: string;
  /** Key prefix: isolates deployments and tests sharing one Redis. Default "ppm". */
  prefix?: string;
}

/** Opens an ioredis connection suitable for BullMQ (workers need maxRetriesPerRequest: null). Close it yourself. */
export function openRedis(url: string): Redis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/** Default options: retries with exponential backoff; completed jobs are dropped, failed ones kept for inspection. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: true,
  removeOnFail: 1_000,
};

/** A typed producer for one queue. */
export interface TypedQueue<Q extends QueueName> {
  readonly queue: Queue;
  add<J extends JobName<Q>>(job: J, payload: JobPayload<Q, J>, opts?: JobsOptions): Promise<void>;
  close(): Promise<void>;
}

/** Creates a typed producer for queue `name`. Payloads are validated before they are enqueued. */
export function createQueue<Q extends QueueName>(name: Q, conn: Redis, prefix = 'ppm'): TypedQueue<Q> {
  const queue = new Queue(name, { connection: conn, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  return {
    queue,
    async add(job, payload, opts) {
      const spec = (catalog[name] as Record<string, { schema: { parse(v: unknown): unknown }; jobId: (p: never) => string }>)[job];
      if (!spec) throw new Error(`queue ${name} has no job ${job}`);
      const data = spec.schema.parse(payload);
      await queue.add(job, data, { jobId: spec.jobId(payload as never), ...opts });
    },
    close: () => queue.close(),
  };
}

/** A handler per job name of queue `Q`; a job without a handler does not compile. */
export type Handlers<Q extends QueueName> = {
  [J in JobName<Q>]: (payload: JobPayload<Q, J>, job: Job) => Promise<unknown>;
};

/** Options for {@link createWorker}. */
export interface CreateWorkerOptions {
  prefix?: string;
  concurrency?: number;
  log: Logger;
  workerOptions?: Partial<WorkerOptions>;
}

/**
 * Starts a worker on queue `name`. Each payload is validated on consumption; a malformed payload and any
 * PermanentError become BullMQ UnrecoverableError (no retry); everything else is retried with backoff.
 */
export function createWorker<Q extends QueueName>(name: Q, conn: Redis, handlers: Handlers<Q>, opts: CreateWorkerOptions): Worker {
  const specs = catalog[name] as Record<string, { schema: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: unknown } } }>;
  const worker = new Worker(
    name,
    async (job: Job) => {
      const spec = specs[job.name];
      const handler = (handlers as Record<string, (p: unknown, j: Job) => Promise<unknown>>)[job.name];
      if (!spec || !handler) throw new UnrecoverableError(`queue ${name}: unknown job name ${job.name}`);
      const parsed = spec.schema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`queue ${name} job ${job.name}: malformed payload: ${String(parsed.error)}`);
      try {
        return await handler(parsed.data, job);
      } catch (err) {
        if (err instanceof PermanentError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    { connection: conn, prefix: opts.prefix ?? 'ppm', concurrency: opts.concurrency ?? 1, ...opts.workerOptions },
  );
  worker.on('failed', (job, err) => opts.log.warn({ err, queue: name, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade }, 'job failed'));
  worker.on('error', (err: unknown) => opts.log.error({ err, queue: name }, 'worker error'));
  return worker;
}

/** Jobs still to do on a queue: waiting, active, delayed or prioritized (queue depths in status and metrics). */
export async function pendingJobs(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
