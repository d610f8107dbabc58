import { openApiFixture, type ApiFixture } from '../test/api-fixture';
import { B, H100, H102, H104, TX1, UNKNOWN } from '../test/seed';
import { availableBackends } from '../test/test-db';

// Expected figures written out by hand from the seed (src/test/seed.ts): B holds 1,000 QTUM in every snapshot;
// pool weights 4,000 / 4,000 / 5,000 QTUM; rewards 4 / 3 / 2 QTUM; B's shares 1.00, 0.7425 and 0.40 QTUM; the
// reorged-away block 104 and the not-yet-applied 105 are not in a statement; one payout of 1.7425 QTUM.
const block100 = { height: 100, blockHash: H100, date: '2026-11-28T10:00:00Z', weightSats: '100000000000', poolWeightSats: '400000000000', sharedPoolWeightSats: '400000000000', poolFeeBps: null, rewardSats: '400000000', shareSats: '100000000', rules: '', rulesApplied: '' };
const block102 = { height: 102, blockHash: H102, date: '2026-11-29T09:00:00Z', weightSats: '100000000000', poolWeightSats: '400000000000', sharedPoolWeightSats: '400000000000', poolFeeBps: null, rewardSats: '300000000', shareSats: '74250000', rules: '', rulesApplied: '' };
const block104 = { height: 104, blockHash: H104, date: '2026-11-29T15:01:00Z', weightSats: '100000000000', poolWeightSats: '500000000000', sharedPoolWeightSats: '500000000000', poolFeeBps: null, rewardSats: '200000000', shareSats: '40000000', rules: '', rulesApplied: '' };
const payout1 = { date: '2026-11-30T00:00:00Z', amountSats: '174250000', txid: TX1, state: 'paid', confirmations: 6 };

describe.each(availableBackends())('delegate statement on %s', (backend) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await openApiFixture(backend);
  });
  afterAll(async () => {
    await f?.close();
  });

  test('JSON: per block weight, pool weight, reward, share; payouts; totals', async () => {
    const all = await f.get(`/v1/delegates/${B}/statement?from=2026-11-28&to=2026-11-30`);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      address: B, from: '2026-11-28', to: '2026-11-30', blocks: [block100, block102, block104], payouts: [payout1],
      totals: { sharesSats: '214250000', paidSats: '174250000' },
    });
    const day = await f.get(`/v1/delegates/${B}/statement?from=2026-11-29&to=2026-11-29`);
    expect(day.body).toEqual({
      address: B, from: '2026-11-29', to: '2026-11-29', blocks: [block102, block104], payouts: [],
      totals: { sharesSats: '114250000', paidSats: '0' },
    });
  });

  test('CSV download: one block line per pool block and one payout line per output', async () => {
    const res = await f.get(`/v1/delegates/${B}/statement?from=2026-11-29&to=2026-11-30&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="statement-${B}-2026-11-29-2026-11-30.csv"`);
    expect(res.text).toBe([
      'type,date,height,block_hash,weight,pool_weight,reward,share,rules,rules_applied,txid,amount,state,confirmations,shared_pool_weight,pool_fee_bps',
      `block,2026-11-29T09:00:00Z,102,${H102},100000000000,400000000000,300000000,74250000,,,,,,,400000000000,`,
      `block,2026-11-29T15:01:00Z,104,${H104},100000000000,500000000000,200000000,40000000,,,,,,,500000000000,`,
      `payout,2026-11-30T00:00:00Z,,,,,,,,,${TX1},174250000,paid,6,,`,
      '',
    ].join('\n'));
  });

  test('bad parameters are 400 with the reason, never 500; an unknown address has an empty statement', async () => {
    const cases: [string, RegExp][] = [
      [`/v1/delegates/${B}/statement?from=2026-11-30&to=2026-11-28`, /before from/],
      [`/v1/delegates/${B}/statement?from=2026-02-30&to=2026-03-01`, /from must be a date/],
      [`/v1/delegates/${B}/statement?from=2026-11-28`, /to/],
      [`/v1/delegates/${B}/statement?from=x&to=2026-11-28`, /from/],
      [`/v1/delegates/${B}/statement?from=2026-11-28&to=2026-11-29&format=xml`, /format/],
      [`/v1/delegates/qXYZ/statement?from=2026-11-28&to=2026-11-29`, /not a valid regtest address/],
      [`/v1/delegates/${B}/statement?from=1900-01-01&to=2026-11-29`, /at most/],
    ];
    for (const [url, message] of cases) {
      const res = await f.get<{ message: string }>(url);
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.message).toMatch(message);
    }
    const unknown = await f.get(`/v1/delegates/${UNKNOWN}/statement?from=2026-11-28&to=2026-11-30`);
    expect(unknown.body).toMatchObject({ blocks: [], payouts: [], totals: { sharesSats: '0', paidSats: '0' } });
  });

  test('rules applied: the block_rule_effects of the block\'s application, in JSON and CSV', async () => {
    // As accrual records them (migration 302): the application's terms row, then B's fee override at 102.
    await f.testDb.db.query(`INSERT INTO block_applications (block_hash, height, last_entry_id, application, pool_fee_bps) VALUES ($1, 102, 0, 1, 100)`, [H102]);
    await f.testDb.db.query(
      `INSERT INTO block_rule_effects (block_hash, application, address, rule, weight_sats, amount_sats, fee_bps) VALUES ($1, 1, $2, 'fee_override', 100000000000, 750000, 0)`,
      [H102, B]);
    const res = await f.get<{ blocks: { height: number; rulesApplied: string; poolFeeBps: number | null }[] }>(`/v1/delegates/${B}/statement?from=2026-11-28&to=2026-11-30`);
    expect(res.body.blocks.map((b) => [b.height, b.rulesApplied, b.poolFeeBps])).toEqual([[100, '', null], [102, 'fee_override 0bps +750000', 100], [104, '', null]]);
    const csv = await f.get(`/v1/delegates/${B}/statement?from=2026-11-29&to=2026-11-29&format=csv`);
    expect(csv.text).toContain(`block,2026-11-29T09:00:00Z,102,${H102},100000000000,400000000000,300000000,74250000,,fee_override 0bps +750000,,,,`);
  });
});
