import { spawn } from 'node:child_process';

/**
 * V8's old-space limit `ppm` runs with out of the box. V8 sizes its heap from the machine's memory (up to ~1/4 of
 * RAM) and grows it lazily while memory is plentiful: at 10,000 delegates x 20 coins `ppm sync` peaked at 410 MB of
 * RSS for a live set that fits in far less. With this limit V8 collects earlier and the same sync peaks near 240 MB,
 * a few percent slower (bench/RESULTS.md, MEM). The Docker image sets the same value in NODE_OPTIONS.
 */
export const DEFAULT_HEAP_MB = 192;

/** Set in the relaunched process: it never relaunches again. */
export const RELAUNCHED = 'PPM_HEAP_RELAUNCHED';

const HEAP_FLAG = /--max[-_]old[-_]space[-_]size(=|\s|$)/;

/**
 * The node flag `ppm` must be relaunched with, or undefined when it runs as it is: the user chose a limit
 * (--max-old-space-size in NODE_OPTIONS or on node's command line), PPM_HEAP_MB=0 asks for V8's default, or this
 * process is the relaunched one. A PPM_HEAP_MB that is not a whole number is left to the environment check, which
 * reports it.
 */
export function heapFlag(env: NodeJS.ProcessEnv, execArgv: readonly string[]): string | undefined {
  if (env[RELAUNCHED] === '1') return undefined;
  if (HEAP_FLAG.test(env.NODE_OPTIONS ?? '') || execArgv.some((a) => HEAP_FLAG.test(a))) return undefined;
  const raw = env.PPM_HEAP_MB?.trim();
  const mb = raw === undefined || raw === '' ? DEFAULT_HEAP_MB : /^\d+$/.test(raw) ? Number(raw) : undefined;
  if (mb === undefined || mb === 0) return undefined;
  return `--max-old-space-size=${mb}`;
}

/**
 * In the relaunched process: when the launching parent is gone (kill -9 of the pid a supervisor or an operator
 * knows), end at once the same way, as the single process it stands for would have: never run on orphaned beside
 * a restarted ppm. The channel does not keep this process alive.
 */
export function followParent(): void {
  if (process.env[RELAUNCHED] !== '1') return;
  const end = () => process.kill(process.pid, 'SIGKILL');
  if (process.channel) {
    process.channel.unref();
    process.once('disconnect', end);
  }
  // And should the channel's end be missed (the parent killed while this process was still starting): an
  // orphan is handed to another parent.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) end();
  }, 250).unref();
}

/**
 * Runs this same command again in a child node with `flag` (V8 reads its heap limits only at start), stdio shared,
 * and resolves with the exit code to leave with. SIGTERM and SIGHUP are passed on; SIGINT too unless it came from
 * the terminal, which sends it to the child as well (our foreground process group holds both): a second SIGINT
 * would cut the child's graceful stop short.
 */
export function relaunch(flag: string): Promise<number> {
  // The IPC channel tells the child when this process is gone, whatever killed it (see followParent).
  const child = spawn(process.execPath, [...process.execArgv, flag, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...process.env, [RELAUNCHED]: '1' },
  });
  const pass = (signal: NodeJS.Signals) => () => {
    if (signal === 'SIGINT' && process.stdin.isTTY) return;
    child.kill(signal);
  };
  const handlers = (['SIGTERM', 'SIGHUP', 'SIGINT'] as const).map((s) => [s, pass(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  return new Promise((resolve) => {
    child.once('error', (err) => {
      process.stderr.write(`ppm: could not start node with ${flag}: ${err.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      // Killed by a signal: end the same way, so the caller sees what happened.
      if (signal) {
        process.kill(process.pid, signal);
        return;
      }
      resolve(code ?? 1);
    });
  });
}
