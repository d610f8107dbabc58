import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Client, Metadata, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { GetBatchStatusRequest, PayoutPlan, SignBatchRequest } from '@ppm/proto';
import { signBatch } from '../test/grpc-call';
import { makePlan } from '../test/plan-fixture';
import { makeCerts, startFixture, type SignerFixture } from '../test/signer-harness';

const REQUESTS = 2_000;
const IN_FLIGHT = 50;
const PATHS = ['/ppm.signer.v1.SignerService/SignBatch', '/ppm.signer.v1.SignerService/GetBatchStatus'];

/** Garbage of several kinds: random bytes, other messages, well-typed but absurd contents. */
function garbage(i: number, addr: string): Buffer {
  switch (i % 6) {
    case 0: return randomBytes(i % 300);
    case 1: return Buffer.concat([Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f]), randomBytes(20)]); // length prefix far past the end
    case 2: return Buffer.from(GetBatchStatusRequest.encode({ batchId: 'x'.repeat(i) }).finish());
    case 3: return Buffer.from(PayoutPlan.encode({ network: 'regtest', asOfHeight: '18446744073709551615', batches: [] }).finish());
    case 4: return Buffer.from(SignBatchRequest.encode({
      batchId: randomBytes(8).toString('hex'),
      planHash: randomBytes(32).toString('hex'),
      plan: { network: ['regtest', 'mainnet', '', '\u0000'][i % 4]!, asOfHeight: String(i), batches: [{ batchId: 'b', outputs: [{ address: addr, amountSats: ['-1', '1e9', '00', '99999999999999999999999', ''][i % 5]! }] }] },
    }).finish());
    default: return Buffer.from(SignBatchRequest.encode({ batchId: '\u{1F4A9}'.repeat(i % 50), planHash: '', plan: { network: 'regtest', asOfHeight: '1', batches: Array.from({ length: i % 7 }, () => ({ batchId: '', outputs: [] })) } }).finish());
  }
}

describe('malformed requests', () => {
  let certs: Awaited<ReturnType<typeof makeCerts>>;
  let f: SignerFixture;

  beforeAll(async () => {
    certs = await makeCerts();
    f = await startFixture({ certs: certs.main });
  });
  afterEach(() => f.sim.wallet.assertStakingOnly());
  afterAll(async () => {
    await f?.close();
    await rm(certs.dir, { recursive: true, force: true });
  });

  it(`${REQUESTS} garbage requests do not crash the signer, and it still signs a valid batch afterwards`, async () => {
    const raw = new Client(`127.0.0.1:${f.port}`, credentials.createSsl(readFileSync(certs.main.ca), readFileSync(certs.main.payoutKey), readFileSync(certs.main.payoutCert)));
    const codes = new Map<number, number>();
    const send = (i: number) => new Promise<void>((resolve) => {
      raw.makeUnaryRequest(PATHS[i % 2]!, (b: Buffer) => b, (b: Buffer) => b, garbage(i, f.addr.A), new Metadata(), { deadline: Date.now() + 20_000 },
        (err: ServiceError | null) => {
          const code = err?.code ?? status.OK;
          codes.set(code, (codes.get(code) ?? 0) + 1);
          resolve();
        });
    });
    for (let start = 0; start < REQUESTS; start += IN_FLIGHT) {
      await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, REQUESTS - start) }, (_, k) => send(start + k)));
    }
    raw.close();
    expect([...codes.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS);
    // Answered one by one: refused as bad input (or undecodable), or a harmless UNKNOWN status lookup; never down.
    expect(codes.get(status.UNAVAILABLE)).toBeUndefined();
    expect(codes.get(status.DEADLINE_EXCEEDED)).toBeUndefined();
    expect(codes.get(status.INVALID_ARGUMENT) ?? 0).toBeGreaterThan(REQUESTS / 3);
    // No garbage reached the wallet.
    expect(f.sim.wallet.calls()).toEqual([]);

    const plan = makePlan([[[f.addr.A, 100_000_000n], [f.addr.B, 50_000_000n]]]);
    await expect(signBatch(f.client, plan.request(0))).resolves.toMatchObject({ replayed: false, batchId: plan.batchIds[0] });
  });
});
