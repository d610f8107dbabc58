#!/usr/bin/env node
import { createInterface } from 'node:readline';
import type { BlockSpec } from './block-factory';
import { startSimulator, type SimHandle } from './simulator';

/**
 * `qtum-sim --scenario FILE --port P [--rpcuser U --rpcpassword P] [--host H] [--control stdin]`: serves a
 * scenario until SIGINT/SIGTERM. With `--control stdin` a parent process drives the chain by lines on stdin:
 * `mine <n> <pool|self|foreign|pow>` answers `ok <tip height>` on stdout (benchmarks run the simulator in its
 * own process this way, as a real qtumd is).
 */
function parseArgs(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      out[a.slice(2)] = v;
      i++;
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const known = new Set(['scenario', 'port', 'host', 'rpcuser', 'rpcpassword', 'control']);
  if (args.control !== undefined && args.control !== 'stdin') throw new Error(`bad --control ${args.control} (only "stdin")`);
  for (const k of Object.keys(args)) if (!known.has(k)) throw new Error(`unknown option --${k}`);
  const port = args.port !== undefined ? Number(args.port) : 13889;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${args.port}`);
  const sim = await startSimulator({
    port,
    ...(args.scenario !== undefined ? { scenario: args.scenario } : {}),
    ...(args.host !== undefined ? { host: args.host } : {}),
    ...(args.rpcuser !== undefined ? { rpcUser: args.rpcuser } : {}),
    ...(args.rpcpassword !== undefined ? { rpcPassword: args.rpcpassword } : {}),
  });
  console.log(`qtum-sim listening on ${sim.url} (tip ${sim.chain.tipHeight}, staker ${sim.wallet.address})`);
  if (args.control === 'stdin') controlFromStdin(sim);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const KINDS = new Set(['pool', 'self', 'foreign', 'pow']);

function controlFromStdin(sim: SimHandle): void {
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [cmd, n, kind] = line.trim().split(/\s+/);
    if (cmd === 'mine' && Number.isInteger(Number(n)) && Number(n) > 0 && KINDS.has(kind ?? '')) {
      sim.chain.mine(Number(n), { kind: kind as BlockSpec['kind'] });
      console.log(`ok ${sim.chain.tipHeight}`);
    } else console.log(`error unknown command: ${line}`);
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
