import { PermanentError } from '@ppm/runtime';
import { approvalTtlMs, type PayoutContext } from '../context';
import { planFromContent } from '../domain/plan';
import { readBalances } from '../store/balances.repo';
import { insertReservation } from '../store/batches.repo';
import { getPlan, setPlanStatus } from '../store/plans.repo';
import { withSerializableRetry } from '../store/serializable';

/** Serialises payout reservations across replicas (any fixed key distinct from other users' locks). */
const RESERVE_LOCK_KEY = 7_270_100;

/** The outcome of {@link reservePlan}. */
export type ReserveResult = { kind: 'reserved' } | { kind: 'already' } | { kind: 'superseded'; reason: string };

/**
 * approved -> executing, in ONE serializable transaction: re-reads the balances, refuses (plan superseded) if any
 * output exceeds its balance now (a reorg reversed rewards since planning), then writes the batches (reserved),
 * their outputs and the payout_reserve entries (balance -> in flight). Idempotent: a second call finds the plan
 * executing and does nothing.
 */
export async function reservePlan(ctx: PayoutContext, hash: string): Promise<ReserveResult> {
  const result = await withSerializableRetry(() => ctx.db.transaction(async (tx): Promise<ReserveResult> => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [RESERVE_LOCK_KEY]);
    const stored = await getPlan(tx, hash, true);
    if (!stored) throw new PermanentError(`unknown payout plan ${hash}`);
    if (stored.status === 'executing' || stored.status === 'done') return { kind: 'already' };
    if (stored.status !== 'approved') throw new PermanentError(`payout plan ${hash} is ${stored.status}, not approved`);
    if (Date.now() > stored.createdAtMs + approvalTtlMs(ctx.settings)) {
      // Approved but never started within its time to live: the signer would refuse its approval anyway.
      await setPlanStatus(tx, hash, ['approved'], 'superseded');
      return { kind: 'superseded', reason: `approved but not executed within PPM_PAYOUT_APPROVAL_TTL of being made (${new Date(stored.createdAtMs).toISOString()}); the next plan pays these balances` };
    }
    const plan = planFromContent(stored.content);
    const outputs = plan.batches.flatMap((b) => b.outputs);
    const balances = new Map((await readBalances(tx, outputs.map((o) => o.address))).map((b) => [b.address, b.balanceSats]));
    const short = outputs.filter((o) => (balances.get(o.address) ?? 0n) < o.amountSats);
    if (short.length > 0) {
      const first = short[0];
      const reason = `${short.length} output(s) exceed the balance now, e.g. ${first?.address} plans ${first?.amountSats} sat but has ${balances.get(first?.address ?? '') ?? 0n}`;
      await setPlanStatus(tx, hash, ['approved'], 'superseded');
      return { kind: 'superseded', reason };
    }
    await insertReservation(tx, plan);
    await setPlanStatus(tx, hash, ['approved'], 'executing');
    return { kind: 'reserved' };
  }, { isolation: 'serializable' }));
  if (result.kind === 'superseded') ctx.log.error({ planHash: hash, reason: result.reason }, 'payout plan no longer covered by balances: superseded, not reserved');
  else if (result.kind === 'reserved') ctx.log.info({ planHash: hash }, 'payout plan reserved');
  return result;
}
