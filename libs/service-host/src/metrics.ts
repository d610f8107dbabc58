import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { readChainFollowState, type Db } from '@ppm/ledger';
import type { RpcCallEvent } from '@ppm/qtum-rpc';
import { QUEUE_NAMES, pendingJobs } from '@ppm/queues';

/** RPC metrics: feed `onRpcCall` from the qtumd client's `onCall` hook. */
export interface RpcMetrics {
  onRpcCall(e: RpcCallEvent): void;
}

/** Registers qtumd call counters and latency (every process that talks to the node). */
export function registerRpcMetrics(registry: Registry): RpcMetrics {
  const rpcCalls = new Counter({ name: 'ppm_rpc_calls_total', help: 'qtumd RPC calls by method and outcome (ok, error code, transport)', labelNames: ['method', 'outcome'], registers: [registry] });
  const rpcSeconds = new Histogram({ name: 'ppm_rpc_duration_seconds', help: 'qtumd RPC latency', labelNames: ['method'], buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] });
  return {
    onRpcCall(e) {
      rpcCalls.inc({ method: e.method, outcome: e.ok ? 'ok' : e.code !== undefined ? String(e.code) : 'transport' });
      rpcSeconds.observe({ method: e.method }, e.ms / 1000);
    },
  };
}

/**
 * Registers the ledger gauges (read from the database at scrape time) and queue depths, for the clients this
 * process opened. `nodeTip` gives the lag gauge its reference.
 */
export function registerLedgerMetrics(registry: Registry, deps: { db?: Db | undefined; redis?: Redis | undefined; prefix?: string; confirmations?: number | undefined; nodeTip?: () => number | null }): void {
  const db = deps.db;
  if (db) {
    new Gauge({
      name: 'ppm_ledger_applied_height', help: 'highest applied main-chain block', registers: [registry],
      async collect() {
        const r = await db.query<{ h: number | null }>("SELECT max(height) AS h FROM blocks WHERE on_main_chain AND status = 'applied'");
        this.set(Number(r.rows[0]?.h ?? 0));
      },
    });
    new Gauge({
      name: 'ppm_blocks_applied', help: 'applied main-chain blocks by kind', labelNames: ['kind'], registers: [registry],
      async collect() {
        const r = await db.query<{ kind: string; n: string }>("SELECT kind, count(*)::text AS n FROM blocks WHERE on_main_chain AND status = 'applied' GROUP BY kind");
        this.reset();
        for (const row of r.rows) this.set({ kind: row.kind }, Number(row.n));
      },
    });
    new Gauge({
      name: 'ppm_lag_blocks', help: 'confirmed node tip minus the applied height (needs a node tip seen by this process)', registers: [registry],
      async collect() {
        const tip = deps.nodeTip?.() ?? null;
        if (tip === null) return;
        const r = await db.query<{ h: number | null }>("SELECT max(height) AS h FROM blocks WHERE on_main_chain AND status = 'applied'");
        this.set(Math.max(0, tip - (deps.confirmations ?? 0) - Number(r.rows[0]?.h ?? 0)));
      },
    });
    // Chain following (issue 9), from what the chain-watcher recorded: 0 when all is well.
    new Gauge({
      name: 'ppm_chain_stalled_seconds', help: 'seconds the lowest waiting block has been stalled (0: no stall; see ppm status)', registers: [registry],
      async collect() {
        const s = (await readChainFollowState(db)).stall;
        this.set(s ? Math.max(0, (Date.now() - s.sinceMs) / 1000) : 0);
      },
    });
    new Gauge({
      name: 'ppm_node_behind_blocks', help: 'blocks the node is behind the ledger (reindex, catch-up); 0 when not behind', registers: [registry],
      async collect() {
        const b = (await readChainFollowState(db)).nodeBehind;
        this.set(b ? b.blocks : 0);
      },
    });
    new Gauge({
      name: 'ppm_reorg_gate_depth', help: 'depth of a deep reorg waiting for `ppm reorg accept` (0: none)', registers: [registry],
      async collect() {
        const g = (await readChainFollowState(db)).reorgGate;
        this.set(g && g.acceptedAtMs === undefined ? g.depth : 0);
      },
    });
    new Gauge({
      name: 'ppm_payout_batches', help: 'payout batches by state', labelNames: ['state'], registers: [registry],
      async collect() {
        const r = await db.query<{ state: string; n: string }>('SELECT state, count(*)::text AS n FROM payout_batches GROUP BY state');
        this.reset();
        for (const row of r.rows) this.set({ state: row.state }, Number(row.n));
      },
    });
    new Gauge({
      name: 'ppm_notification_deliveries', help: 'mail deliveries by state (failed = gave up)', labelNames: ['state'], registers: [registry],
      async collect() {
        const r = await db.query<{ state: string; n: string }>('SELECT state, count(*)::text AS n FROM notification_deliveries GROUP BY state');
        this.reset();
        for (const row of r.rows) this.set({ state: row.state }, Number(row.n));
      },
    });
  }
  const redis = deps.redis;
  if (redis) {
    const queues = QUEUE_NAMES.map((name) => new Queue(name, { connection: redis, prefix: deps.prefix ?? 'ppm' }));
    new Gauge({
      name: 'ppm_queue_depth', help: 'jobs waiting, active or delayed per queue', labelNames: ['queue'], registers: [registry],
      async collect() {
        for (const q of queues) this.set({ queue: q.name }, await pendingJobs(q));
      },
    });
  }
}
