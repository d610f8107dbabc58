// P1: one pool block with 5,000 delegates x 20 UTXOs, from confirmed to committed (target < 1.5 s).
import { benchP1 } from '../services/snapshotter/src/bench/bench-p1';
import { report } from './types';

void benchP1().then((f) => {
  report({ id: 'P1', title: 'one pool block, 5,000 delegates x 20 UTXOs, confirmed to committed', target: '< 1500 ms',
    figures: { ms: Math.round(f.ms) }, pass: f.ms < 1_500, notes: f.notes });
  process.exit(0);
}, (err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
