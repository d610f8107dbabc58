import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Client, Metadata, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { SignerServiceClient } from '@ppm/proto';
import { callError, getBatchStatus, signBatch } from '../test/grpc-call';
import { makePlan } from '../test/plan-fixture';
import { makeCerts, startFixture, type SignerFixture } from '../test/signer-harness';
import { createSignerClient } from './client';

describe('mutual TLS', () => {
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

  it('writes the development set with private keys readable by the owner only', async () => {
    for (const key of [certs.main.signerKey, certs.main.payoutKey]) expect((await stat(key)).mode & 0o777).toBe(0o600);
    expect(readFileSync(certs.main.ca, 'utf8')).toMatch(/BEGIN CERTIFICATE/);
    // The payout certificate carries the name the signer pins by default (ppm certs writes this set).
    const payout = new X509Certificate(readFileSync(certs.main.payoutCert));
    expect(payout.subject).toMatch(/CN=payout/);
    expect(payout.subjectAltName).toBe('DNS:payout');
  });

  it('serves the payout client and the health service', async () => {
    const res = await getBatchStatus(f.client, 'no-such-batch');
    expect(res.state).toBe(1); // BATCH_SIGNING_STATE_UNKNOWN
    // grpc.health.v1.Health/Check with an empty request: the reply is field 1 (status) = 1 (SERVING).
    const raw = new Client(`127.0.0.1:${f.port}`, credentials.createSsl(readFileSync(certs.main.ca), readFileSync(certs.main.payoutKey), readFileSync(certs.main.payoutCert)));
    const reply = await new Promise<Buffer>((resolve, reject) => {
      raw.makeUnaryRequest('/grpc.health.v1.Health/Check', (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), new Metadata(), { deadline: Date.now() + 5_000 },
        (err, r) => (err || !r ? reject(err ?? new Error('no reply')) : resolve(r)));
    });
    raw.close();
    expect([...reply]).toEqual([0x08, 0x01]);
  });

  it('refuses a client without a certificate', async () => {
    const noCert = new SignerServiceClient(`127.0.0.1:${f.port}`, credentials.createSsl(readFileSync(certs.main.ca)));
    const err: ServiceError = await callError(getBatchStatus(noCert, 'x'));
    noCert.close();
    expect(err.code).toBe(status.UNAVAILABLE);
  });

  it('refuses a client whose certificate comes from another CA', async () => {
    const stranger = createSignerClient(`127.0.0.1:${f.port}`, {
      ca: readFileSync(certs.main.ca), cert: readFileSync(certs.other.payoutCert), key: readFileSync(certs.other.payoutKey),
    });
    const err = await callError(getBatchStatus(stranger, 'x'));
    stranger.close();
    expect(err.code).toBe(status.UNAVAILABLE);
  });

  it('refuses a certificate of the right CA issued to another name than the payout service (pinned identity)', async () => {
    const intruder = certs.main.extra.intruder;
    if (!intruder) throw new Error('no intruder certificate');
    const other = createSignerClient(`127.0.0.1:${f.port}`, { ca: readFileSync(certs.main.ca), cert: readFileSync(intruder.cert), key: readFileSync(intruder.key) });
    const status1 = await callError(getBatchStatus(other, 'x'));
    const sign = await callError(signBatch(other, makePlan([[[f.addr.A, 100_000_000n]]]).request(0)));
    other.close();
    expect(status1.code).toBe(status.UNAUTHENTICATED);
    expect(sign.code).toBe(status.UNAUTHENTICATED);
    expect(sign.details).toMatch(/client certificate \(intruder, intruder\) is not one the signer serves; allowed: payout/);
    expect(f.sim.wallet.calls()).toEqual([]);
    expect(f.logs.lines().some((l) => l.audit === 'refused' && l.peer === 'intruder')).toBe(true);
  });

  it('is not served over plaintext', async () => {
    const plain = new SignerServiceClient(`127.0.0.1:${f.port}`, credentials.createInsecure());
    const err = await callError(getBatchStatus(plain, 'x'));
    plain.close();
    expect(err.code).toBe(status.UNAVAILABLE);
  });
});
