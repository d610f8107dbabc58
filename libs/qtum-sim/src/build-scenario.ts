import { MAX_MONEY_SATS, parseQtum, SATS_PER_QTUM } from '@ppm/chain';
import type { BlockSpec } from './block-factory';
import { SeededRng } from './rng';
import { ScenarioError, type Scenario, type ScenarioDelegate, type TimelineEvent } from './scenario';
import { SimChain, type SimClock } from './sim-chain';

/** Height of the block that funds every actor (after a few PoW blocks for the miner). */
const FUND_HEIGHT = 10;
const DEFAULT_START_HEIGHT = 5200;
const DEFAULT_GENESIS_TIME = 1_795_000_000;
const SPACING_S = 32;
/** Faucet reserve for fund()/transfers after the build. */
const RESERVE_SATS = 1_000_000n * SATS_PER_QTUM;

function makeClock(s: Scenario, startHeight: number): SimClock {
  if (s.clock === 'real') {
    const genesis = Math.floor(Date.now() / 1000) - startHeight * SPACING_S;
    return {
      blockTime: (h, prev) => Math.max(prev + 1, Math.min(genesis + h * SPACING_S, Math.floor(Date.now() / 1000))),
      now: () => Math.floor(Date.now() / 1000),
    };
  }
  const genesis = s.genesisTime ?? DEFAULT_GENESIS_TIME;
  return { blockTime: (h) => genesis + h * SPACING_S, now: () => Math.floor(Date.now() / 1000) };
}

function generateDelegates(s: Scenario, rng: SeededRng): ScenarioDelegate[] {
  const g = s.delegates;
  if (!g) return [];
  if (Array.isArray(g)) return g;
  const min = parseQtum(g.minQtum ?? '100');
  const max = parseQtum(g.maxQtum ?? '5000');
  const out: ScenarioDelegate[] = [];
  for (let i = 0; i < g.count; i++) {
    const utxos: string[] = [];
    for (let k = 0; k < g.utxosPerDelegate; k++) {
      // Whole-satoshi-precision amounts; some below the 100 QTUM staking minimum.
      const sats = rng.chance(g.belowMinShare ?? 0.1) ? rng.bigint(SATS_PER_QTUM, 100n * SATS_PER_QTUM - 1n) : rng.bigint(min, max);
      utxos.push(`${sats / SATS_PER_QTUM}.${(sats % SATS_PER_QTUM).toString().padStart(8, '0')}`);
    }
    out.push({ label: `d${i}`, fee: rng.chance(g.lowFeeShare ?? 0.05) ? rng.int(10, 99) : 100, utxos });
  }
  return out;
}

/** Builds the chain a scenario describes: premine, funding, delegations, a deep PoW chain, then the timeline. */
export function buildScenario(s: Scenario): SimChain {
  const seed = s.seed ?? 'ppm';
  const startHeight = s.startHeight ?? DEFAULT_START_HEIGHT;
  const rng = new SeededRng(`${seed}/scenario`);
  const chain = new SimChain('regtest', seed, makeClock(s, startHeight));
  if (s.connections !== undefined) chain.connections = s.connections;
  const delegates = generateDelegates(s, rng);
  const keys = Array.isArray(s.delegates) ? delegates.map((d) => chain.addDelegateKey(d.label)) : chain.addDelegateKeys('d', delegates.length);
  const stakerCount = s.staker?.count ?? 60;
  const stakerEach = parseQtum(s.staker?.qtum ?? '200');
  let total = BigInt(stakerCount) * stakerEach + 200_000n * SATS_PER_QTUM;
  for (const d of delegates) for (const u of d.utxos) total += parseQtum(u);
  // The premine pays for all funding plus a reserve for later fund()/transfers and fees; it must stay a
  // valid amount (clients check MAX_MONEY when they parse block 1's coinbase).
  if (total + RESERVE_SATS > MAX_MONEY_SATS) throw new ScenarioError(`scenario needs ${total / SATS_PER_QTUM} QTUM of coins; the supply is capped at ${MAX_MONEY_SATS / SATS_PER_QTUM - RESERVE_SATS / SATS_PER_QTUM}`);
  chain.mine(1, { kind: 'pow' }, undefined, total + RESERVE_SATS);
  chain.mine(FUND_HEIGHT - 1 - chain.tipHeight);
  chain.fund(chain.staker.address, Array.from({ length: stakerCount }, () => stakerEach));
  chain.fund(chain.foreign.address, Array.from({ length: 100 }, () => 500n * SATS_PER_QTUM));
  delegates.forEach((d, i) => {
    const k = keys[i];
    if (k && d.utxos.length > 0) chain.fund(k.address, d.utxos.map((u) => parseQtum(u)));
  });
  chain.mine(1);
  delegates.forEach((d, i) => {
    const k = keys[i];
    if (k && d.delegated !== false) chain.addDelegation(k.address, d.fee ?? 100);
  });
  chain.mine(1);
  chain.mine(startHeight - chain.tipHeight);
  runTimeline(chain, s.timeline ?? [], s.fill ?? 'pow', delegates.map((d, i) => [d.label, keys[i]?.address ?? ''] as const));
  return chain;
}

/** Resolves "S"/"staker", "M"/"miner", "F"/"foreign", a delegate label, or an address. */
function resolver(chain: SimChain, labels: readonly (readonly [string, string])[]): (name: string) => string {
  const map = new Map<string, string>(labels);
  for (const [k, v] of [['S', chain.staker.address], ['staker', chain.staker.address], ['M', chain.miner.address], ['miner', chain.miner.address], ['F', chain.foreign.address], ['foreign', chain.foreign.address]] as const) map.set(k, v);
  return (name) => map.get(name) ?? name;
}

function runTimeline(chain: SimChain, events: readonly TimelineEvent[], fill: BlockSpec['kind'], labels: readonly (readonly [string, string])[]): void {
  if (events.length === 0) return;
  const addr = resolver(chain, labels);
  const last = Math.max(...events.map((e) => e.at));
  for (let h = chain.tipHeight + 1; h <= last; h++) {
    const here = events.filter((e) => e.at === h);
    let spec: BlockSpec = { kind: fill };
    for (const e of here) {
      switch (e.do) {
        case 'addDelegation':
          chain.addDelegation(addr(e.delegate), e.fee ?? 100);
          break;
        case 'removeDelegation':
          chain.removeDelegation(addr(e.delegate));
          break;
        case 'transfer':
          chain.transfer(addr(e.from), addr(e.to), parseQtum(e.amount));
          break;
        case 'fund':
          chain.fund(addr(e.to), e.amounts.map((a) => parseQtum(a)));
          break;
        default:
          spec = { kind: e.do, ...(e.delegate !== undefined ? { delegate: addr(e.delegate) } : {}) };
      }
    }
    chain.mine(1, spec);
  }
}
