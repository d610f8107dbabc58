import {
  AmountError, NETWORK_NAMES, batchIdFor, parseSats, planHash, sumSats, type NetworkName, type OperatorApproval, type PlanOutput,
} from '@ppm/chain';
import type { OperatorApproval as ProtoApproval, PayoutPlan, SignBatchRequest } from '@ppm/proto';
import { SignerRefusal } from './refusal';

/** A well-formed SignBatch request, its plan hash recomputed; not yet checked against the claimed hash. */
export interface ParsedSignRequest {
  readonly batchId: string;
  readonly claimedPlanHash: string;
  /** planHash() of the plan's contents, computed here: a caller cannot claim a hash for other contents. */
  readonly planHash: string;
  readonly network: NetworkName;
  readonly batches: readonly { readonly batchId: string; readonly outputs: readonly PlanOutput[] }[];
  /** The operator's approval, when the request carries one (its signature is checked by the policy). */
  readonly approval?: OperatorApproval;
}

/** A request whose hash and batch ids check out: the batch to sign. */
export interface BatchRequest {
  readonly batchId: string;
  readonly planHash: string;
  readonly network: NetworkName;
  readonly batchIndex: number;
  readonly outputs: readonly PlanOutput[];
  readonly totalSats: bigint;
  /** Every batch's outputs (the whole plan the request carries), for the payout root of signing/payout-root.ts. */
  readonly planBatches: readonly (readonly PlanOutput[])[];
}

/** A transaction holds at most ~2,500 P2PKH outputs (DESIGN rule 8); the env allows up to 2,900. */
export const MAX_OUTPUTS_PER_BATCH = 2_900;
const MAX_ID_LENGTH = 200;
const HASH = /^[0-9a-f]{64}$/;
const HEIGHT = /^(0|[1-9]\d{0,15})$/;

const invalid = (message: string) => new SignerRefusal('invalid', message);
const MS = /^(0|[1-9]\d{0,15})$/;

function parseApproval(a: ProtoApproval | undefined): OperatorApproval | undefined {
  if (a === undefined) return undefined;
  if (typeof a.publicKey !== 'string' || !/^[0-9a-f]{64}$/.test(a.publicKey)) throw invalid('operator_approval.public_key must be 64 lowercase hex characters');
  if (typeof a.signature !== 'string' || !/^[0-9a-f]{128}$/.test(a.signature)) throw invalid('operator_approval.signature must be 128 lowercase hex characters');
  const approvedAtMs = typeof a.approvedAtMs === 'string' && MS.test(a.approvedAtMs) ? Number(a.approvedAtMs) : NaN;
  const expiresAtMs = typeof a.expiresAtMs === 'string' && MS.test(a.expiresAtMs) ? Number(a.expiresAtMs) : NaN;
  if (!Number.isSafeInteger(approvedAtMs) || !Number.isSafeInteger(expiresAtMs)) throw invalid('operator_approval times must be epoch milliseconds');
  return { publicKeyHex: a.publicKey, signatureHex: a.signature, approvedAtMs, expiresAtMs };
}

function parseOutputs(plan: PayoutPlan, index: number): PlanOutput[] {
  const batch = plan.batches[index];
  if (!batch || !Array.isArray(batch.outputs) || batch.outputs.length === 0) throw invalid(`plan batch ${index} has no outputs`);
  if (batch.outputs.length > MAX_OUTPUTS_PER_BATCH) {
    throw invalid(`plan batch ${index} has ${batch.outputs.length} outputs; at most ${MAX_OUTPUTS_PER_BATCH} fit a transaction`);
  }
  const seen = new Set<string>();
  const delegates = new Set<string>();
  return batch.outputs.map((o, j) => {
    if (typeof o.address !== 'string' || o.address === '') throw invalid(`plan batch ${index} output ${j}: address is empty`);
    const paidTo = typeof o.paidTo === 'string' && o.paidTo !== '' ? o.paidTo : undefined;
    const signature = typeof o.redirectSignature === 'string' && o.redirectSignature !== '' ? o.redirectSignature : undefined;
    if (paidTo === o.address) throw invalid(`plan batch ${index} output ${j}: ${o.address} is redirected to itself`);
    if (paidTo === undefined && signature !== undefined) throw invalid(`plan batch ${index} output ${j}: a redirect signature without paid_to`);
    if (delegates.has(o.address)) throw invalid(`plan batch ${index} pays ${o.address}'s balance twice`);
    delegates.add(o.address);
    // The transaction output is keyed by the address paid: two outputs to one address cannot be built.
    const to = paidTo ?? o.address;
    if (seen.has(to)) throw invalid(`plan batch ${index} pays ${to} twice; each address must appear once per batch`);
    seen.add(to);
    try {
      const amountSats = parseSats(o.amountSats);
      return paidTo === undefined ? { address: o.address, amountSats } : { address: o.address, amountSats, paidTo, redirectSignature: signature ?? '' };
    } catch (err) {
      if (err instanceof AmountError) throw invalid(`plan batch ${index} output ${j}: ${err.message}`);
      throw err;
    }
  });
}

/**
 * Validates the shape of a SignBatch request (ids, hash text, network, height, amounts as whole satoshis, no
 * address twice in a batch) and recomputes the plan hash. Problems are refusals of kind 'invalid'.
 */
export function parseSignRequest(req: SignBatchRequest): ParsedSignRequest {
  if (typeof req.batchId !== 'string' || req.batchId === '' || req.batchId.length > MAX_ID_LENGTH) {
    throw invalid('batch_id must be a non-empty string of at most 200 characters');
  }
  if (typeof req.planHash !== 'string' || !HASH.test(req.planHash)) throw invalid('plan_hash must be 64 lowercase hex characters');
  const plan = req.plan;
  if (!plan) throw invalid('plan is missing');
  if (!(NETWORK_NAMES as readonly string[]).includes(plan.network)) {
    throw invalid(`plan.network must be mainnet, testnet or regtest, got ${JSON.stringify(plan.network)}`);
  }
  if (typeof plan.asOfHeight !== 'string' || !HEIGHT.test(plan.asOfHeight) || !Number.isSafeInteger(Number(plan.asOfHeight))) {
    throw invalid(`plan.as_of_height is not a block height: ${JSON.stringify(plan.asOfHeight)}`);
  }
  if (!Array.isArray(plan.batches) || plan.batches.length === 0) throw invalid('plan has no batches');
  const network = plan.network as NetworkName;
  const outputs = plan.batches.map((_, i) => parseOutputs(plan, i));
  const approval = parseApproval(req.operatorApproval);
  return {
    ...(approval ? { approval } : {}),
    batchId: req.batchId,
    claimedPlanHash: req.planHash,
    planHash: planHash({ network, asOfHeight: Number(plan.asOfHeight), batches: outputs }),
    network,
    batches: plan.batches.map((b, i) => ({ batchId: typeof b.batchId === 'string' ? b.batchId : '', outputs: outputs[i] ?? [] })),
  };
}

/** The outputs the request puts under its batch id, if the plan has that id. */
export function requestedOutputs(p: ParsedSignRequest): readonly PlanOutput[] | undefined {
  return p.batches.find((b) => b.batchId === p.batchId)?.outputs;
}

/**
 * Checks the claimed hash against the recomputed one (a mismatch is INVALID_ARGUMENT: the request contradicts
 * itself), that every batch id is batchIdFor(hash, index), and that `batch_id` is one of them.
 */
export function resolveBatch(p: ParsedSignRequest): BatchRequest {
  if (p.claimedPlanHash !== p.planHash) {
    throw invalid(`plan_hash ${p.claimedPlanHash} does not match the plan's contents (they hash to ${p.planHash})`);
  }
  let batchIndex = -1;
  p.batches.forEach((b, i) => {
    const expected = batchIdFor(p.planHash, i);
    if (b.batchId !== expected) throw invalid(`plan batch ${i} has id ${JSON.stringify(b.batchId)}; expected ${expected}`);
    if (b.batchId === p.batchId) batchIndex = i;
  });
  const outputs = p.batches[batchIndex]?.outputs;
  if (!outputs) throw invalid(`batch_id ${p.batchId} is not one of the plan's batches`);
  return {
    batchId: p.batchId,
    planHash: p.planHash,
    network: p.network,
    batchIndex,
    outputs,
    totalSats: sumSats(outputs.map((o) => o.amountSats)),
    planBatches: p.batches.map((b) => b.outputs),
  };
}

/** {@link parseSignRequest} then {@link resolveBatch}. */
export function parseBatchRequest(req: SignBatchRequest): BatchRequest {
  return resolveBatch(parseSignRequest(req));
}
