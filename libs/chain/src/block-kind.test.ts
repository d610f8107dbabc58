import { parseQtum } from './amount';
import { BlockFactsError, classifyBlock, type BlockFacts } from './block-kind';
import { p2pkScriptHex, p2pkhScriptHex } from './address';
import { fixtureResponse } from './test/fixtures';
import type { JsonNumber, WireValue } from './wire-json';

const S = 'qbZYLgKFSojykoArbEakMTzxwbeTtPkG5p';
const S_HASH = 'c579ee1fa4329028e2e3e9cbc5d37010f7c4eb6e';
const S_PUBKEY = '03671c95689bed9d7a632ef0a2e0c82bff6e172fac1384180255ca6932fe0a9138';
const A = 'qSCLdYccdW7ic74GcJ3TvDYNdgqHJzjM4G';
const QTUM = 100_000_000n;

type Obj = { [k: string]: WireValue };

/** Block facts from a real `getblock <hash> 2|3` reply; `inputs` overrides vin values when the reply lacks prevout. */
function factsFromFixture(name: string, inputs?: bigint[]): BlockFacts {
  const block = (fixtureResponse(name) as Obj).result as Obj;
  const txs = block.tx as Obj[];
  const cs = txs[1];
  const hasPod = 'proofOfDelegation' in block;
  return {
    hash: block.hash as string,
    height: (block.height as JsonNumber).toSafeInt(),
    hasProofOfDelegation: hasPod,
    ...(cs && block.flags === 'proof-of-stake'
      ? {
          coinstake: {
            inputValuesSats: inputs ?? (cs.vin as Obj[]).map((v) => parseQtum(((v.prevout as Obj).value as JsonNumber).text)),
            outputs: (cs.vout as Obj[]).map((o) => ({ valueSats: parseQtum((o.value as JsonNumber).text), scriptHex: (o.scriptPubKey as Obj).hex as string })),
          },
        }
      : {}),
  };
}


describe('classifyBlock on real blocks (qtumd 27.1 regtest captures)', () => {
  it('5509 is a pool block: delegated (PoD), staker S, reward 201 - 200 = 1 QTUM', () => {
    expect(classifyBlock(factsFromFixture('016-getblock-delegatedA-5509-v3.json'), S, 'regtest')).toEqual({ kind: 'pool', stakerAddress: S, rewardSats: QTUM });
  });

  it('5513 is a self block: no PoD, split stake 100.5 + 100.5 - 200 = 1 QTUM', () => {
    expect(classifyBlock(factsFromFixture('020-getblock-selfstaked-5513-v3.json'), S, 'regtest')).toEqual({ kind: 'self', stakerAddress: S, rewardSats: QTUM });
  });

  it('5529 carries tx fees: R = subsidy + fees = 1.00207200 QTUM', () => {
    // vin[0] is one of S's 200 QTUM split outputs (fixture 007); verbosity 2 has no prevout.
    const c = classifyBlock(factsFromFixture('094-getblock-selfstaked-with-fees-5529-v2.json', [200n * QTUM]), S, 'regtest');
    expect(c).toEqual({ kind: 'self', stakerAddress: S, rewardSats: 100_207_200n });
  });

  it('a block staked by someone else is foreign', () => {
    expect(classifyBlock(factsFromFixture('016-getblock-delegatedA-5509-v3.json'), A, 'regtest')).toEqual({ kind: 'foreign', stakerAddress: S, rewardSats: 0n });
  });

  it('proof-of-work blocks are foreign', () => {
    expect(classifyBlock(factsFromFixture('023-getblock-pow-3502-v3.json'), S, 'regtest').kind).toBe('foreign');
  });
});

describe('classifyBlock rules', () => {
  const block = (outputs: { valueSats: bigint; scriptHex: string }[], inputs: bigint[], pod = true): BlockFacts => ({
    hash: 'ab'.repeat(32), height: 10_000, hasProofOfDelegation: pod,
    coinstake: { inputValuesSats: inputs, outputs: [{ valueSats: 0n, scriptHex: '' }, ...outputs] },
  });

  it('counts outputs paying S by P2PK or P2PKH, and ignores outputs to others (fee < 100 delegate output, gas refunds)', () => {
    const c = classifyBlock(block([
      { valueSats: 200n * QTUM + 10_000_000n, scriptHex: p2pkScriptHex(S_PUBKEY) },
      { valueSats: 90_000_000n, scriptHex: p2pkhScriptHex('5ebe49e08f75d4ae4fdc52c6b75c03ac35da7179') },
      { valueSats: 5_000n, scriptHex: p2pkhScriptHex(S_HASH) },
    ], [200n * QTUM]), S, 'regtest');
    expect(c).toEqual({ kind: 'pool', stakerAddress: S, rewardSats: 10_005_000n });
  });

  it('sums several inputs', () => {
    const c = classifyBlock(block([{ valueSats: 151n * QTUM, scriptHex: p2pkScriptHex(S_PUBKEY) }], [100n * QTUM, 50n * QTUM], false), S, 'regtest');
    expect(c).toEqual({ kind: 'self', stakerAddress: S, rewardSats: QTUM });
  });

  it('refuses a coinstake that pays S less than it spends', () => {
    expect(() => classifyBlock(block([{ valueSats: QTUM, scriptHex: p2pkScriptHex(S_PUBKEY) }], [2n * QTUM]), S, 'regtest')).toThrow(BlockFactsError);
  });

  it('treats a non-standard vout[1] as foreign', () => {
    expect(classifyBlock(block([{ valueSats: QTUM, scriptHex: '6a00' }], [0n]), S, 'regtest').kind).toBe('foreign');
  });
});
