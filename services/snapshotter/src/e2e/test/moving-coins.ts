import type { Scenario, TimelineEvent } from '@ppm/qtum-sim';

/** First and last pool heights of {@link movingCoinsScenario}; START is where the pipeline starts. */
export const MOVING = { START: 5195, FIRST_POOL: 5201, EVERY: 12, POOLS: 200 } as const;

/**
 * Coins move between EVERY two pool blocks: delegate to delegate, to the miner, small (below the 100 QTUM
 * minimum) and large amounts, fresh funding; the range is longer than the maturity (2,000), so coins created by
 * the transfers early in the run become mature and count at the later pool blocks.
 */
export function movingCoinsScenario(): Scenario {
  const timeline: TimelineEvent[] = [];
  const amounts = ['150', '40.5', '1200', '99.99999999', '100', '333.33333333'];
  for (let i = 0; i < MOVING.POOLS; i++) {
    const at = MOVING.FIRST_POOL + i * MOVING.EVERY;
    timeline.push({ at, do: 'pool' });
    const between = at + 1 + (i % (MOVING.EVERY - 2));
    const from = `d${i % 30}`;
    if (i % 7 === 3) timeline.push({ at: between, do: 'transfer', from, to: 'M', amount: amounts[i % amounts.length]! });
    else if (i % 11 === 5) timeline.push({ at: between, do: 'fund', to: from, amounts: ['250', '80'] });
    else timeline.push({ at: between, do: 'transfer', from, to: `d${(i * 7 + 3) % 30}`, amount: amounts[i % amounts.length]! });
  }
  const last = MOVING.FIRST_POOL + (MOVING.POOLS - 1) * MOVING.EVERY;
  timeline.push({ at: last + 10, do: 'pow' });
  return { seed: 'e2e-moving', delegates: { count: 30, utxosPerDelegate: 8, belowMinShare: 0.1, lowFeeShare: 0.1 }, timeline };
}
