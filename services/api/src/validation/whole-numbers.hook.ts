import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http-error';

/**
 * Every numeric parameter of the API is a whole number (heights, limits, days). The schema validator coerces
 * `Infinity`, `-Infinity` and `1e309` to JavaScript's infinities and lets them through both the integer type
 * and the minimum/maximum bounds, so they would reach SQL; this check, after validation, refuses any
 * parameter that is a number but not a safe integer.
 */
export function registerWholeNumberCheck(app: FastifyInstance): void {
  app.addHook('preHandler', (req, _reply, done) => {
    for (const [where, values] of [['querystring', req.query], ['params', req.params]] as const) {
      if (typeof values !== 'object' || values === null) continue;
      for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
        if (typeof value === 'number' && !Number.isSafeInteger(value)) {
          done(new HttpError(400, 'bad_request', `${where}/${name} must be a whole number within its bounds, got ${String(value)}`));
          return;
        }
      }
    }
    done();
  });
}
