import { ReportRangeError, delegateStatement, delegateStatementCsv, parseReportRange } from '@ppm/ledger';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context';
import { HttpError } from '../http-error';
import { parseDelegateAddress } from '../routes/delegate-address';
import { addressParamsSchema, errorSchema } from '../schemas';
import { statementQuerySchema, statementSchema } from './statement-schemas';

/**
 * GET /v1/delegates/:address/statement?from=YYYY-MM-DD&to=YYYY-MM-DD&format=json|csv: the delegate's statement
 * (per pool block: height, weight, pool weight, reward, share, rules; payouts), the same as
 * `ppm report delegate ADDRESS --from --to --json|--csv`. CSV is served as a download.
 */
export function registerStatementRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { address: string }; Querystring: { from: string; to: string; format: 'json' | 'csv' } }>(
    '/v1/delegates/:address/statement',
    { schema: { params: addressParamsSchema, querystring: statementQuerySchema, response: { 200: statementSchema, 400: errorSchema } } },
    async (req, reply) => {
      const address = parseDelegateAddress(req.params.address, ctx.network);
      let range;
      try {
        range = parseReportRange(req.query.from, req.query.to);
      } catch (err) {
        if (err instanceof ReportRangeError) throw new HttpError(400, 'bad_request', err.message);
        throw err;
      }
      const statement = await delegateStatement(ctx.db, address, range);
      if (req.query.format !== 'csv') return statement;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="statement-${address}-${range.from}-${range.to}.csv"`)
        .send(delegateStatementCsv(statement));
    },
  );
}
