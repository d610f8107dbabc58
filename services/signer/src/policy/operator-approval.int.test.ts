import { rm } from 'node:fs/promises';
import { status } from '@grpc/grpc-js';
import { generateOperatorKey, signApproval } from '@ppm/chain';
import type { SignBatchRequest } from '@ppm/proto';
import { callError, signBatch } from '../test/grpc-call';
import { makePlan } from '../test/plan-fixture';
import { makeCerts, startFixture, type SignerFixture } from '../test/signer-harness';

const HOUR_MS = 3_600_000;

describe('manual mode: only an operator-signed approval releases a plan', () => {
  const operator = generateOperatorKey();
  const stranger = generateOperatorKey();
  let certs: Awaited<ReturnType<typeof makeCerts>>;
  let f: SignerFixture;

  beforeAll(async () => { certs = await makeCerts(); });
  beforeEach(async () => {
    f = await startFixture({ certs: certs.main, config: { PPM_PAYOUT_APPROVAL: 'manual', PPM_OPERATOR_PUBKEYS: operator.publicKeyHex } });
  });
  afterEach(async () => {
    try {
      f.sim.wallet.assertStakingOnly();
    } finally {
      await f.close();
    }
  });
  afterAll(async () => { await rm(certs.dir, { recursive: true, force: true }); });

  const approved = (req: SignBatchRequest, pem = operator.privateKeyPem, hash = req.planHash, at = Date.now(), ttl = 48 * HOUR_MS): SignBatchRequest => {
    const a = signApproval(pem, 'regtest', hash, at, at + ttl);
    return { ...req, operatorApproval: { publicKey: a.publicKeyHex, signature: a.signatureHex, approvedAtMs: String(a.approvedAtMs), expiresAtMs: String(a.expiresAtMs) } };
  };

  it('refuses a plan without approval, or approved by another key, for another plan, expired or too long-lived; before any node call', async () => {
    const req = makePlan([[[f.addr.A, 100_000_000n]]]).request(0);
    const cases: [SignBatchRequest, RegExp][] = [
      [req, /carries no operator approval; the operator approves it with `ppm payout approve [0-9a-f]{64}`/],
      [approved(req, stranger.privateKeyPem), /not in PPM_OPERATOR_PUBKEYS/],
      [approved(req, operator.privateKeyPem, 'cd'.repeat(32)), /does not verify/],
      [approved(req, operator.privateKeyPem, req.planHash, Date.now() - 49 * HOUR_MS), /expired at/],
      [approved(req, operator.privateKeyPem, req.planHash, Date.now(), 49 * HOUR_MS), /lives longer than PPM_PAYOUT_APPROVAL_TTL/],
    ];
    for (const [r, why] of cases) {
      const err = await callError(signBatch(f.client, r));
      expect(err.code).toBe(status.PERMISSION_DENIED);
      expect(err.details).toMatch(why);
    }
    expect(f.nodeCalls).toEqual([]);
    expect(f.sim.wallet.calls()).toEqual([]);
  });

  it('signs a plan the operator approved', async () => {
    const req = makePlan([[[f.addr.A, 100_000_000n]], [[f.addr.B, 100_000_000n]]]);
    await expect(signBatch(f.client, approved(req.request(0)))).resolves.toMatchObject({ replayed: false });
    await expect(signBatch(f.client, approved(req.request(1)))).resolves.toMatchObject({ replayed: false });
  });

  it('in manual mode without operator keys, signs nothing', async () => {
    await f.close();
    f = await startFixture({ certs: certs.main, config: { PPM_PAYOUT_APPROVAL: 'manual', PPM_OPERATOR_PUBKEYS: undefined } });
    const err = await callError(signBatch(f.client, approved(makePlan([[[f.addr.A, 100_000_000n]]]).request(0))));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toMatch(/no PPM_OPERATOR_PUBKEYS/);
  });
});
