import { AddressError, decodeAddress, type NetworkName } from '@ppm/chain';
import { z } from 'zod';

/** Where the share of an excluded or under-minimum delegate goes (one setting for both, stated in the file). */
export type LeftoverPolicy = 'pool' | 'redistribute';

/** A validated rules file (PPM_RULES_FILE; the README's "Rules file" section is its reference). */
export interface DelegateRules {
  readonly version: 1;
  readonly leftover: LeftoverPolicy;
  /** Never credited. */
  readonly exclude: readonly { readonly address: string; readonly reason?: string | undefined }[];
  /** Per-delegate pool fee in basis points, instead of PPM_POOL_FEE_BPS. */
  readonly feeOverrides: readonly { readonly address: string; readonly feeBps: number }[];
  /** Delegates whose weight is below this are not credited (0 = no minimum). */
  readonly minWeightSats: bigint;
  /** A's payouts go to B; `signature` (base64, by A's key) signs exactly redirectMessage(staker, A, B). */
  readonly redirects: readonly { readonly from: string; readonly to: string; readonly signature: string }[];
  /** The pool fee paid out to these addresses on the payout schedule; bps sum to 10,000. Empty: kept by the pool. */
  readonly poolFeeSplit: readonly { readonly address: string; readonly bps: number }[];
}

const bps = z.number().int('must be a whole number of basis points').min(0).max(10_000);
const sats = z.union([z.string().regex(/^\d{1,19}$/, 'must be a whole number of satoshis'), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform((v) => BigInt(v));

function addressIn(network: NetworkName) {
  return z.string().superRefine((a, ctx) => {
    try {
      if (decodeAddress(a, network).kind !== 'p2pkh') ctx.addIssue({ code: 'custom', message: `${a} is not a P2PKH address (delegates are P2PKH)` });
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof AddressError ? err.message : String(err) });
    }
  });
}

/** The schema of the file for `network`; cross-field rules (duplicates, sums, conflicts) included. */
export function rulesSchema(network: NetworkName) {
  const address = addressIn(network);
  return z.strictObject({
    version: z.literal(1, 'must be 1'),
    leftover: z.enum(['pool', 'redistribute'], 'must be "pool" or "redistribute"'),
    exclude: z.array(z.strictObject({ address, reason: z.string().max(200).optional() })).default([]),
    feeOverrides: z.array(z.strictObject({ address, feeBps: bps })).default([]),
    minWeightSats: sats.default(0n),
    redirects: z.array(z.strictObject({ from: address, to: address, signature: z.string().min(1, 'is required').max(200) })).default([]),
    poolFeeSplit: z.array(z.strictObject({ address, bps: bps.refine((v) => v > 0, 'must be > 0') })).default([]),
  }).superRefine((r, ctx) => {
    const dup = (list: readonly string[], path: string, what: string) => {
      const seen = new Set<string>();
      list.forEach((a, i) => {
        if (seen.has(a)) ctx.addIssue({ code: 'custom', path: [path, i], message: `${a} is listed twice in ${what}` });
        seen.add(a);
      });
    };
    dup(r.exclude.map((e) => e.address), 'exclude', 'exclude');
    dup(r.feeOverrides.map((e) => e.address), 'feeOverrides', 'feeOverrides');
    dup(r.redirects.map((e) => e.from), 'redirects', 'redirects (one redirect per delegate)');
    dup(r.poolFeeSplit.map((e) => e.address), 'poolFeeSplit', 'poolFeeSplit');
    const excluded = new Set(r.exclude.map((e) => e.address));
    const sources = new Set(r.redirects.map((e) => e.from));
    r.redirects.forEach((x, i) => {
      if (x.from === x.to) ctx.addIssue({ code: 'custom', path: ['redirects', i], message: `${x.from} redirects to itself` });
      if (sources.has(x.to)) ctx.addIssue({ code: 'custom', path: ['redirects', i, 'to'], message: `${x.to} is itself redirected: chains of redirects are refused` });
      if (excluded.has(x.from)) ctx.addIssue({ code: 'custom', path: ['redirects', i, 'from'], message: `${x.from} is excluded, so it has no payouts to redirect` });
    });
    r.feeOverrides.forEach((x, i) => {
      if (excluded.has(x.address)) ctx.addIssue({ code: 'custom', path: ['feeOverrides', i], message: `${x.address} is excluded; a fee override for it has no effect` });
    });
    const total = r.poolFeeSplit.reduce((t, x) => t + x.bps, 0);
    if (r.poolFeeSplit.length > 0 && total !== 10_000) {
      ctx.addIssue({ code: 'custom', path: ['poolFeeSplit'], message: `bps must sum to 10000, got ${total}` });
    }
  });
}
