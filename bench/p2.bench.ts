// P2: catch-up of 20,000 blocks with 500 pool blocks and a delegate coin transfer every 5 blocks (target < 90 s),
// and the same at 40,000 blocks / 1,000 pool blocks (target <= 2.2x the 20,000-block time: linear).
import { benchP2 } from '../services/snapshotter/src/bench/bench-p2';
import { report } from './types';

void (async () => {
  const small = await benchP2(20_000, 500, 5);
  const large = await benchP2(40_000, 1_000, 5);
  const ratio = large.ms / small.ms;
  report({
    id: 'P2', title: 'catch-up of 20,000 blocks / 500 pool blocks, a delegate transfer every 5 blocks; then 40,000 / 1,000',
    target: '< 90000 ms; 40k <= 2.2x 20k',
    figures: { ms20k: Math.round(small.ms), ms40k: Math.round(large.ms), ratio: Math.round(ratio * 100) / 100 },
    pass: small.ms < 90_000 && ratio <= 2.2, notes: `20k: ${small.notes}. 40k: ${large.notes}`,
  });
  process.exit(0);
})().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
