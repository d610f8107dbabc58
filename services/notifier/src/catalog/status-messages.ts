import { message, qtum, type Renderer } from './rendered';

type StatusKinds = 'hourly_status' | 'daily_summary' | 'test';

/** "2h 5m" from seconds, for the expected time to the next block. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return 'unknown';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m`;
}

/** Renderers of the status mails and the test mail. */
export const statusRenderers: { readonly [K in StatusKinds]: Renderer<K> } = {
  hourly_status: (p) =>
    message(
      `Status ${p.height}: ${p.staking ? 'staking' : 'NOT staking'}`,
      // Own weight only in the HTML part: four 8-decimal amounts do not fit the SMS budget.
      `Blk ${p.height} bal ${qtum(p.balanceSats)} stk ${qtum(p.stakeSats)} dwt ${qtum(p.delegatedWeightSats)} ${p.delegates} del next ~${duration(p.expectedSecondsToNextBlock)}`,
      [['Height', p.height], ['Staking', p.staking ? 'yes' : 'no'], ['Balance', qtum(p.balanceSats)], ['Stake', qtum(p.stakeSats)],
        ['Own weight', qtum(p.ownWeightSats)], ['Delegated weight', qtum(p.delegatedWeightSats)], ['Delegates', p.delegates],
        ['Expected time to next block', duration(p.expectedSecondsToNextBlock)]],
    ),
  daily_summary: (p) =>
    message(
      `Daily summary ${p.date}`,
      `${p.date}: ${p.poolBlocks} pool + ${p.selfBlocks} self blocks, reward ${qtum(p.rewardSats)}, paid ${qtum(p.paidSats)}, ${p.delegates} delegates`,
      [['Date (UTC)', p.date], ['Pool blocks', p.poolBlocks], ['Self blocks', p.selfBlocks], ['Reward', qtum(p.rewardSats)],
        ['Paid', qtum(p.paidSats)], ['Delegates', p.delegates], ['Owed to delegates', qtum(p.balanceOwedSats)]],
    ),
  test: (p) => message('PPM test mail', `PPM test mail from ${p.requestedBy}${p.note ? `: ${p.note}` : ''}`),
};
