import { createHash } from 'node:crypto';
import { rootFromProof, type MerkleStep } from '@ppm/chain';
import { openApiFixture, type ApiFixture } from '../test/api-fixture';
import { A, B, C, E, H102, H104, PLAN1, PLAN2, TX1, TX2, UNKNOWN } from '../test/seed';
import { availableBackends } from '../test/test-db';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
/** Leaf by hand (docs/provable-payouts.md): 0x00 0x01, version byte 0x78 (regtest), hash160, u64 BE amount. */
function handLeaf(hash160Hex: string, amount: bigint): Buffer {
  const a = Buffer.alloc(8);
  a.writeBigUInt64BE(amount);
  return sha(Buffer.from([0x00, 0x01, 0x78]), Buffer.from(hash160Hex, 'hex'), a);
}
// Seed: plan 1 pays A (hash160 11..) 522,750,000 and B (22..) 174,250,000 in one tx; plan 2 pays A 120,000,000.
const LEAF_A1 = handLeaf('11'.repeat(20), 522_750_000n);
const LEAF_B1 = handLeaf('22'.repeat(20), 174_250_000n);
const [LO, HI] = [LEAF_A1, LEAF_B1].sort(Buffer.compare) as [Buffer, Buffer];
const ROOT1 = sha(Buffer.from([0x01]), LO, HI).toString('hex');

interface ProofBody {
  root: string; leaf: { address: string; amountSats: string; leafHash: string }; steps: MerkleStep[]; txid: string;
  commitment: { tag: string; opReturnScriptHex: string }; state: string;
}

describe.each(availableBackends())('provable payout routes on %s', (backend) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await openApiFixture(backend);
  });
  afterAll(async () => {
    await f?.close();
  });

  test('GET /v1/payouts/plans/:hash/tree: the hand-computed root, leaves in tree order, the txs', async () => {
    const { status, body } = await f.get(`/v1/payouts/plans/${PLAN1}/tree`);
    expect(status).toBe(200);
    expect(body).toEqual({
      planHash: PLAN1,
      network: 'regtest',
      root: ROOT1,
      commitment: { tag: 'PPM1', leafVersion: 1, opReturnScriptHex: `6a2450504d31${ROOT1}` },
      leaves: [LEAF_A1, LEAF_B1].sort(Buffer.compare).map((l) => (l.equals(LEAF_A1)
        ? { address: A, amountSats: '522750000', leafHash: l.toString('hex') }
        : { address: B, amountSats: '174250000', leafHash: l.toString('hex') })),
      transactions: [{ batchIndex: 0, txid: TX1, state: 'paid' }],
    });
  });

  test('GET /v1/payouts/plans/:hash/proof/:address: a proof that verifies; a tampered leaf does not', async () => {
    const { status, body } = await f.get<ProofBody>(`/v1/payouts/plans/${PLAN1}/proof/${B}`);
    expect(status).toBe(200);
    expect(body.leaf).toEqual({ address: B, amountSats: '174250000', leafHash: LEAF_B1.toString('hex') });
    expect(body.steps).toEqual([{ side: LEAF_B1.equals(LO) ? 'right' : 'left', hash: LEAF_A1.toString('hex') }]);
    expect(body.txid).toBe(TX1);
    expect(rootFromProof(LEAF_B1.toString('hex'), body.steps)).toBe(body.root);
    // One satoshi more in the leaf: another root.
    expect(rootFromProof(handLeaf('22'.repeat(20), 174_250_001n).toString('hex'), body.steps)).not.toBe(body.root);

    const single = await f.get<ProofBody>(`/v1/payouts/plans/${PLAN2}/proof/${A}`);
    expect(single.body.root).toBe(handLeaf('11'.repeat(20), 120_000_000n).toString('hex'));
    expect(single.body.steps).toEqual([]);
    expect(single.body.txid).toBe(TX2);
    expect(single.body.state).toBe('broadcast');
  });

  test('bad input is 400, unknown plan or payee 404', async () => {
    expect((await f.get(`/v1/payouts/plans/nothex/tree`)).status).toBe(400);
    expect((await f.get(`/v1/payouts/plans/${PLAN1}/proof/qXYZ`)).status).toBe(400);
    expect((await f.get(`/v1/payouts/plans/${'0'.repeat(64)}/tree`)).status).toBe(404);
    const notPaid = await f.get(`/v1/payouts/plans/${PLAN2}/proof/${B}`);
    expect(notPaid.status).toBe(404);
    expect(notPaid.body.message).toBe(`payout plan ${PLAN2} does not pay ${B}`);
    expect((await f.get(`/v1/payouts/plans/${PLAN1}/proof/${UNKNOWN}`)).status).toBe(404);
  });

  test('GET /v1/blocks/:height/snapshot: weights, net shares after the reorg, pool fee and the content hash', async () => {
    const { status, body } = await f.get(`/v1/blocks/104/snapshot`);
    expect(status).toBe(200);
    expect(body).toEqual({
      height: 104,
      blockHash: H104,
      contentHash: createHash('sha256').update(`snapshot-${H104}`).digest('hex'),
      content: null,
      rewardSats: '200000000',
      poolWeightSats: '500000000000',
      poolFeeSats: '0',
      delegates: [
        { address: A, fee: 100, weightSats: '300000000000', shareSats: '120000000' },
        { address: B, fee: 100, weightSats: '100000000000', shareSats: '40000000' },
        { address: C, fee: 100, weightSats: '100000000000', shareSats: '40000000' },
        { address: E, fee: 100, weightSats: '0', shareSats: '0' },
      ].sort((x, y) => (x.address < y.address ? -1 : 1)),
    });
    const b102 = await f.get<{ blockHash: string; poolFeeSats: string }>(`/v1/blocks/102/snapshot`);
    expect(b102.body).toMatchObject({ blockHash: H102, poolFeeSats: '3000000' });
    expect((await f.get(`/v1/blocks/101/snapshot`)).status).toBe(404);
    expect((await f.get(`/v1/blocks/-1/snapshot`)).status).toBe(400);
    expect((await f.get(`/v1/blocks/99999999999/snapshot`)).status).toBe(400);
  });
});
