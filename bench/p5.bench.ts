// P5: `ppm replay` of 100 pool blocks lying 20,000 blocks below the tip, with a delegate coin transfer every 5
// blocks all the way up (target < 30 s). The ledger of the range is synced first (not timed).
import type { TimelineEvent } from '@ppm/qtum-sim';
import { silentLogger } from '@ppm/runtime';
import { createQtumRpcClient } from '@ppm/qtum-rpc';
import { replayRange } from '../services/cli/src/replay';
import { countStatus, openBenchEnv } from '../services/snapshotter/src/bench/bench-pipeline';
import { report } from './types';

const FROM = 5_195;
const FIRST_POOL = 5_201;
const POOLS = 100;
const EVERY = 10;
const ABOVE = 20_000;
const DELEGATES = 100;

void (async () => {
  const to = FIRST_POOL + (POOLS - 1) * EVERY;
  const timeline: TimelineEvent[] = [];
  for (let i = 0; i < POOLS; i++) timeline.push({ at: FIRST_POOL + i * EVERY, do: 'pool' });
  for (let at = FIRST_POOL + 2, i = 0; at <= to + ABOVE; at += 5, i++) {
    timeline.push({ at, do: 'transfer', from: `d${i % DELEGATES}`, to: `d${(i * 7 + 3) % DELEGATES}`, amount: '150' });
  }
  timeline.push({ at: to + ABOVE + 1, do: 'pow' });
  const env = await openBenchEnv({ seed: 'bench-p5', delegates: { count: DELEGATES, utxosPerDelegate: 6, belowMinShare: 0, minQtum: '1000', maxQtum: '5000' }, timeline });
  try {
    await env.run(FROM, async () => (await countStatus(env.db, FROM, to, ['applied'])) === to - FROM + 1);
    const rpc = createQtumRpcClient({ url: env.sim.url, timeoutMs: 120_000 });
    const config = { PPM_NETWORK: 'regtest' as const, PPM_STAKER_ADDRESS: env.sim.staker, PPM_MIN_UTXO_SATS: 10_000_000_000n, PPM_REQUIRED_FEE: 100 };
    const started = performance.now();
    const diffs = await replayRange(env.db, rpc, config, { from: FROM, to, poolFeeBps: 0 }, silentLogger());
    const ms = performance.now() - started;
    rpc.close();
    const pools = await env.db.query<{ n: string }>(`SELECT count(*) AS n FROM blocks WHERE kind = 'pool' AND height BETWEEN $1 AND $2`, [FROM, to]);
    report({
      id: 'P5', title: `ppm replay of ${POOLS} pool blocks lying ${ABOVE.toLocaleString('en')} blocks below the tip, a transfer every 5 blocks`,
      target: '< 30000 ms', figures: { ms: Math.round(ms), differences: diffs.length },
      pass: ms < 30_000 && diffs.length === 0,
      notes: `${FROM}..${to} (${pools.rows[0]?.n ?? 0} pool blocks), tip ${to + ABOVE + 1}; replayRange in the benchmark process (peak RSS includes the untimed sync)`,
    });
  } finally {
    await env.close();
  }
  process.exit(0);
})().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
