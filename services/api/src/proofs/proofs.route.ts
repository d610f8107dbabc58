import {
  NETWORK_NAMES, PAYOUT_LEAF_VERSION, PAYOUT_ROOT_TAG, buildPayoutTree, payoutProof, payoutRootScriptHex, type NetworkName,
  type PayoutTree,
} from '@ppm/chain';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context';
import { HttpError } from '../http-error';
import { parseDelegateAddress } from '../routes/delegate-address';
import { errorSchema } from '../schemas';
import { readBlockSnapshot } from './block-snapshot.repo';
import { readPlanPayments, type PlanPayments } from './plan-payments.repo';
import {
  blockSnapshotSchema, heightParamsSchema, planAddressParamsSchema, planParamsSchema, payoutProofSchema, planTreeSchema,
} from './proof-schemas';

async function planTree(ctx: ApiContext, hash: string): Promise<{ plan: PlanPayments; tree: PayoutTree; network: NetworkName }> {
  const plan = await readPlanPayments(ctx.db, hash);
  if (!plan) throw new HttpError(404, 'not_found', `no payout plan ${hash}`);
  if (plan.payments.length === 0) throw new HttpError(404, 'not_found', `payout plan ${hash} has not been executed: no transaction commits it yet`);
  if (!(NETWORK_NAMES as readonly string[]).includes(plan.network)) throw new Error(`payout plan ${hash} has an unknown network ${plan.network}`);
  const network = plan.network as NetworkName;
  return { plan, tree: buildPayoutTree(plan.payments, network), network };
}

const commitment = (root: string) => ({ tag: PAYOUT_ROOT_TAG, leafVersion: PAYOUT_LEAF_VERSION, opReturnScriptHex: payoutRootScriptHex(root) });

/**
 * Provable payouts (docs/provable-payouts.md): GET /v1/payouts/plans/:hash/tree (root and every leaf),
 * GET /v1/payouts/plans/:hash/proof/:address (one delegate's leaf, proof and txid) and
 * GET /v1/blocks/:height/snapshot (a pool block's snapshot with its content hash and the shares credited).
 */
export function registerProofRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { hash: string } }>(
    '/v1/payouts/plans/:hash/tree',
    { schema: { params: planParamsSchema, response: { 200: planTreeSchema, 400: errorSchema, 404: errorSchema } } },
    async (req) => {
      const { plan, tree, network } = await planTree(ctx, req.params.hash);
      return {
        planHash: req.params.hash,
        network,
        root: tree.root,
        commitment: commitment(tree.root),
        leaves: tree.leaves.map((l) => ({ address: l.address, amountSats: l.amountSats.toString(), ...(l.paidTo ? { paidTo: l.paidTo } : {}), leafHash: l.leafHash })),
        transactions: plan.transactions,
      };
    },
  );

  app.get<{ Params: { hash: string; address: string } }>(
    '/v1/payouts/plans/:hash/proof/:address',
    { schema: { params: planAddressParamsSchema, response: { 200: payoutProofSchema, 400: errorSchema, 404: errorSchema } } },
    async (req) => {
      const address = parseDelegateAddress(req.params.address, ctx.network);
      const { plan, tree, network } = await planTree(ctx, req.params.hash);
      const proof = payoutProof(tree, address);
      const payment = plan.payments.find((p) => p.address === address);
      if (!proof || !payment) throw new HttpError(404, 'not_found', `payout plan ${req.params.hash} does not pay ${address}`);
      return {
        planHash: req.params.hash,
        network,
        root: tree.root,
        commitment: commitment(tree.root),
        leaf: { address, amountSats: proof.leaf.amountSats.toString(), ...(proof.leaf.paidTo ? { paidTo: proof.leaf.paidTo } : {}), leafHash: proof.leaf.leafHash },
        leafIndex: proof.index,
        steps: proof.steps,
        txid: payment.txid,
        batchIndex: payment.batchIndex,
        state: payment.state,
      };
    },
  );

  app.get<{ Params: { height: number } }>(
    '/v1/blocks/:height/snapshot',
    { schema: { params: heightParamsSchema, response: { 200: blockSnapshotSchema, 400: errorSchema, 404: errorSchema } } },
    async (req) => {
      const snap = await readBlockSnapshot(ctx.db, req.params.height);
      if (!snap) throw new HttpError(404, 'not_found', `no pool-block snapshot at height ${req.params.height} on the main chain`);
      return snap;
    },
  );
}
