import type { PayoutRules } from '../rules/payout-rules';
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

  it('with rules: redirected (to B), excluded, fee-split recipients; a redirect target paid twice goes to another batch', () => {
    const rules: PayoutRules = {
      version: 'v',
      redirects: new Map([['qA', { to: 'qB', signature: 'sigA' }], ['qC', { to: 'qZ', signature: 'sigC' }]]),
      poolFeeSplit: [{ address: 'qX', bps: 7000 }, { address: 'qY', bps: 3000 }],
      excluded: new Map([['qE', "operator's own coins"], ['qF', '']]),
    };
    const balances = [
      { address: 'qA', balanceSats: 250_000n }, { address: 'qB', balanceSats: 120_000n }, { address: 'qC', balanceSats: 99_999n },
      { address: 'qD', balanceSats: 0n }, { address: 'qF', balanceSats: 300_000n }, { address: 'qX', balanceSats: 700_001n },
      { address: 'qY', balanceSats: 50_000n },
    ];
    const plan = buildPlan(balances, 10, { ...settings, PPM_MAX_OUTPUTS_PER_TX: 2, rules });
    // Round 0 (first output to each address, in delegate order): qA->qB, qF, qX; round 1: qB for itself.
    expect(plan.content.batches).toEqual([
      [{ address: 'qA', amountSats: 250_000n, paidTo: 'qB', redirectSignature: 'sigA' }, { address: 'qF', amountSats: 300_000n }],
      [{ address: 'qX', amountSats: 700_001n }],
      [{ address: 'qB', amountSats: 120_000n }],
    ]);
    expect(planListingCsv(planListing(plan, balances, settings.PPM_MIN_PAYOUT_SATS, rules))).toBe([
      'address,balance,amount,status,reason,batch',
      "qA,250000,250000,redirected,paid to qB under qA's signed redirect,0",
      'qB,120000,120000,paid,,2',
      'qC,99999,0,carried,balance below the minimum payout of 100000 sat; redirected to qZ when paid,',
      'qD,0,0,nothing,no balance,',
      "qE,0,0,excluded,excluded by the rules file (never credited): operator's own coins,",
      'qF,300000,300000,paid,excluded by the rules file (no new credits; the balance is from before),0',
      'qX,700001,700001,paid,pool-fee split recipient (7000 bps),1',
      'qY,50000,0,carried,balance below the minimum payout of 100000 sat; pool-fee split recipient (3000 bps),',
      '',
    ].join('\n'));
  });
});
