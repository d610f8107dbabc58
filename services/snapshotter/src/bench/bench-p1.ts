import { BENCH_CONFIRMATIONS, countStatus, openBenchEnv, rpcSummary, withPeakRss } from './bench-pipeline';

/** Figures of one benchmark run. */
export interface BenchFigures {
  readonly name: string;
  readonly ms: number;
  readonly peakRssMb: number;
  readonly targetMs: number;
  readonly notes: string;
}

const POOL_HEIGHT = 5201;

/**
 * P1: one pool block with 5,000 delegates x 20 UTXOs, from the block that confirms it (tip reaches H + C) to its
 * ledger entries committed (applied), with the apps already running (poll interval 50 ms is part of the figure).
 * The simulator runs in its own process and answers over HTTP; the RPC time (HTTP + simulator) is reported.
 */
export async function benchP1(delegates = 5_000, utxosPerDelegate = 20): Promise<BenchFigures> {
  const built = performance.now();
  const env = await openBenchEnv({
    seed: 'bench-p1',
    // Values 100..1,000 QTUM keep 100,000 coins under the money supply cap.
    delegates: { count: delegates, utxosPerDelegate, minQtum: '100', maxQtum: '1000' },
    // The chain stops one block short of confirming H: the benchmark mines that block once the apps are warm.
    timeline: [{ at: POOL_HEIGHT, do: 'pool' }, { at: POOL_HEIGHT + BENCH_CONFIRMATIONS - 1, do: 'pow' }],
  });
  const buildMs = performance.now() - built;
  try {
    const warm = async () => {
      // Up and idle: the block before H is snapshotted (and applied, when accrual is quick) and the delegation events are cached.
      while ((await countStatus(env.db, POOL_HEIGHT - 1, POOL_HEIGHT - 1, ['snapshotted', 'applied'])) !== 1) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 3_000));
      env.rpcMs.clear();
      await env.sim.mine(1, 'pow');
    };
    const { result: ms, peakRssMb } = await withPeakRss(() =>
      env.run(POOL_HEIGHT - 1, async () => (await countStatus(env.db, POOL_HEIGHT, POOL_HEIGHT, ['applied'])) === 1, warm));
    const kind = (await env.db.query<{ kind: string }>(`SELECT kind FROM blocks WHERE height = $1 AND on_main_chain`, [POOL_HEIGHT])).rows[0]?.kind;
    if (kind !== 'pool') throw new Error(`bench scenario: block ${POOL_HEIGHT} is ${kind}, not a pool block`);
    const w = await env.db.query<{ delegate_count: number; pool_weight_sats: string }>(`SELECT delegate_count, pool_weight_sats FROM snapshots`);
    const snap = w.rows[0];
    return {
      name: 'P1', ms, peakRssMb, targetMs: 1_500,
      notes: `${delegates}x${utxosPerDelegate} UTXOs, ${snap?.delegate_count ?? 0} eligible delegates, W=${snap?.pool_weight_sats ?? '?'} sat; ` +
        `db ${env.db.kind}; RPC (HTTP + simulator process) ${rpcSummary(env.rpcMs)}; simulator start ${Math.round(buildMs)} ms (not counted)`,
    };
  } finally {
    await env.close();
  }
}
