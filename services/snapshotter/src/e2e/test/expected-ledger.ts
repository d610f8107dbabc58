import { hash160 } from '@ppm/chain';
import type { SimChain } from '@ppm/qtum-sim';

/**
 * The test oracle: the ledger a correct pipeline must produce, computed straight from the simulator's raw
 * blocks with a deliberately plain implementation (no code of the snapshotter, the watcher or accrual):
 * replay every output and spend, replay the delegation receipts, and apply rules 3-6 literally.
 */
export interface ExpectedLedger {
  /** delegate address -> accrued satoshis. */
  readonly balances: Map<string, bigint>;
  /** height -> kind/reward of every block in [from, to]. */
  readonly blocks: Map<number, { kind: string; rewardSats: bigint }>;
  /** height -> weights of each pool block (delegates with a delegation in effect and fee >= 100). */
  readonly weights: Map<number, Map<string, bigint>>;
}

const MATURITY = 2000;
const MIN_UTXO = 100n * 100_000_000n;
const ADD = 'a23803f3b2b56e71f2921c22b23c32ef596a439dbe03f7250e6b58a30eb910b5';
const REMOVE = '7fe28d2d0b16cf95b5ea93f4305f89133b3892543e616381a1336fc1e7a01fa0';

/** hash160 an output pays to, for P2PKH and P2PK scripts only. */
function payee(script: string): string | undefined {
  if (script.length === 50 && script.startsWith('76a914') && script.endsWith('88ac')) return script.slice(6, 46);
  if (script.length === 70 && script.startsWith('21') && script.endsWith('ac')) return hash160(Buffer.from(script.slice(2, 68), 'hex')).toString('hex');
  return undefined;
}

/** Expected ledger for the main chain of `chain`, blocks [from, to]; `addressOf` maps a hash160 to its address. */
export function expectedLedger(chain: SimChain, from: number, to: number, addressOf: (h160: string) => string): ExpectedLedger {
  const outputs = new Map<string, { script: string; value: bigint; height: number }>();
  const spentAt = new Map<string, number>();
  const events: { height: number; tx: number; log: number; add: boolean; staker: string; delegate: string; fee: number }[] = [];
  for (let h = 0; h <= chain.tipHeight; h++) {
    const b = chain.block(h)!;
    for (const t of b.txs) {
      for (const i of t.tx.vin) if (!t.isCoinbase) spentAt.set(`${i.prevTxid}:${i.prevVout}`, h);
      t.tx.vout.forEach((o, n) => outputs.set(`${t.txid}:${n}`, { script: o.script, value: o.value, height: h }));
    }
    for (const r of b.receipts) {
      r.log.forEach((l, k) => {
        const topic = l.topics[0];
        if (topic !== ADD && topic !== REMOVE) return;
        events.push({
          height: h, tx: r.transactionIndex, log: k, add: topic === ADD,
          staker: l.topics[1]!.slice(24), delegate: l.topics[2]!.slice(24), fee: topic === ADD ? parseInt(l.data.slice(0, 64), 16) : 0,
        });
      });
    }
  }
  events.sort((a, b) => a.height - b.height || a.tx - b.tx || a.log - b.log);
  const S = chain.staker.hash160Hex;
  const balances = new Map<string, bigint>();
  const blocks = new Map<number, { kind: string; rewardSats: bigint }>();
  const weights = new Map<number, Map<string, bigint>>();
  for (let H = from; H <= to; H++) {
    const b = chain.block(H)!;
    const kind = b.kind === 'pool' || b.kind === 'self' ? b.kind : 'foreign';
    let reward = 0n;
    if (kind !== 'foreign') {
      const cs = b.txs[1]!;
      for (const o of cs.tx.vout) if (payee(o.script) === S) reward += o.value;
      for (const i of cs.tx.vin) reward -= outputs.get(`${i.prevTxid}:${i.prevVout}`)!.value;
    }
    blocks.set(H, { kind, rewardSats: reward });
    if (kind !== 'pool') continue;
    const latest = new Map<string, (typeof events)[number]>();
    for (const e of events) if (e.height <= H - 1) latest.set(e.delegate, e);
    const w = new Map<string, bigint>();
    for (const [d, e] of latest) {
      if (!e.add || e.staker !== S || e.fee < 100) continue;
      let sum = 0n;
      for (const [key, o] of outputs) {
        const spent = spentAt.get(key);
        if (payee(o.script) === d && o.height <= H - MATURITY && o.value >= MIN_UTXO && (spent === undefined || spent >= H)) sum += o.value;
      }
      w.set(addressOf(d), sum);
    }
    weights.set(H, w);
    // Rule 6 with fee 0: floor shares, then one satoshi each by largest remainder, ties by address.
    const positive = [...w.entries()].filter(([, x]) => x > 0n).sort(([a], [c]) => (a < c ? -1 : 1));
    const W = positive.reduce((s, [, x]) => s + x, 0n);
    if (W === 0n) continue;
    const rows = positive.map(([a, x]) => ({ a, share: (reward * x) / W, rem: (reward * x) % W }));
    let left = reward - rows.reduce((s, r) => s + r.share, 0n);
    for (const r of [...rows].sort((p, q) => (p.rem === q.rem ? (p.a < q.a ? -1 : 1) : p.rem > q.rem ? -1 : 1))) {
      if (left === 0n) break;
      r.share += 1n;
      left -= 1n;
    }
    for (const r of rows) if (r.share > 0n) balances.set(r.a, (balances.get(r.a) ?? 0n) + r.share);
  }
  return { balances, blocks, weights };
}
