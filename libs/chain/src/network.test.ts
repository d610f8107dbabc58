import { NETWORKS, blockSubsidySats, maturityAt, targetSpacingSeconds } from './network';

const QTUM = 100_000_000n;

describe('network parameters', () => {
  it('switches maturity at the reduce-block-time fork', () => {
    expect(maturityAt('mainnet', 844_999)).toBe(500);
    expect(maturityAt('mainnet', 845_000)).toBe(2_000);
    expect(maturityAt('testnet', 806_599)).toBe(500);
    expect(maturityAt('testnet', 806_600)).toBe(2_000);
    expect(maturityAt('regtest', 1)).toBe(2_000);
    expect(targetSpacingSeconds('mainnet', 844_999)).toBe(128);
    expect(targetSpacingSeconds('mainnet', 845_000)).toBe(32);
  });

  it('has the default RPC ports', () => {
    expect(NETWORKS.mainnet.rpcPort).toBe(3889);
    expect(NETWORKS.testnet.rpcPort).toBe(13889);
    expect(NETWORKS.regtest.rpcPort).toBe(13889);
  });

  it.each([
    ['mainnet', 5_000, 20_000n * QTUM],
    ['regtest', 5_000, 20_000n * QTUM],
    ['mainnet', 5_001, 4n * QTUM],
    ['mainnet', 844_999, 4n * QTUM],
    ['mainnet', 845_000, QTUM],
    ['mainnet', 1_427_003, QTUM],
    ['mainnet', 1_427_004, QTUM / 2n],
    ['mainnet', 5_369_003, QTUM / 2n],
    ['mainnet', 5_369_004, QTUM / 4n],
    ['testnet', 806_600, QTUM],
    ['testnet', 1_542_203, QTUM],
    ['testnet', 1_542_204, QTUM / 2n],
    ['testnet', 5_484_204, QTUM / 4n],
    ['regtest', 5_001, QTUM],
    ['regtest', 3_962_003, QTUM],
    ['regtest', 3_962_004, QTUM / 2n],
  ] as const)('subsidy on %s at %i is %s sat', (network, height, sats) => {
    expect(blockSubsidySats(network, height)).toBe(sats);
  });

  it('drops to 0 after 7 halvings', () => {
    expect(blockSubsidySats('regtest', 5_001 + 15_003 + 7 * 3_942_000)).toBe(0n);
  });
});
