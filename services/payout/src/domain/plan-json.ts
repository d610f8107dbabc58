import { NETWORK_NAMES, parseSats, planOutputJson, type NetworkName, type PayoutPlanContent, type PlanOutput } from '@ppm/chain';

/** The stored and wire form of a plan's content: exactly what is hashed, amounts as decimal strings. */
export interface PlanContentJson {
  network: string;
  asOfHeight: number;
  /** paidTo / redirectSignature only on a redirected output. */
  batches: { address: string; amountSats: string; paidTo?: string; redirectSignature?: string }[][];
}

/** Content -> JSON form (payout_plans.plan_json, CLI output). */
export function planContentToJson(c: PayoutPlanContent): PlanContentJson {
  return {
    network: c.network,
    asOfHeight: c.asOfHeight,
    batches: c.batches.map((b) => b.map(planOutputJson)),
  };
}

/** JSON form -> content, validating every field (the row may have been written by an older version). */
export function planContentFromJson(v: unknown): PayoutPlanContent {
  const o = v as Partial<PlanContentJson> | null;
  if (!o || typeof o !== 'object') throw new TypeError('plan content: not an object');
  if (!(NETWORK_NAMES as readonly string[]).includes(String(o.network))) throw new TypeError(`plan content: bad network ${String(o.network)}`);
  if (typeof o.asOfHeight !== 'number' || !Number.isSafeInteger(o.asOfHeight) || o.asOfHeight < 0) throw new TypeError('plan content: bad asOfHeight');
  if (!Array.isArray(o.batches)) throw new TypeError('plan content: batches missing');
  const batches = o.batches.map((b): PlanOutput[] => {
    if (!Array.isArray(b)) throw new TypeError('plan content: a batch is not an array');
    return b.map((x) => {
      if (typeof x?.address !== 'string' || typeof x.amountSats !== 'string') throw new TypeError('plan content: bad output');
      if (x.paidTo === undefined) return { address: x.address, amountSats: parseSats(x.amountSats) };
      if (typeof x.paidTo !== 'string' || typeof x.redirectSignature !== 'string') throw new TypeError('plan content: bad redirect');
      return { address: x.address, amountSats: parseSats(x.amountSats), paidTo: x.paidTo, redirectSignature: x.redirectSignature };
    });
  });
  return { network: o.network as NetworkName, asOfHeight: o.asOfHeight, batches };
}
