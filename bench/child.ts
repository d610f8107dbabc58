import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** Runs a package's own benchmark script under tsx and returns its stdout (throws with its output on failure). */
export function runScript(relative: string, args: string[] = []): string {
  const root = path.join(__dirname, '..');
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, relative), ...args], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000,
  });
  process.stderr.write(r.stdout);
  if (r.status !== 0) throw new Error(`${relative} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}
