import { decodeAddress, base58CheckDecode } from './address';
import { sha256 } from './hash';
import type { NetworkName } from './network';
import type { PayoutPlanContent, PlanOutput } from './payout-plan';

/**
 * Provable payouts: the Merkle tree of a payout plan (docs/provable-payouts.md is the normative description;
 * keep the two in step). Every byte string below is hashed with single SHA-256.
 *
 * - leaf  = sha256(0x00 || 0x01 || address payload (21 bytes: version byte + hash160) || amount (u64 big endian))
 *   for a payment to the delegate itself; a redirected payment (delegate A's balance paid to B under A's signed
 *   redirect) is sha256(0x00 || 0x02 || A's payload (21) || B's payload (21) || amount (u64 BE)).
 * - node  = sha256(0x01 || left || right)
 * - leaves are sorted by their hash (bytewise ascending); at each level pairs are hashed left to right and an
 *   odd last node is promoted unchanged to the next level; the root is the single node left.
 * - the 0x00 / 0x01 prefixes keep a leaf from ever being read as a node (second-preimage safety).
 *
 * The root is committed on chain by every transaction of the plan as one OP_RETURN output whose data is
 * {@link PAYOUT_ROOT_TAG} followed by the 32-byte root.
 */

/** Version of the leaf encoding of a payment to the delegate itself (the second byte of its preimage). */
export const PAYOUT_LEAF_VERSION = 0x01;
/** Version byte of a redirected payment's leaf: it names the delegate and the address paid. */
export const PAYOUT_REDIRECT_LEAF_VERSION = 0x02;
/** Domain prefix of leaf preimages. */
export const MERKLE_LEAF_PREFIX = 0x00;
/** Domain prefix of inner-node preimages. */
export const MERKLE_NODE_PREFIX = 0x01;
/** The 4-byte tag (ASCII "PPM1") before the root in the OP_RETURN data, hex. */
export const PAYOUT_ROOT_TAG_HEX = '50504d31';
/** The tag as ASCII, for docs and messages. */
export const PAYOUT_ROOT_TAG = 'PPM1';
const U64_MAX = (1n << 64n) - 1n;

/** A Merkle proof step: the sibling hash and the side it sits on. */
export interface MerkleStep {
  readonly side: 'left' | 'right';
  /** 64 hex characters. */
  readonly hash: string;
}

/** A leaf of a payout tree, with its hash (hex). `address` is the delegate; `paidTo` is set on a redirect. */
export interface PayoutLeaf {
  readonly address: string;
  readonly amountSats: bigint;
  readonly paidTo?: string | undefined;
  readonly leafHash: string;
}

/** A payment as a leaf sees it: the delegate, the amount, and the address paid when it differs (a redirect). */
export interface PayoutPayment {
  readonly address: string;
  readonly amountSats: bigint;
  readonly paidTo?: string | undefined;
}

/** A payout plan's tree: root and leaves in tree order (sorted by leaf hash). */
export interface PayoutTree {
  /** 64 hex characters. */
  readonly root: string;
  readonly leaves: readonly PayoutLeaf[];
  /** levels[0] = leaf hashes, last level = [root]. */
  readonly levels: readonly (readonly Buffer[])[];
}

/** A malformed leaf or proof; the message says which input is wrong. */
export class MerkleError extends Error {
  override readonly name = 'MerkleError';
}

/**
 * The leaf preimage of (address, amount): 0x00 || 0x01 || 21-byte address payload || u64 BE amount; with
 * `paidTo` (a redirect, different from `address`): 0x00 || 0x02 || delegate payload || paid-to payload || amount.
 */
export function payoutLeafPreimage(address: string, amountSats: bigint, network: NetworkName, paidTo?: string): Buffer {
  decodeAddress(address, network); // right network, right length, good checksum
  if (amountSats <= 0n || amountSats > U64_MAX) throw new MerkleError(`leaf amount must be 1..2^64-1 sat, got ${amountSats} for ${address}`);
  const amount = Buffer.alloc(8);
  amount.writeBigUInt64BE(amountSats);
  if (paidTo === undefined) return Buffer.concat([Buffer.from([MERKLE_LEAF_PREFIX, PAYOUT_LEAF_VERSION]), base58CheckDecode(address), amount]);
  decodeAddress(paidTo, network);
  // One canonical leaf per payment: a "redirect" to the delegate itself is a plain payment, never a v2 leaf.
  if (paidTo === address) throw new MerkleError(`${address} is redirected to itself; its leaf is a plain payment`);
  return Buffer.concat([Buffer.from([MERKLE_LEAF_PREFIX, PAYOUT_REDIRECT_LEAF_VERSION]), base58CheckDecode(address), base58CheckDecode(paidTo), amount]);
}

/** The leaf hash (hex) of a payment of `amountSats` to `address` (or of its balance to `paidTo`, a redirect). */
export function payoutLeafHash(address: string, amountSats: bigint, network: NetworkName, paidTo?: string): string {
  return sha256(payoutLeafPreimage(address, amountSats, network, paidTo)).toString('hex');
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha256(Buffer.concat([Buffer.from([MERKLE_NODE_PREFIX]), left, right]));
}

const byBytes = (a: Buffer, b: Buffer) => Buffer.compare(a, b);

/**
 * Builds the tree of a plan's outputs (all batches together). Throws {@link MerkleError} for an empty plan or a
 * delegate paid twice: a plan pays each delegate's balance once, so a second leaf for one delegate is a broken
 * plan. (A redirect target may appear in several leaves: once per delegate it is paid for.)
 */
export function buildPayoutTree(outputs: readonly (PlanOutput | PayoutPayment)[], network: NetworkName): PayoutTree {
  if (outputs.length === 0) throw new MerkleError('a payout tree needs at least one output');
  const seen = new Set<string>();
  const leaves = outputs.map((o) => {
    if (seen.has(o.address)) throw new MerkleError(`the plan pays ${o.address} twice; a plan pays each address once`);
    seen.add(o.address);
    const paidTo = o.paidTo !== undefined && o.paidTo !== o.address ? o.paidTo : undefined;
    return { address: o.address, amountSats: o.amountSats, paidTo, hash: sha256(payoutLeafPreimage(o.address, o.amountSats, network, paidTo)) };
  });
  leaves.sort((a, b) => byBytes(a.hash, b.hash));
  const levels: Buffer[][] = [leaves.map((l) => l.hash)];
  for (let level = levels[0] ?? []; level.length > 1;) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Buffer;
      const right = level[i + 1];
      next.push(right ? nodeHash(left, right) : left);
    }
    levels.push(next);
    level = next;
  }
  const top = levels[levels.length - 1]?.[0] as Buffer;
  return {
    root: top.toString('hex'),
    leaves: leaves.map((l) => ({ address: l.address, amountSats: l.amountSats, ...(l.paidTo ? { paidTo: l.paidTo } : {}), leafHash: l.hash.toString('hex') })),
    levels,
  };
}

/** The tree of a whole plan: every output of every batch (each transaction of the plan commits this root). */
export function payoutTreeOfPlan(plan: PayoutPlanContent): PayoutTree {
  return buildPayoutTree(plan.batches.flat(), plan.network);
}

/** The proof of `address`'s leaf: sibling hashes from the leaf up; undefined when the plan does not pay it. */
export function payoutProof(tree: PayoutTree, address: string): { leaf: PayoutLeaf; index: number; steps: MerkleStep[] } | undefined {
  const index = tree.leaves.findIndex((l) => l.address === address);
  const leaf = tree.leaves[index];
  if (!leaf) return undefined;
  const steps: MerkleStep[] = [];
  let i = index;
  for (const level of tree.levels.slice(0, -1)) {
    const sibling = i % 2 === 0 ? level[i + 1] : level[i - 1];
    // No sibling: the odd last node is promoted, and the proof has no step for this level.
    if (sibling) steps.push({ side: i % 2 === 0 ? 'right' : 'left', hash: sibling.toString('hex') });
    i = Math.floor(i / 2);
  }
  return { leaf, index, steps };
}

const HEX32 = /^[0-9a-f]{64}$/;

/** Folds `steps` over `leafHash` and returns the root it leads to (hex). */
export function rootFromProof(leafHash: string, steps: readonly MerkleStep[]): string {
  if (!HEX32.test(leafHash)) throw new MerkleError(`leaf hash must be 64 lowercase hex characters, got ${JSON.stringify(leafHash)}`);
  let h: Buffer = Buffer.from(leafHash, 'hex');
  for (const [n, s] of steps.entries()) {
    if (!HEX32.test(s.hash) || (s.side !== 'left' && s.side !== 'right')) throw new MerkleError(`proof step ${n} is malformed`);
    const sib = Buffer.from(s.hash, 'hex');
    h = s.side === 'left' ? nodeHash(sib, h) : nodeHash(h, sib);
  }
  return h.toString('hex');
}

/** True when the payment (address, amount, and paidTo for a redirect) with `steps` leads to `root`. */
export function verifyPayoutProof(payment: PayoutPayment, steps: readonly MerkleStep[], root: string, network: NetworkName): boolean {
  const paidTo = payment.paidTo !== undefined && payment.paidTo !== payment.address ? payment.paidTo : undefined;
  return rootFromProof(payoutLeafHash(payment.address, payment.amountSats, network, paidTo), steps) === root.toLowerCase();
}

/** The OP_RETURN data (hex) that commits `root`: tag || root. */
export function payoutRootData(root: string): string {
  if (!HEX32.test(root)) throw new MerkleError(`root must be 64 lowercase hex characters, got ${JSON.stringify(root)}`);
  return `${PAYOUT_ROOT_TAG_HEX}${root}`;
}

/** The full OP_RETURN output script (hex) committing `root`: OP_RETURN, push of 36 bytes, tag || root. */
export function payoutRootScriptHex(root: string): string {
  return `6a24${payoutRootData(root)}`;
}

/** The root committed by an output script, or undefined when the script is not a PPM root commitment. */
export function rootFromScriptHex(scriptHex: string): string | undefined {
  const m = /^6a2450504d31([0-9a-f]{64})$/.exec(scriptHex.toLowerCase());
  return m?.[1];
}
