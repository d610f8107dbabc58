import { z } from 'zod';

/**
 * The one job catalog. Per queue: its name (NEVER RENAME: names are persisted in Redis and relied on by running
 * replicas), each job's payload schema and job-id builder. Payloads are small and reference-based (heights, hashes,
 * ids); amounts, if ever needed, are decimal strings. Job ids come from business keys, so a retry or a duplicate
 * enqueue is harmless. Ids never contain ':' (BullMQ reserves it).
 */

const hash64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-hex block hash');
const height = z.number().int().nonnegative();
const application = z.number().int().min(1);
/** Job-id suffix of a block's n-th application: none for the first (ids of jobs queued before sequences existed). */
const applicationSuffix = (n: number | undefined) => (n === undefined || n <= 1 ? '' : `-a${n}`);

export const catalog = {
  /** chain-watcher -> snapshotter: a confirmed block, in height order. */
  'chain.blocks': {
    block: {
      schema: z.object({ height, hash: hash64 }),
      jobId: (p: { hash: string }) => `block-${p.hash}`,
    },
  },
  /**
   * snapshotter / chain-watcher -> accrual: apply a stored snapshot, or reverse a block that left the main chain.
   * A block hash can be applied, reversed and applied again (A->B->A): `application` is the number of the
   * application the job makes (apply) or undoes (reverse); absent = 1. It is part of the job id, so the second
   * application of a hash is a new job, not a duplicate of the first (BullMQ ignores an add whose id exists).
   */
  snapshots: {
    apply: {
      schema: z.object({ height, hash: hash64, application: application.optional() }),
      jobId: (p: { hash: string; application?: number | undefined }) => `apply-${p.hash}${applicationSuffix(p.application)}`,
    },
    reverse: {
      schema: z.object({ height, hash: hash64, application: application.optional() }),
      jobId: (p: { hash: string; application?: number | undefined }) => `reverse-${p.hash}${applicationSuffix(p.application)}`,
    },
  },
  /** outbox relay -> notifier: deliver one outbox message. */
  notify: {
    send: {
      schema: z.object({ messageId: z.string().regex(/^\d+$/) }),
      jobId: (p: { messageId: string }) => `msg-${p.messageId}`,
    },
  },
  /** payout scheduler and CLI -> payout service. */
  payouts: {
    /** Fired by the job scheduler (cron): plan a payout, then wait for approval or execute. */
    plan: {
      schema: z.object({ reason: z.enum(['schedule', 'manual']).default('schedule') }),
      jobId: (p: { reason?: string; at?: string }) => `plan-${p.reason ?? 'schedule'}-${p.at ?? 'now'}`,
    },
    /** Execute an approved plan (reserve, sign, broadcast). */
    execute: {
      schema: z.object({ planHash: z.string().regex(/^[0-9a-f]{64}$/) }),
      jobId: (p: { planHash: string }) => `execute-${p.planHash}`,
    },
  },
  /**
   * The notifier's schedules (BullMQ job schedulers: one replica runs each tick). Jobs carry no payload; their
   * ids are made by the scheduler.
   */
  'notifier.schedules': {
    'hourly-status': { schema: z.object({}), jobId: () => 'hourly-status' },
    'daily-summary': { schema: z.object({}), jobId: () => 'daily-summary' },
    'digest-check': { schema: z.object({}), jobId: () => 'digest-check' },
  },
} as const;

/** Every queue name. */
export type QueueName = keyof typeof catalog;
/** The job names of queue `Q`. */
export type JobName<Q extends QueueName> = keyof (typeof catalog)[Q] & string;
/** The payload type of job `J` of queue `Q`. */
export type JobPayload<Q extends QueueName, J extends JobName<Q>> = z.infer<((typeof catalog)[Q][J] & { schema: z.ZodType })['schema']>;

/** Queue names in one list (status pages, metrics). */
export const QUEUE_NAMES = Object.keys(catalog) as QueueName[];
