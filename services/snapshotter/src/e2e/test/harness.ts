import type { Db } from '@ppm/ledger';
import { startSimulator, type Scenario, type SimHandle } from '@ppm/qtum-sim';
import { testRedis, type TestRedis } from '@ppm/testkit';
import { C } from './scenarios';
import { startPipeline, type Pipeline } from './pipeline';

/** One e2e case: a simulator, an isolated Redis prefix, and the pipelines started on them. */
export interface E2eCase {
  readonly sim: SimHandle;
  readonly redis: TestRedis;
  /** Starts a pipeline on `db` from `startHeight` (stopped by {@link E2eCase.close}). */
  start(db: Db, startHeight: number): Promise<Pipeline>;
  close(): Promise<void>;
}

/** Opens a case; every resource it opens is closed by `close`. */
export async function openCase(scenario: Scenario, label: string): Promise<E2eCase> {
  const sim = await startSimulator({ scenario });
  const redis = testRedis(label);
  const running = new Set<Pipeline>();
  return {
    sim,
    redis,
    async start(db, startHeight) {
      const p = await startPipeline({ db, redisUrl: redis.url, prefix: redis.prefix, rpcUrl: sim.url, staker: sim.chain.staker.address, startHeight, confirmations: C });
      running.add(p);
      const stop = p.stop.bind(p);
      return { ...p, stop: async () => { running.delete(p); await stop(); } };
    },
    async close() {
      for (const p of running) await p.stop();
      await redis.cleanup();
      await sim.close();
    },
  };
}

/** Rows applied but off the main chain (must be none once reversals ran). */
export async function appliedOffChainCount(db: Db): Promise<number> {
  const r = await db.query<{ n: string }>(`SELECT count(*) AS n FROM blocks WHERE NOT on_main_chain AND status = 'applied'`);
  return Number(r.rows[0]?.n ?? 0);
}

/** Count of blocks by status. */
export async function statusCounts(db: Db): Promise<Record<string, number>> {
  const r = await db.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM blocks GROUP BY status`);
  return Object.fromEntries(r.rows.map((x) => [x.status, Number(x.n)]));
}
