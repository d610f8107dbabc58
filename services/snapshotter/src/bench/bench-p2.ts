import type { TimelineEvent } from '@ppm/qtum-sim';
import type { BenchFigures } from './bench-p1';
import { BENCH_CONFIRMATIONS, countStatus, openBenchEnv, rpcSummary, withPeakRss } from './bench-pipeline';

/**
 * P2: catch-up of `blocks` blocks containing `poolBlocks` pool blocks, from an empty ledger to every block
 * snapshotted (chain-watcher + snapshotter; accrual is measured by its own service).
 */
export async function benchP2(blocks = 20_000, poolBlocks = 500): Promise<BenchFigures> {
  const start = 2_101;
  const every = Math.floor(blocks / poolBlocks);
  const timeline: TimelineEvent[] = [];
  for (let i = 0; i < poolBlocks; i++) timeline.push({ at: start + i * every, do: 'pool' });
  const last = start + blocks - 1;
  timeline.push({ at: last + BENCH_CONFIRMATIONS, do: 'pow' });
  const built = performance.now();
  // 100 delegates x 6 coins: enough unused kernels for a pool block every `every` blocks (one use per 2,000).
  const env = await openBenchEnv({ seed: 'bench-p2', startHeight: start - 1, delegates: { count: 100, utxosPerDelegate: 6, belowMinShare: 0 }, timeline });
  const buildMs = performance.now() - built;
  try {
    const { result: ms, peakRssMb } = await withPeakRss(() =>
      env.run(start, async () => (await countStatus(env.db, start, last, ['snapshotted', 'applied'])) === blocks));
    const pools = await env.db.query<{ n: string }>(`SELECT count(*) AS n FROM blocks WHERE kind = 'pool'`);
    return {
      name: 'P2', ms, peakRssMb, targetMs: 60_000,
      notes: `${blocks} blocks, ${pools.rows[0]?.n ?? 0} pool blocks snapshotted; db ${env.db.kind}; RPC (simulator) ${rpcSummary(env.rpcMs)}; ` +
        `chain build ${Math.round(buildMs)} ms (not counted)`,
    };
  } finally {
    await env.close();
  }
}
