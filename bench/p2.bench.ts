// P2: catch-up of 20,000 blocks containing 500 pool blocks (target < 60 s).
import { benchP2 } from '../services/snapshotter/src/bench/bench-p2';
import { report } from './types';

void benchP2().then((f) => {
  report({ id: 'P2', title: 'catch-up of 20,000 blocks with 500 pool blocks', target: '< 60000 ms',
    figures: { ms: Math.round(f.ms) }, pass: f.ms < 60_000, notes: f.notes });
  process.exit(0);
}, (err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
