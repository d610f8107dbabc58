import { writeOutbox, type Db } from '@ppm/ledger';
import type { StatusRpc } from './node-status';

/** Dedupe key of the hourly status for the UTC hour of `now` (one message per hour, whichever replica fires). */
export function hourlyKey(now: Date): string {
  return `hourly_status:${now.toISOString().slice(0, 13)}`;
}

/** Delegates of the latest snapshot (0 before the first pool block). */
async function delegateCount(db: Db): Promise<number> {
  const r = await db.query<{ delegate_count: number }>('SELECT delegate_count FROM snapshots ORDER BY height DESC LIMIT 1');
  return r.rows[0]?.delegate_count ?? 0;
}

/**
 * Writes this hour's status to the outbox from the node's state and the ledger. Returns the outbox id, or null when
 * this hour's status already exists.
 */
export async function produceHourlyStatus(db: Db, rpc: StatusRpc, now: Date): Promise<string | null> {
  const [height, staking, wallet, delegates] = await Promise.all([
    rpc.getblockcount(), rpc.getstakinginfo(), rpc.getwalletinfo(), delegateCount(db),
  ]);
  return writeOutbox(db, {
    kind: 'hourly_status',
    dedupeKey: hourlyKey(now),
    payload: {
      height,
      balanceSats: wallet.balanceSats.toString(),
      stakeSats: wallet.stakeSats.toString(),
      ownWeightSats: staking.weight.toString(),
      delegatedWeightSats: staking.delegateweight.toString(),
      delegates,
      expectedSecondsToNextBlock: staking.expectedtime,
      staking: staking.staking,
    },
  });
}
