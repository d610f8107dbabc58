import { encodeAddress } from '@ppm/chain';
import type { Db } from '@ppm/ledger';
import type { Scenario, SimHandle } from '@ppm/qtum-sim';
import { actualBalances, actualBlocks, actualWeights, expectedBalances, expectedBlocks, expectedWeights } from './compare';
import { expectedLedger } from './expected-ledger';

/** Confirmations used by the e2e pipelines. */
export const C = 5;

/** Pool, self and foreign blocks; delegation add, remove and fee changes; spends and receipts right after pool blocks. */
export const basicScenario: Scenario = {
  seed: 'e2e-basic',
  delegates: [
    { label: 'A', utxos: ['1000', '300', '100', '50'] },
    { label: 'B', utxos: ['2000', '120', '99.99999999'] },
    { label: 'C', utxos: ['500', '250', '260', '270'], delegated: false },
    { label: 'D', utxos: ['700', '150', '200', '300', '310'], fee: 50 },
  ],
  timeline: [
    { at: 5201, do: 'pool' },
    { at: 5202, do: 'self' },
    { at: 5203, do: 'foreign' },
    { at: 5204, do: 'transfer', from: 'A', to: 'M', amount: '500' },
    { at: 5204, do: 'pool' },
    { at: 5205, do: 'addDelegation', delegate: 'C' },
    { at: 5205, do: 'pool' },
    { at: 5206, do: 'pool' },
    { at: 5207, do: 'removeDelegation', delegate: 'B' },
    { at: 5207, do: 'pool' },
    { at: 5208, do: 'pool' },
    { at: 5209, do: 'addDelegation', delegate: 'D', fee: 100 },
    { at: 5210, do: 'pool' },
    { at: 5211, do: 'addDelegation', delegate: 'A', fee: 10 },
    { at: 5212, do: 'pool' },
    { at: 5213, do: 'fund', to: 'D', amounts: ['400'] },
    { at: 5214, do: 'transfer', from: 'D', to: 'M', amount: '100' },
    { at: 5215, do: 'pool' },
    { at: 5216, do: 'pool' },
    { at: 5225, do: 'pow' },
  ],
};

/** Address of a hash160 on the simulator's network. */
export function addressOf(sim: SimHandle) {
  return (h160: string) => encodeAddress(h160, sim.chain.network);
}

/** Asserts kinds, rewards, weights and balances of [from, confirmed tip] against the oracle. */
export async function expectLedgerMatches(db: Db, sim: SimHandle, from: number): Promise<void> {
  const confirmed = sim.chain.tipHeight - C;
  const exp = expectedLedger(sim.chain, from, confirmed, addressOf(sim));
  expect(await actualBlocks(db, from, confirmed)).toEqual(expectedBlocks(exp));
  expect(await actualWeights(db)).toEqual(expectedWeights(exp));
  expect(await actualBalances(db)).toEqual(expectedBalances(exp));
  expect(Object.keys(expectedBalances(exp)).length).toBeGreaterThan(1);
}

