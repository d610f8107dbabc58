import {
  buildPayoutTree, decodeAddress, p2pkhScriptHex, payoutLeafHash, payoutProof, rootFromProof, rootFromScriptHex, type NetworkName,
} from '@ppm/chain';
import type { Queryable } from '@ppm/ledger';
import type { QtumRpcClient } from '@ppm/qtum-rpc';
import { redirectMessage } from '@ppm/rules';

/** What `ppm verify payout TXID ADDRESS` found; `ok` only when every check passed. */
export interface PayoutVerification {
  readonly ok: boolean;
  readonly txid: string;
  readonly address: string;
  /** The root the transaction's OP_RETURN commits, read from the node. */
  readonly chainRoot: string | null;
  /** Paid to the address by this transaction, read from the node. */
  readonly chainAmountSats: string;
  readonly confirmations: number;
  readonly planHash: string | null;
  /** The root of the plan's leaves as the ledger holds them, recomputed here. */
  readonly planRoot: string | null;
  readonly leafHash: string | null;
  readonly proofSteps: number;
  /**
   * Set when the delegate's balance was paid to another address under its signed redirect (rules file): the
   * address paid, and whether the node verified the delegate's signature of the redirect message.
   */
  readonly redirect: { readonly paidTo: string; readonly signatureVerified: boolean } | null;
  /** One line per check, "ok ..." or "FAIL ...". */
  readonly checks: readonly string[];
}

/**
 * Verifies one delegate's payout against the node (docs/provable-payouts.md): the transaction (from qtumd) must
 * carry exactly one PPM1 OP_RETURN; the plan that the ledger says produced this txid must have that Merkle root;
 * the delegate's leaf (address, the amount the transaction pays it) with its proof must lead to that root. A
 * delegate whose balance was redirected (A's signed redirect to B) has a redirect leaf naming A and B: the
 * transaction must pay B the amount, and A's signature of the redirect message must verify with the node.
 */
export async function verifyPayout(
  db: Queryable, rpc: Pick<QtumRpcClient, 'getrawtransaction' | 'verifymessage'>, network: NetworkName, txid: string, address: string, stakerAddress?: string,
): Promise<PayoutVerification> {
  const checks: string[] = [];
  const check = (pass: boolean, text: string) => {
    checks.push(`${pass ? 'ok  ' : 'FAIL'} ${text}`);
    return pass;
  };
  decodeAddress(address, network);
  const batch = (await db.query<{ plan_hash: string }>('SELECT plan_hash FROM payout_batches WHERE txid = $1', [txid])).rows[0];
  const rows = batch
    ? await db.query<{ address: string; amount_sats: string; paid_to: string | null; redirect_signature: string | null }>(
      `SELECT o.address, o.amount_sats::text, o.paid_to, o.redirect_signature FROM payout_outputs o JOIN payout_batches b ON b.batch_id = o.batch_id WHERE b.plan_hash = $1`,
      [batch.plan_hash])
    : { rows: [] };
  // The address the transaction pays for this delegate: itself, or its redirect's target.
  const mine = rows.rows.find((r) => r.address === address);
  const paidTo = mine?.paid_to ?? address;
  const script = p2pkhScriptHex(decodeAddress(paidTo, network).hash160Hex);
  const tx = await rpc.getrawtransaction(txid);
  const roots = tx.vout.map((o) => rootFromScriptHex(o.scriptPubKey.hex)).filter((r): r is string => r !== undefined);
  const chainAmount = tx.vout.filter((o) => o.scriptPubKey.hex.toLowerCase() === script).reduce((s, o) => s + o.valueSats, 0n);
  const confirmations = tx.confirmations ?? 0;
  let ok = check(roots.length === 1, `transaction ${txid} carries ${roots.length} PPM1 OP_RETURN output(s) (exactly 1 expected)`);
  ok = check(chainAmount > 0n, `transaction pays ${paidTo === address ? address : `${paidTo} (for ${address})`} ${chainAmount} sat`) && ok;
  const chainRoot = roots.length === 1 ? (roots[0] ?? null) : null;

  if (!batch) {
    check(false, `the ledger has no payout batch with txid ${txid}`);
    return { ok: false, txid, address, chainRoot, chainAmountSats: chainAmount.toString(), confirmations, planHash: null, planRoot: null, leafHash: null, proofSteps: 0, redirect: null, checks };
  }
  const tree = buildPayoutTree(rows.rows.map((r) => ({ address: r.address, amountSats: BigInt(r.amount_sats), paidTo: r.paid_to ?? undefined })), network);
  ok = check(chainRoot === tree.root, `plan ${batch.plan_hash} has root ${tree.root} (${tree.leaves.length} leaves)`) && ok;
  const proof = payoutProof(tree, address);
  if (!proof) {
    check(false, `plan ${batch.plan_hash} has no leaf for ${address}`);
    return { ok: false, txid, address, chainRoot, chainAmountSats: chainAmount.toString(), confirmations, planHash: batch.plan_hash, planRoot: tree.root, leafHash: null, proofSteps: 0, redirect: null, checks };
  }
  let redirect: PayoutVerification['redirect'] = null;
  if (proof.leaf.paidTo !== undefined) {
    // The leaf names A and B; A's own signature of exactly this redirect is what makes B a rightful recipient.
    const signature = mine?.redirect_signature ?? '';
    let verified = false;
    if (stakerAddress) {
      const message = redirectMessage(stakerAddress, address, proof.leaf.paidTo);
      verified = await rpc.verifymessage(address, signature, message).catch(() => false);
      ok = check(verified, `${address}'s balance went to ${proof.leaf.paidTo} under ${address}'s signed redirect (node verifymessage of "${message}")`) && ok;
    } else {
      ok = check(false, `${address}'s balance went to ${proof.leaf.paidTo}: PPM_STAKER_ADDRESS is needed to check ${address}'s signed redirect`) && ok;
    }
    redirect = { paidTo: proof.leaf.paidTo, signatureVerified: verified };
  }
  ok = check(proof.leaf.amountSats === chainAmount, `the plan's leaf pays ${proof.leaf.amountSats} sat, the transaction ${chainAmount} sat`) && ok;
  // The leaf of what the chain paid, folded with the proof, must reach the root the chain commits.
  const chainLeaf = chainAmount > 0n ? payoutLeafHash(address, chainAmount, network, proof.leaf.paidTo) : proof.leaf.leafHash;
  ok = check(chainRoot !== null && rootFromProof(chainLeaf, proof.steps) === chainRoot,
    `leaf ${chainLeaf} with ${proof.steps.length} proof step(s) leads to the committed root`) && ok;
  return {
    ok, txid, address, chainRoot, chainAmountSats: chainAmount.toString(), confirmations, planHash: batch.plan_hash, planRoot: tree.root,
    leafHash: chainLeaf, proofSteps: proof.steps.length, redirect, checks,
  };
}
