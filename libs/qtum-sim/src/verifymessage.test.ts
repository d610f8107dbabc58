/* eslint-disable @typescript-eslint/no-explicit-any -- RPC replies are untyped JSON. */
import { messageHash, signRecoverable } from '@ppm/chain';
import { startSimulator, type SimHandle } from './index';
import { call, result } from './test/rpc-client';
import { testScenario } from './test/scenarios';

// verifymessage as qtumd 27.1 answers it (src/rpc/signmessage.cpp, src/util/message.cpp).
let sim: SimHandle;
beforeAll(async () => {
  sim = await startSimulator({ scenario: testScenario() });
});
afterAll(async () => {
  await sim.close();
});

const err = async (params: unknown[]) => {
  const e = (await call(sim.url, 'verifymessage', params)).reply.error as Record<string, any>;
  return { code: String(e.code.text), message: e.message as string };
};

test('true for the key of the address, false otherwise; errors for bad address, P2SH and bad base64', async () => {
  const key = sim.chain.staker;
  const sig = signRecoverable(messageHash('redirect me'), key.privHex).toString('base64');
  expect(await result(sim.url, 'verifymessage', [key.address, sig, 'redirect me'])).toBe(true);
  expect(await result(sim.url, 'verifymessage', [key.address, sig, 'redirect you'])).toBe(false);
  expect(await result(sim.url, 'verifymessage', [key.address, Buffer.alloc(65).toString('base64'), 'x'])).toBe(false);
  expect(await err(['qXYZ', sig, 'x'])).toEqual({ code: '-5', message: 'Invalid address' });
  expect(await err([key.address, '***', 'x'])).toEqual({ code: '-3', message: 'Malformed base64 encoding' });
});
