/**
 * Benchmark P3: plan and sign a payout to 10,000 delegates (simulator + the real signer over mTLS),
 * PPM_MAX_OUTPUTS_PER_TX 2,500. Target: < 5 s from planning to the last signed batch, at most 4 transactions.
 * Run: npx tsx services/payout/src/bench/p3.ts   (uses PPM_TEST_DATABASE_URL / DATABASE_URL if set, else PGlite)
 */
import { randomBytes, randomInt } from 'node:crypto';
import { migrate, openPglite, openPostgres, type Db } from '@ppm/ledger';
import { silentLogger } from '@ppm/runtime';
import type { ExecSettings } from '../context';
import { createPayoutContext } from '../cli';
import { executePlan } from '../jobs/execute-plan';
import { planFromContent } from '../domain/plan';
import { proposePlan } from '../jobs/propose-plan';
import { reservePlan } from '../jobs/reserve-plan';
import { signBatch } from '../jobs/sign-batch';
import { listPlanBatches } from '../store/batches.repo';
import { getPlan } from '../store/plans.repo';
import { startHarness } from '../test/harness';
import { seedEntries } from '../test/seed';

const DELEGATES = 10_000;
const SETTINGS: ExecSettings = {
  PPM_NETWORK: 'regtest', PPM_MIN_PAYOUT_SATS: 100_000n, PPM_MAX_OUTPUTS_PER_TX: 2_500, PPM_PAYOUT_APPROVAL: 'auto', PPM_PAYOUT_CONFIRMATIONS: 2, PPM_PAYOUT_DROP_WATCH_BLOCKS: 100,
};

const out = (line: string) => process.stdout.write(`${line}\n`);

async function openBenchDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  const url = process.env.PPM_TEST_DATABASE_URL || process.env.DATABASE_URL;
  const schema = `bench_p3_${randomBytes(4).toString('hex')}`;
  const db = url ? await openPostgres({ url, schema, max: 4 }) : await openPglite({ schema });
  await migrate(db);
  return { db, drop: async () => { if (db.kind === 'postgres') await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); await db.close(); } };
}

async function main(): Promise<void> {
  let t = Date.now();
  const h = await startHarness({ delegates: { count: DELEGATES, utxosPerDelegate: 1, lowFeeShare: 0, belowMinShare: 0 } });
  out(`setup: simulator with ${h.delegates.length} delegates + signer (mTLS) in ${Date.now() - t} ms`);
  const { db, drop } = await openBenchDb();
  try {
    await seedEntries(db, h.delegates.map((address) => ({ address, sats: 100_000n + BigInt(randomInt(0, 900_000)), height: h.sim.chain.tipHeight })));
    const ctx = createPayoutContext({ db, rpc: h.rpc, signer: h.signer, log: silentLogger() }, SETTINGS);

    t = Date.now();
    const proposal = await proposePlan(db, SETTINGS);
    const tPlan = Date.now() - t;
    const hash = proposal.plan.hash;
    await reservePlan(ctx, hash);
    const tReserve = Date.now() - t;
    const stored = await getPlan(db, hash);
    const plan = planFromContent(stored!.content);
    const perBatch: number[] = [];
    for (const b of await listPlanBatches(db, hash)) {
      const started = Date.now();
      await signBatch(ctx, plan, b);
      perBatch.push(Date.now() - started);
    }
    out(`signing per batch (2,500 outputs): ${perBatch.join(', ')} ms`);
    const tSign = Date.now() - t;
    const batches = await listPlanBatches(db, hash);
    out(`P3: ${proposal.plan.delegatesPaid} delegates, ${batches.length} transactions, plan ${tPlan} ms, +reserve ${tReserve} ms, +sign ${tSign} ms (target < 5000 ms, <= 4 tx)`);
    out(`fees: ${batches.map((b) => b.feeSats?.toString()).join(', ')} sat; states: ${batches.map((b) => b.state).join(', ')}`);
    for (const b of batches) if (b.error) out(`batch ${b.index}: ${b.error}`);

    t = Date.now();
    await executePlan(ctx, hash);
    out(`broadcast: ${Date.now() - t} ms; states: ${(await listPlanBatches(db, hash)).map((b) => b.state).join(', ')}`);
    h.sim.wallet.assertStakingOnly();
    out(`wallet: staking-only after signing`);
    process.exitCode = tSign < 5_000 && batches.length <= 4 ? 0 : 1;
  } finally {
    await drop();
    await h.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
