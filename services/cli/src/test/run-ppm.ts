import { spawn } from 'node:child_process';
import path from 'node:path';

/** The built CLI the integration tests run, as an operator would (`npm run build` first; turbo's test task does). */
export const PPM_MAIN = path.resolve(__dirname, '../../dist/main.js');

/** One finished `ppm` run. */
export interface PpmRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `ppm args` in a child process with only PATH and `env` set; resolves when it exits. */
export function runPpm(args: string[], env: Record<string, string>): Promise<PpmRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PPM_MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
