import { rm } from 'node:fs/promises';
import path from 'node:path';
import { makePlan } from '../test/plan-fixture';
import { signBatch } from '../test/grpc-call';
import { makeCerts, startFixture, type SignerFixture } from '../test/signer-harness';

describe('one signer per wallet', () => {
  let certs: Awaited<ReturnType<typeof makeCerts>>;
  let f: SignerFixture;
  beforeAll(async () => {
    certs = await makeCerts();
    f = await startFixture({ certs: certs.main });
  });
  afterAll(async () => {
    await f?.close();
    await rm(certs.dir, { recursive: true, force: true });
  });

  it('a second signer on the same journal refuses to start with a clear message; the first keeps signing', async () => {
    const dataDir = path.dirname(f.journalFile);
    await expect(startFixture({ certs: certs.main, sim: f.sim, dataDir }))
      .rejects.toThrow(/another signer holds the journal .*only one signer may sign for a wallet/);
    await expect(signBatch(f.client, makePlan([[[f.addr.A, 100_000_000n]]]).request(0))).resolves.toMatchObject({ replayed: false });
    // Once the first one stopped, a new one starts on the same journal.
    await f.stopSigner();
    const g = await startFixture({ certs: certs.main, sim: f.sim, dataDir });
    await g.stopSigner();
  });
});
