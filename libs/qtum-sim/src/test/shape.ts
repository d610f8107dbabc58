import { JsonNumber, type WireValue } from '@ppm/chain';

/** Keys whose presence depends on chain/wallet state rather than on the node's format. */
export const STATE_KEYS = new Set([
  'nextblockhash', 'spentTxId', 'spentIndex', 'spentHeight', 'unlocked_until', 'label', 'ancestorcount', 'ancestorsize', 'ancestorfees',
  'comment', 'trusted', 'blockhash', 'blockheight', 'blockindex', 'blocktime', 'prevoutStakeHash', 'prevoutStakeVoutN', 'signature',
  'proofOfDelegation', 'fee', 'txinwitness', 'prevtxid', 'prevout', 'keypoololdest',
]);

/** JSON type of a wire value, telling integer, 8-decimal amount and double apart. */
export function kindOf(v: WireValue | undefined): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (v instanceof JsonNumber) {
    if (/^-?\d+$/.test(v.text)) return 'integer';
    if (/^-?\d+\.\d{8}$/.test(v.text)) return 'amount8';
    return 'double';
  }
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function isObj(v: WireValue | undefined): v is Record<string, WireValue> {
  return kindOf(v) === 'object';
}

/** Where sim differs from real: field names, their order, and JSON types, recursively. */
export function compareShape(real: WireValue | undefined, sim: WireValue | undefined, path = '$', out: string[] = []): string[] {
  const kr = kindOf(real);
  const ks = kindOf(sim);
  // An integer-valued double (difficulty 0, netstakeweight) prints like an integer; accept integer where real has a double.
  if (kr !== ks && !(kr === 'double' && ks === 'integer')) {
    out.push(`${path}: real ${kr}, sim ${ks}`);
    return out;
  }
  if (isObj(real) && isObj(sim)) {
    const rk = Object.keys(real);
    // Objects keyed by txid (getrawmempool verbose): compare the entries, not the ids.
    const txKeyed = (o: Record<string, WireValue>) => Object.keys(o).length > 0 && Object.keys(o).every((k) => /^[0-9a-f]{64}$/.test(k));
    if (txKeyed(real) && txKeyed(sim)) {
      const first = real[rk[0] ?? ''];
      for (const [k, v] of Object.entries(sim)) compareShape(first, v, `${path}[${k}]`, out);
      return out;
    }
    const sk = Object.keys(sim);
    for (const k of rk) if (!(k in sim) && !STATE_KEYS.has(k)) out.push(`${path}.${k}: missing in sim`);
    for (const k of sk) if (!(k in real) && !STATE_KEYS.has(k)) out.push(`${path}.${k}: not in real`);
    const common = rk.filter((k) => k in sim);
    const simOrder = sk.filter((k) => k in real);
    if (common.join(',') !== simOrder.join(',')) out.push(`${path}: key order real [${common.join(',')}] sim [${simOrder.join(',')}]`);
    for (const k of common) compareShape(real[k], sim[k], `${path}.${k}`, out);
    return out;
  }
  if (Array.isArray(real) && Array.isArray(sim)) {
    if (real.length === 0 || sim.length === 0) return out;
    const candidates = real.slice(0, 30);
    sim.slice(0, 60).forEach((s, i) => {
      // Pair each sim element with the real one it resembles most (vout entries differ: P2PK has no address).
      let best: string[] | undefined;
      for (const r of candidates) {
        const d = compareShape(r, s, `${path}[${i}]`);
        if (!best || d.length < best.length) best = d;
        if (d.length === 0) break;
      }
      out.push(...(best ?? []));
    });
  }
  return out;
}
