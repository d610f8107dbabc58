import { randomInt } from 'node:crypto';
import type { Db } from '@ppm/ledger';
import type { SimHandle } from '@ppm/qtum-sim';
import { silentLogger } from '@ppm/runtime';
import type { ExecSettings } from '../context';
import { createPayoutApp, type PayoutApp, type PayoutAppDeps } from '../app';
import type { Harness } from './harness';
import { seedEntries } from './seed';

/** Test settings: small batches so a handful of delegates makes several transactions. */
export const TEST_SETTINGS: ExecSettings & { PPM_PAYOUT_CRON: string; PPM_PAYOUT_TZ: string } = {
  PPM_NETWORK: 'regtest', PPM_MIN_PAYOUT_SATS: 100_000n, PPM_MAX_OUTPUTS_PER_TX: 2, PPM_PAYOUT_APPROVAL: 'auto',
  PPM_PAYOUT_CONFIRMATIONS: 2, PPM_PAYOUT_DROP_WATCH_BLOCKS: 100, PPM_PAYOUT_CRON: '0 0 * * *', PPM_PAYOUT_TZ: 'UTC',
};

/** Balances to seed: `paid` delegates above the minimum, `carried` below it. Amounts are random per run, so
 * plan hashes (and so the signer's batch ids) never repeat between tests sharing one signer journal. */
export function makeBalances(h: Harness, paid: number, carried: number, offset = 0): { address: string; sats: bigint }[] {
  const pick = h.delegates.slice(offset, offset + paid + carried);
  if (pick.length < paid + carried) throw new Error(`harness has only ${h.delegates.length} delegates`);
  return pick.map((address, i) => ({
    address,
    sats: i < paid ? 100_000n + BigInt(randomInt(1, 50_000_000)) : BigInt(randomInt(1, 99_999)),
  }));
}

/** Writes the balances as ledger entries at the chain's tip height. */
export async function seedBalances(db: Db, sim: SimHandle, balances: readonly { address: string; sats: bigint }[]): Promise<void> {
  await seedEntries(db, balances.map((b) => ({ address: b.address, sats: b.sats, height: sim.chain.tipHeight })));
}

/** The UTXO keys each address holds now (to find what a payout added). */
export function utxoKeys(sim: SimHandle, addresses: readonly string[]): Map<string, Set<string>> {
  return new Map(addresses.map((a) => [a, new Set(sim.chain.utxosOf(a).map((u) => u.key))]));
}

/** New confirmed, non-generated UTXOs of each address since `before`: what the chain paid it. */
export function newPayments(sim: SimHandle, before: Map<string, Set<string>>): Map<string, bigint[]> {
  const out = new Map<string, bigint[]>();
  for (const [a, keys] of before) {
    out.set(a, sim.chain.utxosOf(a).filter((u) => !keys.has(u.key) && !u.isCoinbase && !u.isCoinstake).map((u) => u.value));
  }
  return out;
}

/** A payout app on the harness, with the timer effectively off (tests call tick()). */
export function makeApp(db: Db, h: Harness, redis: PayoutAppDeps['redis'], prefix: string, extra: Partial<PayoutAppDeps> = {}, settings = TEST_SETTINGS): PayoutApp {
  return createPayoutApp(settings, { db, redis, rpc: h.rpc, signer: h.signer, log: silentLogger(), prefix, trackIntervalMs: 3_600_000, schedule: false, ...extra });
}

/** Mines `n` blocks, then runs one tracking pass. */
export async function mineAndTrack(h: Harness, app: PayoutApp, n = 1): Promise<void> {
  h.sim.chain.mine(n);
  await app.tick();
}
