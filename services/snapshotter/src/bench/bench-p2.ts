import type { TimelineEvent } from '@ppm/qtum-sim';
import type { BenchFigures } from './bench-p1';
import { BENCH_CONFIRMATIONS, countStatus, openBenchEnv, rpcSummary, withPeakRss } from './bench-pipeline';

/** Delegates of the P2 pool (each with 6 coins): enough unused kernels for a pool block every 40 blocks. */
const P2_DELEGATES = 100;

/**
 * P2: catch-up of `blocks` blocks containing `poolBlocks` pool blocks and a delegate coin transfer every
 * `transferEvery` blocks, from an empty ledger to every block snapshotted (chain-watcher + snapshotter; accrual
 * applies one block per transaction and is measured by P1 and its own service).
 */
export async function benchP2(blocks = 20_000, poolBlocks = 500, transferEvery = 5): Promise<BenchFigures> {
  const start = 2_101;
  const every = Math.floor(blocks / poolBlocks);
  const timeline: TimelineEvent[] = [];
  for (let i = 0; i < poolBlocks; i++) timeline.push({ at: start + i * every, do: 'pool' });
  // Delegate to delegate, 150 QTUM: the mover's coins are spent, both get new coins (maturing 2,000 later).
  for (let at = start + 2, i = 0; at < start + blocks; at += transferEvery, i++) {
    timeline.push({ at, do: 'transfer', from: `d${i % P2_DELEGATES}`, to: `d${(i * 7 + 3) % P2_DELEGATES}`, amount: '150' });
  }
  const last = start + blocks - 1;
  timeline.push({ at: last + BENCH_CONFIRMATIONS, do: 'pow' });
  const built = performance.now();
  const env = await openBenchEnv({ seed: 'bench-p2', startHeight: start - 1, delegates: { count: P2_DELEGATES, utxosPerDelegate: 6, belowMinShare: 0, minQtum: '1000', maxQtum: '5000' }, timeline });
  const buildMs = performance.now() - built;
  try {
    const { result: ms, peakRssMb } = await withPeakRss(() =>
      env.run(start, async () => (await countStatus(env.db, start, last, ['snapshotted', 'applied'])) === blocks, undefined, { accrual: false }));
    const pools = await env.db.query<{ n: string }>(`SELECT count(*) AS n FROM blocks WHERE kind = 'pool'`);
    return {
      name: 'P2', ms, peakRssMb, targetMs: 60_000,
      notes: `${blocks} blocks, ${pools.rows[0]?.n ?? 0} pool blocks, a transfer every ${transferEvery} blocks, all snapshotted; db ${env.db.kind}; ` +
        `RPC (HTTP + simulator process) ${rpcSummary(env.rpcMs)}; simulator start ${Math.round(buildMs)} ms (not counted)`,
    };
  } finally {
    await env.close();
  }
}
