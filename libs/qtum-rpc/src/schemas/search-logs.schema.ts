import { decodeDelegationEvents } from '@ppm/chain';
import { z } from 'zod';
import type { SearchLogsResult } from '../types';
import { receiptsSchema } from './staking.schema';

/** searchlogs: receipts plus the delegation events decoded from them (a malformed event fails the reply). */
export const searchLogsSchema: z.ZodType<SearchLogsResult> = receiptsSchema.transform((receipts, ctx) => {
  try {
    return { receipts, events: decodeDelegationEvents(receipts) };
  } catch (err) {
    ctx.issues.push({ code: 'custom', message: `undecodable delegation event: ${err instanceof Error ? err.message : String(err)}`, input: receipts });
    return z.NEVER;
  }
});
