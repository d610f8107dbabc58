import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
/**
 * `ppm` as a user runs it (`npx ppm`, node_modules/.bin/ppm): the committed launcher, which runs the built CLI
 * (`npm run bench` builds nothing: run `npx turbo run build` first) with its out-of-the-box heap limit.
 */
export const PPM_BIN = path.join(ROOT, 'services', 'cli', 'bin', 'ppm.js');

/** Resident set of a process and of all its descendants, in kB (0 once gone). */
function treeRssKb(pid: number): number {
  try {
    const own = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return own + kids.reduce((sum, k) => sum + treeRssKb(Number(k)), 0);
  } catch {
    return 0;
  }
}

/** What `/usr/bin/time -v` says about a finished process. */
export interface Measured {
  readonly code: number | null;
  readonly ms: number;
  /** Largest single process of the tree (`/usr/bin/time -v`'s maximum resident set size). */
  readonly peakRssMb: number;
  /**
   * Largest sum of the resident sets of every process of the tree at once (sampled every 50 ms): with ppm's
   * relaunch (services/cli/src/heap-limit.ts) the waiting parent node counts too.
   */
  readonly treeRssMb: number;
  readonly stderrTail: string;
}

/**
 * Runs `node <script> ...args` under `/usr/bin/time -v` (peak RSS of the whole process, as an operator measures
 * it). `until`, when given, is polled every 250 ms and the process gets SIGTERM once it holds (for `ppm run`).
 */
export function measureNode(script: string, args: string[], env: Record<string, string>, until?: () => Promise<boolean>): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-v', process.execPath, script, ...args], {
      cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr = (stderr + c.toString()).slice(-20_000); });
    child.once('error', reject);
    let treeKb = 0;
    const sampler = setInterval(() => {
      const kids = (() => {
        try {
          return readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
        } catch {
          return [];
        }
      })();
      // The tree under /usr/bin/time, without time itself.
      treeKb = Math.max(treeKb, kids.reduce((sum, k) => sum + treeRssKb(Number(k)), 0));
    }, 50);
    let timer: NodeJS.Timeout | undefined;
    let stopping = false;
    if (until) {
      timer = setInterval(() => {
        if (stopping) return;
        void until().then((done) => {
          if (done && !stopping) {
            stopping = true;
            // /usr/bin/time passes no signal on: stop its only child, the node process we started, by its id.
            const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
            for (const pid of kids) process.kill(Number(pid), 'SIGTERM');
          }
        }, () => undefined);
      }, 250);
    }
    child.once('exit', (code) => {
      if (timer) clearInterval(timer);
      clearInterval(sampler);
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({ code, ms: performance.now() - started, peakRssMb: m ? Math.round(Number(m[1]) / 1024) : -1,
        treeRssMb: Math.round(treeKb / 1024), stderrTail: stderr.slice(-1500) });
    });
  });
}
