import { join } from 'node:path';
import { loadScenario, ScenarioError, startSimulator, validateScenario } from './index';
import { buildScenario } from './build-scenario';
import { result } from './test/rpc-client';
import { testScenario } from './test/scenarios';

const dir = join(__dirname, '..', 'scenarios');

describe('scenarios', () => {
  test('the same scenario gives the same chain', () => {
    const s = testScenario({ timeline: [{ at: 2101, do: 'pool' }, { at: 2102, do: 'self' }, { at: 2103, do: 'foreign' }] });
    const a = buildScenario(s);
    const b = buildScenario(s);
    expect(a.blockHash(a.tipHeight)).toBe(b.blockHash(b.tipHeight));
    expect(a.block(2101)?.kind).toBe('pool');
    const c = buildScenario({ ...s, seed: 'other' });
    expect(c.blockHash(c.tipHeight)).not.toBe(a.blockHash(a.tipHeight));
  });

  test('validation lists every problem', () => {
    expect(() => validateScenario({ startHeight: 10, delegates: [{ label: 'A', utxos: ['1.123456789'], fee: 101 }], timeline: [{ at: 5, do: 'pow' }] })).toThrow(ScenarioError);
    try {
      validateScenario({ startHeight: 10, delegates: [{ label: 'A', utxos: ['x'] }] });
    } catch (e) {
      expect((e as Error).message).toMatch(/startHeight[\s\S]*utxos/);
    }
  });

  test('shipped small.json loads: fixture-like chain with pool, self and foreign blocks', async () => {
    const sim = await startSimulator({ scenario: join(dir, 'small.json') });
    try {
      expect(sim.chain.tipHeight).toBe(5520);
      const kinds = [5506, 5513, 5515, 5520].map((h) => sim.chain.block(h)?.kind);
      expect(kinds).toEqual(['pool', 'self', 'foreign', 'pow']);
      const list = (await result(sim.url, 'getdelegationsforstaker', [sim.wallet.address])) as unknown[];
      expect(list).toHaveLength(4);
    } finally {
      await sim.close();
    }
  });

  test('demo.json and large.json are valid', () => {
    const demo = loadScenario(join(dir, 'demo.json'));
    expect(demo.wallet).toEqual({ passphrase: 'ppm-demo-pass', stakingOnly: true });
    expect(demo.autoMine?.intervalMs).toBe(2000);
    const large = loadScenario(join(dir, 'large.json'));
    expect(large.delegates).toMatchObject({ count: 5000, utxosPerDelegate: 20 });
  });

  test('auto-mining adds blocks and stops', async () => {
    const sim = await startSimulator({ scenario: testScenario() });
    try {
      const start = sim.chain.tipHeight;
      sim.chain.startAutoMine(20, [{ kind: 'pool' }, { kind: 'self' }]);
      await new Promise((r) => setTimeout(r, 250));
      sim.chain.stopAutoMine();
      const end = sim.chain.tipHeight;
      expect(end).toBeGreaterThan(start + 2);
      await new Promise((r) => setTimeout(r, 60));
      expect(sim.chain.tipHeight).toBe(end);
    } finally {
      await sim.close();
    }
  });
});
