import { startSimulator, type SimHandle } from './index';
import { post } from './test/rpc-client';
import { testScenario } from './test/scenarios';

// qtumd's -rpcwhitelist / -rpcwhitelistdefault (src/httprpc.cpp): checked after parsing; HTTP 403, empty body.
describe('rpcwhitelist as qtumd applies it', () => {
  let sim: SimHandle;
  const body = (method: string) => JSON.stringify({ jsonrpc: '1.0', id: 1, method, params: [] });
  beforeAll(async () => {
    sim = await startSimulator({
      scenario: testScenario(),
      rpcUsers: [{ user: 'reader', password: 'r', whitelist: ['getblockcount', 'getblockhash'] }, { user: 'nolist', password: 'n' }],
      rpcWhitelistDefault: true,
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('lets a user call what its line lists, and refuses anything else with 403 and an empty body', async () => {
    const ok = await post(sim.url, body('getblockcount'), { auth: 'reader:r' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ error: null });
    const refused = await post(sim.url, body('walletpassphrase'), { auth: 'reader:r' });
    expect([refused.status, refused.body]).toEqual([403, '']);
  });

  it('refuses a whole batch when one call is not listed', async () => {
    const batch = JSON.stringify([{ jsonrpc: '1.0', id: 1, method: 'getblockcount', params: [] }, { jsonrpc: '1.0', id: 2, method: 'getblock', params: [] }]);
    expect((await post(sim.url, batch, { auth: 'reader:r' })).status).toBe(403);
    const fine = JSON.stringify([{ jsonrpc: '1.0', id: 1, method: 'getblockcount', params: [] }, { jsonrpc: '1.0', id: 2, method: 'getblockhash', params: [0] }]);
    expect((await post(sim.url, fine, { auth: 'reader:r' })).status).toBe(200);
  });

  it('with rpcwhitelistdefault, a user without a line may call nothing (the default user included)', async () => {
    expect((await post(sim.url, body('getblockcount'), { auth: 'nolist:n' })).status).toBe(403);
    expect((await post(sim.url, body('getblockcount'))).status).toBe(403);
    // Wrong credentials are still 401, before any whitelist.
    expect((await post(sim.url, body('getblockcount'), { auth: 'reader:wrong' })).status).toBe(401);
  });
});
