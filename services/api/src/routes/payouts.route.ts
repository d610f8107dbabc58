import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context';
import { HttpError } from '../http-error';
import { cursorInt, cursorText, decodeCursor, encodeCursor } from '../paging/cursor';
import { batchIdParamsSchema, batchOutputsQuerySchema, batchOutputsSchema, errorSchema, payoutsQuerySchema, payoutsSchema } from '../schemas';
import { isCreatedKey } from '../store/created-key';
import { batchExists, listBatchOutputs, listPayouts, type BatchKey } from '../store/payouts.repo';

const readBatchKey = (p: readonly unknown[]): BatchKey | undefined => {
  const created = cursorText(p[0], 27, /^[0-9T:.Z-]+$/);
  const planHash = cursorText(p[1], 64, /^[0-9a-f]{64}$/);
  const batchIndex = cursorInt(p[2], 0, 2_147_483_647);
  return p.length === 3 && created !== undefined && isCreatedKey(created) && planHash !== undefined && batchIndex !== undefined
    ? { created, planHash, batchIndex } : undefined;
};
const readAddress = (p: readonly unknown[]) => (p.length === 1 ? cursorText(p[0], 100, /^[1-9A-HJ-NP-Za-km-z]+$/) : undefined);

/** GET /v1/payouts (batches newest first, paged) and /v1/payouts/{batchId}/outputs (one batch's outputs, paged). */
export function registerPayoutRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { state?: string; limit: number; outputsLimit: number; cursor?: string } }>(
    '/v1/payouts',
    { schema: { querystring: payoutsQuerySchema, response: { 200: payoutsSchema, 400: errorSchema } } },
    async (req) => {
      const { state, limit, outputsLimit, cursor } = req.query;
      const after = cursor === undefined ? undefined : decodeCursor('payouts', cursor, readBatchKey);
      const page = await listPayouts(ctx.db, { state, limit, outputsLimit, after });
      return { payouts: page.payouts, nextCursor: page.next ? encodeCursor('payouts', [page.next.created, page.next.planHash, page.next.batchIndex]) : null };
    },
  );

  app.get<{ Params: { batchId: string }; Querystring: { limit: number; cursor?: string } }>(
    '/v1/payouts/:batchId/outputs',
    { schema: { params: batchIdParamsSchema, querystring: batchOutputsQuerySchema, response: { 200: batchOutputsSchema, 400: errorSchema, 404: errorSchema } } },
    async (req) => {
      const { batchId } = req.params;
      const after = req.query.cursor === undefined ? undefined : decodeCursor('batch outputs', req.query.cursor, readAddress);
      if (!(await batchExists(ctx.db, batchId))) throw new HttpError(404, 'not_found', `no payout batch ${batchId}`);
      const page = await listBatchOutputs(ctx.db, batchId, req.query.limit, after);
      const last = page.outputs[page.outputs.length - 1];
      return { batchId, outputs: page.outputs, nextCursor: page.more && last ? encodeCursor('batch outputs', [last.address]) : null };
    },
  );
}
