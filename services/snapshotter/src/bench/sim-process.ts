import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Scenario } from '@ppm/qtum-sim';

/** The qtumd simulator running in its OWN process (as a real qtumd does), driven over stdin. */
export interface SimProcess {
  readonly url: string;
  readonly staker: string;
  /** Tip height after the scenario's build. */
  readonly startTip: number;
  /** Mines `n` blocks of `kind` in the simulator process; resolves with the new tip height. */
  mine(n: number, kind: 'pool' | 'self' | 'foreign' | 'pow'): Promise<number>;
  /** Peak RSS of the simulator process is not ours: its pid, for whoever wants to look. */
  readonly pid: number;
  close(): Promise<void>;
}

const BIN = path.join(__dirname, '..', '..', '..', '..', 'libs', 'qtum-sim', 'dist', 'bin.js');

/** Writes the scenario to a temporary file and starts `qtum-sim --control stdin` on a free port. */
export async function startSimProcess(scenario: Scenario): Promise<SimProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ppm-bench-sim-'));
  const file = path.join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  // PPM_BENCH_SIM_PROFILE=<dir>: a CPU profile of the simulator process (written when it stops), to tell its
  // share of a figure from PPM's.
  const prof = process.env.PPM_BENCH_SIM_PROFILE;
  const profArgs = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profArgs, '--max-old-space-size=4096', BIN, '--scenario', file, '--port', '0', '--control', 'stdin'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (l) => waiting.shift()?.(l));
  const next = () => new Promise<string>((resolve, reject) => {
    waiting.push(resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
  });
  const first = await next();
  const m = /listening on (\S+) \(tip (\d+), staker (\S+)\)/.exec(first);
  if (!m) throw new Error(`simulator said: ${first}`);
  let queue: Promise<unknown> = Promise.resolve();
  return {
    url: m[1]!, startTip: Number(m[2]), staker: m[3]!, pid: child.pid!,
    mine(n, kind) {
      const run = queue.then(async () => {
        const reply = next();
        child.stdin!.write(`mine ${n} ${kind}\n`);
        const r = await reply;
        if (!r.startsWith('ok ')) throw new Error(`simulator: ${r}`);
        return Number(r.slice(3));
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
