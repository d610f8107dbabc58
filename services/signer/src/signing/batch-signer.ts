import { decodeAddress, paidToOf, payoutRootData, payoutRootScriptHex, type NetworkName } from '@ppm/chain';
import { errorMessage, type Logger } from '@ppm/runtime';
import type { Journal } from '../journal/journal';
import type { JournalRecord } from '../journal/journal-record';
import { outputsDigest } from '../journal/outputs-digest';
import type { ChainEarnings } from '../earnings/chain-earnings';
import { DAY_WINDOW_MS, checkBatchAmounts, checkDayCap } from '../policy/caps';
import { checkEarnedTotal, checkRecipientBound, effectiveCaps, type CapOverrides } from '../policy/chain-bound';
import type { VoidSignatures } from '../fates/void-signatures';
import { checkOperatorApproval, type ApprovalPolicy } from '../policy/operator-approval';
import { checkRecipientAddresses, checkRecipientsDelegated } from '../policy/recipients';
import { checkRedirectSignatures } from '../policy/redirects';
import { fundingRefusal, refusalFromNode } from '../wallet/node-errors';
import { withSpendingUnlock } from '../wallet/spending-unlock';
import { checkFeeRate, verifyPaysExactly, type ExpectedOutput, type FeeRateBounds } from '../wallet/verify-tx';
import type { WalletPort } from '../wallet/wallet-port';
import { requestedOutputs, resolveBatch, type BatchRequest, type ParsedSignRequest } from './batch-request';
import { planPayoutRoot } from './payout-root';
import { SignerRefusal } from './refusal';
import { createSerialQueue } from './serial';

/** The signer's fixed policy. */
export interface BatchSignerPolicy {
  readonly network: NetworkName;
  readonly stakerAddress: string;
  /** PPM_SIGNER_MAX_*_SATS: they only lower the caps derived from the chain. */
  readonly capOverrides: CapOverrides;
  readonly feeRate: FeeRateBounds;
  /** First height whose pool blocks count (PPM_START_HEIGHT, 0 when unset). */
  readonly startHeight: number;
  /** PPM_SIGNER_IMPORTED_SATS (default 0). */
  readonly importedSats: bigint;
  /** Who may release a plan (operator keys in manual mode). */
  readonly approval: ApprovalPolicy;
  /**
   * The pool-fee split addresses of the signer's own copy of PPM_RULES_FILE, as of now (a SIGHUP may reload
   * them): they may be paid without having delegated (their balance is the pool's fee), bounded by all pool
   * rewards since the start height.
   */
  readonly poolFeeSplit?: () => ReadonlySet<string>;
}

/** What the signer needs at run time. The passphrase is held here and nowhere else. */
export interface BatchSignerDeps {
  readonly wallet: WalletPort;
  readonly journal: Journal;
  /** The signer's own count of S's on-chain earnings. */
  readonly earnings: ChainEarnings;
  /** Which journalled txs the chain shows can never be mined (they stop counting against the bounds). */
  readonly voids: VoidSignatures;
  readonly log: Logger;
  readonly passphrase: string;
  /** Clock for the day window and journal times (tests move it). */
  readonly now?: () => number;
}

/** A signed (or replayed) batch. */
export interface SignedBatch {
  readonly record: JournalRecord;
  readonly replayed: boolean;
}

/** The signing flow: journal, policy, build, unlock-sign-restore, verify, journal. One batch at a time. */
export interface BatchSigner {
  sign(req: ParsedSignRequest): Promise<SignedBatch>;
}

/** Creates the {@link BatchSigner}. */
export function createBatchSigner(policy: BatchSignerPolicy, deps: BatchSignerDeps): BatchSigner {
  const serial = createSerialQueue();
  const now = deps.now ?? Date.now;
  const stakerHash160 = decodeAddress(policy.stakerAddress, policy.network).hash160Hex.toLowerCase();
  const { wallet, journal, log } = deps;

  async function build(req: BatchRequest, root: string) {
    try {
      const unfunded = await wallet.createRawTransaction(req.outputs.map((o) => ({ address: paidToOf(o), amountSats: o.amountSats })), payoutRootData(root));
      let funded;
      try {
        // The floor rate: the pool pays the fee, and the node's own floor (400 sat/vB) is the usual minimum.
        funded = await wallet.fundRawTransaction(unfunded, { changeAddress: policy.stakerAddress, feeRateSatPerVb: policy.feeRate.minSatPerVb });
      } catch (err) {
        throw fundingRefusal(err);
      }
      const decoded = await wallet.decodeRawTransaction(funded.hex);
      return { funded, decoded };
    } catch (err) {
      throw refusalFromNode(err, 'building the transaction');
    }
  }

  /** Batch ids of the journal's txs that the chain proves can never be mined (fates/void-signatures.ts). */
  async function findVoided(batchId: string): Promise<ReadonlySet<string>> {
    let found;
    try {
      found = await deps.voids.find(journal.records());
    } catch (err) {
      throw refusalFromNode(err, 'checking which signed transactions can never be mined');
    }
    for (const v of found) {
      log.warn({ batchId, voidBatchId: v.batchId, txid: v.txid, input: v.input, spender: v.spender, depth: v.depth },
        'a signed tx can never be mined (an input is spent by another tx this deep): it no longer counts against the bounds');
    }
    return new Set(found.map((v) => v.batchId));
  }

  async function signNew(req: BatchRequest, digest: string): Promise<JournalRecord> {
    // A redirect is believed only with the delegate's own signature, checked here (pure, no node call).
    checkRedirectSignatures(req.planBatches, policy.stakerAddress, policy.network);
    // owners: the delegates whose balances the outputs pay; paid: the addresses the transaction pays.
    const owners = checkRecipientAddresses(req.outputs, policy.network);
    const paid = checkRecipientAddresses(req.outputs.map((o) => ({ address: paidToOf(o), amountSats: o.amountSats })), policy.network);
    const split = policy.poolFeeSplit?.() ?? new Set<string>();
    const root = planPayoutRoot(req);
    const rootScript = payoutRootScriptHex(root);
    let view;
    try {
      view = await deps.earnings.refresh();
    } catch (err) {
      throw refusalFromNode(err, 'counting the pool\'s earnings on chain');
    }
    const bound = { startHeight: policy.startHeight, importedSats: policy.importedSats };
    // The bounds count what the journal signed. First as it stands; only if that refuses, the chain is asked which
    // signed txs can never be mined (dropped batches signed again under new ids), and those stop counting.
    let voided: ReadonlySet<string> = new Set();
    let voidsAsked = false;
    const bounded = async <T>(check: () => T): Promise<T> => {
      try {
        return check();
      } catch (err) {
        if (voidsAsked || !(err instanceof SignerRefusal) || (err.kind !== 'denied' && err.kind !== 'exhausted')) throw err;
        voidsAsked = true;
        voided = await findVoided(req.batchId);
        if (voided.size === 0) throw err;
        return check();
      }
    };
    await bounded(() => checkEarnedTotal(req.totalSats, view, { totalSats: journal.totalSince(0, voided) }, bound));
    const caps = effectiveCaps(view, policy.capOverrides, policy.importedSats);
    checkBatchAmounts(req.outputs, req.totalSats, caps);
    await bounded(() => checkDayCap(req.totalSats, journal.totalSince(now() - DAY_WINDOW_MS, voided), caps));
    let firstDelegation;
    try {
      // Every owner must have delegated to S, except the pool-fee split addresses of the signer's own rules file.
      firstDelegation = await checkRecipientsDelegated(new Map([...owners].filter(([a]) => !split.has(a))), stakerHash160, wallet);
    } catch (err) {
      throw refusalFromNode(err, 'reading delegation events');
    }
    // The per-recipient bound is on the address paid (the journal counts what each script received on chain),
    // from the earliest start among the owners it is paid for: the shares of several delegates together never
    // exceed the pool's rewards since the first of them delegated. A split address counts from the start height.
    const since = new Map<string, number>();
    for (const o of req.outputs) {
      const owner = split.has(o.address) ? policy.startHeight - 1 : firstDelegation.get(owners.get(o.address) ?? '');
      const to = paid.get(paidToOf(o)) ?? '';
      if (owner !== undefined) since.set(to, Math.min(since.get(to) ?? owner, owner));
    }
    const expected: ExpectedOutput[] = req.outputs.map((o) => ({ address: paidToOf(o), amountSats: o.amountSats, hash160Hex: paid.get(paidToOf(o)) ?? '' }));
    await bounded(() => checkRecipientBound(expected, view, journal.paidByRecipient(voided), since, bound));

    const { funded, decoded } = await build(req, root);
    try {
      // Verify before unlocking: the wallet is never unlocked for a tx that does not pay exactly the batch.
      verifyPaysExactly(decoded, expected, stakerHash160, rootScript);
      checkFeeRate(funded.feeSats, decoded.vsize, policy.feeRate, 'funded tx');
      const signed = await withSpendingUnlock(wallet, deps.passphrase, log, async () => {
        const s = await wallet.signRawTransaction(funded.hex);
        if (!s.complete) throw new SignerRefusal('internal', `the wallet could not sign every input: ${s.errors.join('; ') || 'incomplete'}`);
        return s;
      });
      let final;
      try {
        final = await wallet.decodeRawTransaction(signed.hex);
      } catch (err) {
        throw refusalFromNode(err, 'decoding the signed transaction');
      }
      const changeSats = verifyPaysExactly(final, expected, stakerHash160, rootScript);
      checkFeeRate(funded.feeSats, final.vsize, policy.feeRate, 'signed tx');
      const at = now();
      const record: JournalRecord = {
        v: 1,
        batchId: req.batchId,
        planHash: req.planHash,
        outputsDigest: digest,
        totalSats: req.totalSats.toString(),
        txid: final.txid,
        rawTxHex: signed.hex.toLowerCase(),
        feeSats: funded.feeSats.toString(),
        changeSats: changeSats.toString(),
        signedAtMs: at,
        signedAt: new Date(at).toISOString(),
      };
      try {
        await journal.append(record);
      } catch (err) {
        throw new SignerRefusal('internal', `could not write the journal (${errorMessage(err)}); the signed tx is discarded`, { cause: err });
      }
      return record;
    } catch (err) {
      // The tx will never be handed out: give its inputs back to the wallet so the next batch can use them.
      await wallet.unlockOutpoints(decoded.inputs).catch((e: unknown) =>
        log.warn({ batchId: req.batchId, cause: errorMessage(e) }, 'could not release the locked inputs (a node restart releases them)'));
      throw err;
    }
  }

  return {
    sign(parsed) {
      return serial(async () => {
        // The journal first: a retry is answered without any node call, and a batch id that was signed is
        // never signed again, whatever the rest of the request says.
        const previous = journal.get(parsed.batchId);
        if (previous) {
          const outputs = requestedOutputs(parsed);
          if (outputs && previous.planHash === parsed.planHash && parsed.claimedPlanHash === parsed.planHash &&
            previous.outputsDigest === outputsDigest(outputs)) {
            return { record: previous, replayed: true };
          }
          throw new SignerRefusal('precondition',
            `batch id ${parsed.batchId} was already signed (tx ${previous.txid}) with other contents; a batch id is never reused`);
        }
        const req = resolveBatch(parsed);
        if (req.network !== policy.network) {
          throw new SignerRefusal('precondition', `the plan is for ${req.network}; this signer signs for ${policy.network}`);
        }
        // Before any node call: without the operator's approval nothing is even looked up.
        checkOperatorApproval(parsed.approval, req.planHash, policy.network, policy.approval, now());
        return { record: await signNew(req, outputsDigest(req.outputs)), replayed: false };
      });
    },
  };
}
