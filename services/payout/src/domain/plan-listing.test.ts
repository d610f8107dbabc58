import { buildPlan } from './plan';
import { planListing, planListingCsv } from './plan-listing';

const settings = { PPM_NETWORK: 'regtest' as const, PPM_MIN_PAYOUT_SATS: 100_000n, PPM_MAX_OUTPUTS_PER_TX: 1 };

describe('dry-run listing', () => {
  it('lists every delegate: paid with its batch, carried below the minimum, nothing for zero or negative', () => {
    const balances = [
      { address: 'qD', balanceSats: 0n }, { address: 'qB', balanceSats: 99_999n }, { address: 'qA', balanceSats: 250_000n },
      { address: 'qE', balanceSats: -5n }, { address: 'qC', balanceSats: 100_000n },
    ];
    const plan = buildPlan(balances, 10, settings);
    const rows = planListing(plan, balances, settings.PPM_MIN_PAYOUT_SATS);
    expect(planListingCsv(rows)).toBe([
      'address,balance,amount,status,reason,batch',
      'qA,250000,250000,paid,,0',
      'qB,99999,0,carried,balance below the minimum payout of 100000 sat,',
      'qC,100000,100000,paid,,1',
      'qD,0,0,nothing,no balance,',
      'qE,-5,0,nothing,negative balance (a reorg took back a credit already paid),',
      '',
    ].join('\n'));
  });
});
