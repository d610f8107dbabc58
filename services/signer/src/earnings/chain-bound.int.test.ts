import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { EARNED, earningsSignerHooks, type TestCerts } from '../test/earnings-scenario';
import { callError, signBatch } from '../test/grpc-call';
import { makePlan } from '../test/plan-fixture';
import { startFixture, type SignerFixture } from '../test/signer-harness';

describe('the signer bounds what it signs by what the chain shows the pool earned', () => {
  let certs: TestCerts;
  let f: SignerFixture;
  earningsSignerHooks((fx, c) => { f = fx; certs = c; });

  const E = () => f.sim.chain.delegates().find((d) => d.label === 'E')?.address ?? '';

  it('signs up to exactly the on-chain earnings and refuses a forged batch above them, before unlocking', async () => {
    expect(EARNED).toBe(300_000_000n);
    await signBatch(f.client, makePlan([[[f.addr.A, 150_000_000n], [f.addr.B, 100_000_000n]]]).request(0));
    const unlocks = f.sim.wallet.calls().filter((c) => c.method === 'walletpassphrase').length;
    // A self-consistent plan (right hash, known delegates, under every cap) that the chain does not back.
    const forged = await callError(signBatch(f.client, makePlan([[[f.addr.A, 50_000_001n]]]).request(0)));
    expect(forged.code).toBe(status.PERMISSION_DENIED);
    expect(forged.details).toMatch(/exceeds what the pool earned on chain: 300000000 sat from pool blocks of S/);
    expect(f.sim.wallet.calls().filter((c) => c.method === 'walletpassphrase').length).toBe(unlocks);
    expect(f.logs.lines().some((l) => l.audit === 'refused' && /earned on chain/.test(String(l.reason)))).toBe(true);
    // The bound is inclusive.
    await expect(signBatch(f.client, makePlan([[[f.addr.A, 50_000_000n]]]).request(0))).resolves.toMatchObject({ replayed: false });
  });

  it('refuses to pay a recipient more than the pool earned since its first delegation', async () => {
    const err = await callError(signBatch(f.client, makePlan([[[E(), 20_000_000n]]]).request(0)));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toMatch(/since its first delegation to S at height 5204 \(0 sat/);
    // A pool block after E delegated, buried deep enough: E may now receive up to that block's reward.
    f.sim.chain.mine(1, { kind: 'pool', delegate: f.addr.A });
    f.sim.chain.mine(5);
    await expect(signBatch(f.client, makePlan([[[E(), 20_000_000n]]]).request(0))).resolves.toMatchObject({ replayed: false });
    const over = await callError(signBatch(f.client, makePlan([[[E(), 80_000_001n]]]).request(0)));
    expect(over.details).toMatch(/plus 20000000 sat it received before exceeds all pool rewards since its first delegation/);
  });

  it('drops the rewards of blocks that left the main chain', async () => {
    await signBatch(f.client, makePlan([[[f.addr.A, 50_000_000n]]]).request(0));
    // 5203 (a pool block) and everything above it are replaced by foreign blocks.
    f.sim.chain.reorg(f.sim.chain.tipHeight - 5_202, Array.from({ length: 14 }, () => ({ kind: 'foreign' as const })));
    const err = await callError(signBatch(f.client, makePlan([[[f.addr.A, 150_000_001n]]]).request(0)));
    expect(err.details).toMatch(/exceeds what the pool earned on chain: 200000000 sat/);
    expect(f.logs.text()).toMatch(/left the main chain/);
  });

  it('caches the count on disk: a restarted signer does not rescan what it counted', async () => {
    await signBatch(f.client, makePlan([[[f.addr.A, 50_000_000n]]]).request(0));
    const file = path.join(path.dirname(f.journalFile), 'signer-chain-earnings.json');
    const cached = JSON.parse(await readFile(file, 'utf8')) as { scannedTo: number; blocks: { height: number; kind: string; rewardSats: string }[] };
    expect(cached.scannedTo).toBe(f.sim.chain.tipHeight - 5);
    expect(cached.blocks.filter((b) => b.kind === 'pool').map((b) => [b.height, b.rewardSats])).toEqual([[5_201, '100000000'], [5_202, '100000000'], [5_203, '100000000']]);

    await f.stopSigner();
    const g = await startFixture({ certs: certs.main, sim: f.sim, dataDir: path.dirname(f.journalFile), config: { PPM_SIGNER_MAX_DAY_SATS: undefined } });
    try {
      await expect(signBatch(g.client, makePlan([[[f.addr.B, 100_000_000n]]]).request(0))).resolves.toMatchObject({ replayed: false });
      expect(g.nodeCalls).not.toContain('getaddressdeltas');
      // The bound still counts what the first run signed (the journal) against the cached earnings.
      const err = await callError(signBatch(g.client, makePlan([[[f.addr.A, 150_000_001n]]]).request(0)));
      expect(err.code).toBe(status.PERMISSION_DENIED);
    } finally {
      await g.stopSigner();
    }
  });
});
