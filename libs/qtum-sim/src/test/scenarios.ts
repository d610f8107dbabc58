import type { Scenario } from '../scenario';

/** A small, fast chain for tests: A and B delegate to S (fee 100), C has fee 50, P never delegates. */
export function testScenario(extra: Partial<Scenario> = {}): Scenario {
  return {
    seed: 'test',
    startHeight: 2100,
    delegates: [
      { label: 'A', utxos: ['100', '150', '300', '1000', '50', '0.1281684'] },
      { label: 'B', utxos: ['2000', '99.99999999', '120', '500'] },
      { label: 'C', fee: 50, utxos: ['400'] },
      { label: 'P', delegated: false, utxos: ['10'] },
    ],
    ...extra,
  };
}
