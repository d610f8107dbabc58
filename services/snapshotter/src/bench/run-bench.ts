import { benchP1, type BenchFigures } from './bench-p1';
import { benchP2 } from './bench-p2';

/** `npx tsx services/snapshotter/src/bench/run-bench.ts [p1|p2|all]`: prints ms and peak RSS per benchmark. */
async function main(which: string): Promise<void> {
  const runs: (() => Promise<BenchFigures>)[] = [];
  if (which === 'p1' || which === 'all') runs.push(() => benchP1());
  if (which === 'p2' || which === 'all') runs.push(() => benchP2());
  for (const run of runs) {
    const f = await run();
    const verdict = f.ms <= f.targetMs ? 'within' : 'OVER';
    process.stdout.write(`${f.name}: ${Math.round(f.ms)} ms (${verdict} target ${f.targetMs} ms), peak RSS ${f.peakRssMb} MB\n  ${f.notes}\n`);
  }
}

main(process.argv[2] ?? 'all').then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
