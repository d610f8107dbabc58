#!/usr/bin/env node
import { startSimulator } from './simulator';

/** `qtum-sim --scenario FILE --port P [--rpcuser U --rpcpassword P] [--host H]`: serves a scenario until SIGINT/SIGTERM. */
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
  const known = new Set(['scenario', 'port', 'host', 'rpcuser', 'rpcpassword']);
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
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
