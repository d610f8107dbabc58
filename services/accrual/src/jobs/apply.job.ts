import { getImportedBlock, writeOutbox, type Db, type Queryable } from '@ppm/ledger';
import type { LoadedRules, RuleEffect } from '@ppm/rules';
import { PermanentError, RetryableError } from '@ppm/runtime';
import { assertConserved, entriesTotal, planPoolBlock, planSelfBlock, type PlannedEntry } from '../domain/block-entries';
import { firstAppliedOffChain, firstUnappliedBelow, lockBlock, markApplied, type AppliedTerms, type BlockRow } from '../store/blocks.repo';
import { insertBlockEntries, sumBlockEntries } from '../store/entries.repo';
import { insertRuleEffects, recordRulesVersion } from '../store/rule-effects.repo';
import { getSnapshot } from '../store/snapshots.repo';
import { termsFor } from './terms';

/** Options of {@link applyBlock}: the terms in effect now, used by a pool block's FIRST application only. */
export interface ApplyOptions {
  /** Pool fee in basis points (PPM_POOL_FEE_BPS), rule 6. */
  poolFeeBps: number;
  /** The delegate rules in effect (PPM_RULES_FILE); null or absent: none, rule 6 alone. */
  rules?: LoadedRules | null;
}

/** What {@link applyBlock} did. */
export interface ApplyResult {
  readonly outcome: 'applied' | 'already-applied' | 'already-reversed';
  readonly height: number;
  readonly kind: 'pool' | 'self' | 'foreign' | null;
  /** Entries written (0 unless applied). */
  readonly entries: number;
  /** For pool blocks: the shared amount and the delegates credited. */
  readonly delegatesPaid?: number;
  /** The block's application number after the call (2 and more: applied again after a reversal, A->B->A). */
  readonly application: number;
}

/** Dedupe key of a block's message: the first application keeps the historical key, later ones add their number. */
export function blockDedupeKey(kind: string, hash: string, application: number): string {
  return application <= 1 ? `${kind}:${hash}` : `${kind}:${hash}:${application}`;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Applies one snapshotted block to the ledger in ONE transaction, idempotently per block hash (check the
 * block's status under a row lock; act; record `applied`). Applications form a sequence per hash: a block
 * that was reversed and is back on the main chain (A->B->A, at any depth) is applied again from its stored,
 * immutable snapshot as application n+1 (new entries keyed by that number; nothing is updated or deleted):
 * - already applied, or reversed and still off the main chain: nothing (a duplicate or late delivery);
 * - not stored / not yet snapshotted, a lower main-chain block not applied yet (strict height order) or an
 *   applied block that left the main chain not yet reversed (reversals first): RetryableError;
 * - no longer on the main chain, or at/below the imported pool share file's block: PermanentError;
 * - pool block: shares by rule 6 on the snapshot's weights, shaped by the delegate rules (delegate_share > 0,
 *   pool_fee, unallocated when no weight is shared with an `unallocated_reward` warning) and a `pool_reward`
 *   message, under the block's TERMS (pool fee, rules version): fixed at its first application and reused by
 *   every later one ({@link termsFor}), recorded with the application, each rule's effect in block_rule_effects;
 *   self block: `self_revenue` = R and a `self_reward` message; foreign block: no entries.
 * The entries are read back and must sum to exactly R (0 for a foreign block), else ConservationError
 * (permanent) and the transaction rolls back.
 */
export async function applyBlock(db: Db, hash: string, opts: ApplyOptions): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    const b = await lockBlock(tx, hash);
    if (!b) throw new RetryableError(`block ${hash} is not stored yet`);
    const done = { height: b.height, kind: b.kind, entries: 0, application: b.application };
    if (b.status === 'applied') return { outcome: 'already-applied', ...done };
    if (b.status === 'reversed' && !b.onMainChain) return { outcome: 'already-reversed', ...done };
    if (!b.onMainChain) throw new PermanentError(`block ${b.height} ${hash} is no longer on the main chain: not applied`);
    // A reversed block back on the main chain has its stored facts and snapshot: it is applied again.
    if (b.status !== 'snapshotted' && b.status !== 'reversed') throw new RetryableError(`block ${b.height} ${hash} is not snapshotted yet (status ${b.status})`);
    const gap = await firstUnappliedBelow(tx, b.height);
    if (gap) throw new RetryableError(`block ${b.height} waits for block ${gap.height} ${gap.hash} (status ${gap.status}): strict height order`);
    const orphan = await firstAppliedOffChain(tx);
    if (orphan) throw new RetryableError(`block ${b.height} waits for the reversal of block ${orphan.height} ${orphan.hash}, which left the main chain`);
    const imported = await getImportedBlock(tx);
    if (imported !== null && b.height <= imported && b.kind !== 'foreign') {
      throw new PermanentError(`block ${b.height} is at or below block ${imported} of the imported pool share file, whose balances ` +
        'already include it: start accrual at the next height (PPM_START_HEIGHT)');
    }

    const application = b.application + 1;
    const planned = await planEntries(tx, b, opts);
    const expected = b.kind === 'foreign' ? 0n : requireReward(b);
    assertConserved(`block ${b.height} ${hash} (plan)`, entriesTotal(planned.entries), expected);
    try {
      await insertBlockEntries(tx, b, application, planned.entries);
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new PermanentError(`block ${b.height} ${hash} already has ledger entries of application ${application} while not marked applied: refusing a double credit`, { cause: err });
      }
      throw err;
    }
    // Read back what the database holds, not what we meant to write.
    assertConserved(`block ${b.height} ${hash} (stored)`, await sumBlockEntries(tx, hash, application), expected);

    if (b.kind === 'pool' && planned.pool) {
      const p = planned.pool;
      await writeOutbox(tx, {
        kind: 'pool_reward',
        dedupeKey: blockDedupeKey('pool_reward', hash, application),
        payload: {
          height: b.height, blockHash: hash, rewardSats: expected.toString(), poolFeeSats: p.poolFeeSats.toString(),
          delegatesPaid: p.delegatesPaid, poolWeightSats: p.poolWeightSats.toString(),
        },
      });
      if (p.sharedWeightSats === 0n) {
        await writeOutbox(tx, {
          kind: 'unallocated_reward',
          dedupeKey: blockDedupeKey('unallocated_reward', hash, application),
          payload: { height: b.height, blockHash: hash, amountSats: p.unallocatedSats.toString() },
        });
      }
    } else if (b.kind === 'self') {
      await writeOutbox(tx, {
        kind: 'self_reward',
        dedupeKey: blockDedupeKey('self_reward', hash, application),
        payload: { height: b.height, blockHash: hash, rewardSats: expected.toString() },
      });
    }
    if (planned.pool?.rules) await recordRulesVersion(tx, planned.pool.rules);
    await markApplied(tx, b, application, planned.pool?.terms ?? null);
    if (planned.pool) await insertRuleEffects(tx, b, application, planned.pool.effects);
    return {
      outcome: 'applied', ...done, application, entries: planned.entries.length,
      ...(planned.pool ? { delegatesPaid: planned.pool.delegatesPaid } : {}),
    };
  });
}

interface Planned {
  entries: readonly PlannedEntry[];
  pool?: {
    poolFeeSats: bigint;
    /** The snapshot's W (the message's poolWeightSats). */
    poolWeightSats: bigint;
    /** The weight the reward was shared over (W less the ineligible with leftover "redistribute"): 0 = unallocated. */
    sharedWeightSats: bigint;
    unallocatedSats: bigint;
    delegatesPaid: number;
    terms: AppliedTerms;
    rules: LoadedRules | null;
    effects: readonly RuleEffect[];
  };
}

function requireReward(b: BlockRow): bigint {
  if (b.rewardSats === null) throw new PermanentError(`${b.kind} block ${b.height} ${b.hash} has no reward_sats: snapshotter invariant broken`);
  return b.rewardSats;
}

async function planEntries(tx: Queryable, b: BlockRow, opts: ApplyOptions): Promise<Planned> {
  switch (b.kind) {
    case 'pool': {
      const r = requireReward(b);
      const snap = await getSnapshot(tx, b.hash);
      if (!snap) throw new PermanentError(`pool block ${b.height} ${b.hash} is snapshotted but has no snapshot row`);
      if (snap.rewardSats !== r) throw new PermanentError(`pool block ${b.height}: snapshot reward ${snap.rewardSats} != block reward ${r}`);
      let w = 0n;
      for (const x of snap.weights) w += x.weightSats;
      if (w !== snap.poolWeightSats) throw new PermanentError(`pool block ${b.height}: snapshot pool weight ${snap.poolWeightSats} != sum of weights ${w}`);
      const terms = await termsFor(tx, b, { poolFeeBps: opts.poolFeeBps, rules: opts.rules ?? null });
      const plan = planPoolBlock(r, terms.poolFeeBps, snap.weights, terms.rules?.rules ?? null);
      return {
        entries: plan.entries,
        pool: {
          poolFeeSats: plan.split.poolFeeSats, poolWeightSats: snap.poolWeightSats, sharedWeightSats: plan.split.poolWeightSats,
          unallocatedSats: plan.split.unallocatedSats, delegatesPaid: plan.entries.filter((e) => e.kind === 'delegate_share').length,
          terms: { poolFeeBps: terms.poolFeeBps, rulesVersion: terms.rules?.version ?? null }, rules: terms.rules, effects: plan.split.effects,
        },
      };
    }
    case 'self':
      return { entries: planSelfBlock(requireReward(b)) };
    case 'foreign':
      return { entries: [] };
    default:
      throw new PermanentError(`block ${b.height} ${b.hash} is snapshotted without a kind: snapshotter invariant broken`);
  }
}
