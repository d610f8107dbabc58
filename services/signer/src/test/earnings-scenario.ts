import { blockSubsidySats } from '@ppm/chain';
import { rm } from 'node:fs/promises';
import { startSimulator, type Scenario } from '@ppm/qtum-sim';
import { TEST_PASSPHRASE, makeCerts, startFixture, type SignerFixture } from './signer-harness';

/**
 * 1 QTUM rewards (regtest above 5,200): the pool stakes three blocks with A's and B's coins at 5201-5203, E
 * delegates only at 5204. The ledger's independent figure: pool blocks carry no other tx, so each reward is the
 * subsidy (DESIGN rule 3 with fee 100: S's output = its input + subsidy).
 */
export const EARNINGS_SCENARIO: Scenario = {
  seed: 'signer-chain-bound',
  startHeight: 5_200,
  staker: { count: 20, qtum: '200' },
  delegates: [
    { label: 'A', utxos: ['150', '150', '150'] },
    { label: 'B', utxos: ['300'] },
    { label: 'C', delegated: false, utxos: ['120'] },
    { label: 'D', utxos: ['110'] },
    { label: 'E', delegated: false, utxos: ['200'] },
  ],
  timeline: [
    { at: 5_201, do: 'pool', delegate: 'A' }, { at: 5_202, do: 'pool', delegate: 'B' }, { at: 5_203, do: 'pool', delegate: 'A' },
    { at: 5_204, do: 'addDelegation', delegate: 'E', fee: 100 }, { at: 5_215, do: 'pow' },
  ],
  wallet: { passphrase: TEST_PASSPHRASE, stakingOnly: true },
};
/** What S earned on chain in EARNINGS_SCENARIO: three pool blocks of 1 QTUM. */
export const EARNED = [5_201, 5_202, 5_203].reduce((t, h) => t + blockSubsidySats('regtest', h), 0n);

/** The test certificates of {@link makeCerts}. */
export type TestCerts = Awaited<ReturnType<typeof makeCerts>>;

/**
 * Registers the hooks of a describe block that runs each test on a fresh EARNINGS_SCENARIO chain with a signer
 * whose caps all derive from the chain (no overrides), handing the fixture and certificates to `use`. After
 * each test the wallet must be back to staking-only.
 */
export function earningsSignerHooks(use: (f: SignerFixture, certs: TestCerts) => void): void {
  let certs: TestCerts;
  let f: SignerFixture;
  beforeAll(async () => { certs = await makeCerts(); });
  beforeEach(async () => {
    const sim = await startSimulator({ scenario: EARNINGS_SCENARIO, port: 0 });
    f = await startFixture({ certs: certs.main, sim, config: { PPM_SIGNER_MAX_OUTPUT_SATS: undefined, PPM_SIGNER_MAX_BATCH_SATS: undefined, PPM_SIGNER_MAX_DAY_SATS: undefined } });
    use(f, certs);
  });
  afterEach(async () => {
    try {
      f.sim.wallet.assertStakingOnly();
    } finally {
      await f.close();
      await f.sim.close();
    }
  });
  afterAll(async () => { await rm(certs.dir, { recursive: true, force: true }); });
}
