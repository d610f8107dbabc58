import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { createQtumRpcClient } from './create-client';
import { RpcAuthError, RpcForbiddenError, RpcInvalidAddressOrKeyError } from './errors';
import { latchConfigFaults } from './fault-latch';
import { rpc } from './rpc';

describe('latchConfigFaults', () => {
  let sim: SimHandle;
  const urlAs = (user: string, password: string): string => {
    const u = new URL(sim.url);
    u.username = user;
    u.password = password;
    return u.toString();
  };
  beforeAll(async () => {
    sim = await startSimulator({ rpcUsers: [{ user: 'reader', password: 'r', whitelist: ['getblockcount', 'getblockhash', 'getblock'] }] });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('keeps the first 403 whoever caught it; other errors and successes leave it empty; calls behave as before', async () => {
    const raw = createQtumRpcClient({ url: urlAs('reader', 'r'), retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const { client, fault } = latchConfigFaults(raw);
    try {
      expect(typeof (await client.getblockcount())).toBe('number');
      await expect(client.getblock('00'.repeat(32))).rejects.toBeInstanceOf(RpcInvalidAddressOrKeyError);
      expect(fault()).toBeUndefined();
      // Swallowed by the caller (as a poll loop does): the latch still has it.
      await client.getblockchaininfo().catch(() => undefined);
      expect(fault()).toBeInstanceOf(RpcForbiddenError);
      expect(fault()!.message).toContain('add getblockchaininfo to the rpcwhitelist line of user reader');
      await client.batch([rpc.getblockcount(), rpc.getnetworkinfo()]).catch(() => undefined);
      expect(fault()!.message).toMatch(/^getblockchaininfo: /);
    } finally {
      client.close();
    }
  });

  it('keeps a 401 (wrong password)', async () => {
    const { client, fault } = latchConfigFaults(createQtumRpcClient({ url: urlAs('reader', 'wrong') }));
    try {
      await expect(client.getblockcount()).rejects.toBeInstanceOf(RpcAuthError);
      expect(fault()).toBeInstanceOf(RpcAuthError);
    } finally {
      client.close();
    }
  });
});
