import { join } from 'node:path';
import { stringifyWireJson } from '@ppm/chain';
import { startSimulator, type SimHandle } from './index';
import { post } from './test/rpc-client';

/** 5,000 delegates x 20 UTXOs (scenarios/large.json). Bounds are generous so a loaded CI box does not flake. */
let sim: SimHandle;
let buildMs = 0;
let buildCpuMs = 0;
beforeAll(async () => {
  const t = Date.now();
  const cpu = process.cpuUsage();
  sim = await startSimulator({ scenario: join(__dirname, '..', 'scenarios', 'large.json') });
  const used = process.cpuUsage(cpu);
  buildCpuMs = Math.round((used.user + used.system) / 1000);
  buildMs = Date.now() - t;
}, 180_000);
afterAll(async () => {
  await sim?.close();
});

test('builds 5,000 delegates x 20 UTXOs and answers one getaddressutxos for all of them', async () => {
  const addresses = sim.chain.delegates().map((d) => d.address);
  expect(addresses).toHaveLength(5000);
  const body = stringifyWireJson({ jsonrpc: '1.0', id: 1, method: 'getaddressutxos', params: [{ addresses }] });
  await post(sim.url, body); // warm-up: first call fills the per-UTXO JSON cache
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = await post(sim.url, body);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  expect(r.status).toBe(200);
  expect(r.body.startsWith('{"result":[{"address":"q')).toBe(true);
  expect(r.body.match(/"outputIndex"/g)).toHaveLength(100_000);
  process.stdout.write(`qtum-sim perf: build ${buildMs} ms wall / ${buildCpuMs} ms CPU (tip ${sim.chain.tipHeight}); getaddressutxos x5000 addresses: ${wallMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (server + client), ${(r.body.length / 1e6).toFixed(1)} MB\n`);
  expect(cpuMs).toBeLessThan(3000);
  expect(buildMs).toBeLessThan(120_000);
}, 60_000);
