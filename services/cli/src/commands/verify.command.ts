import type { Command } from 'commander';
import { AddressError } from '@ppm/chain';
import { chainEnv, loadConfig } from '@ppm/config';
import { snapshotterEnv } from '@ppm/snapshotter';
import { CliError, printJson, say } from '../output';
import { verifyPayout } from '../verify/verify-payout';
import { verifyShare } from '../verify/verify-share';
import type { ContextFactory } from './index';
import { heightArg } from './parse-args';

const TXID = /^[0-9a-f]{64}$/;

/**
 * `ppm verify payout TXID ADDRESS` and `ppm verify share HEIGHT ADDRESS` (docs/provable-payouts.md): check a
 * payout's Merkle commitment and a block share against the node. Exit 0 when every check passes, 1 otherwise.
 */
export function registerVerifyCommands(program: Command, ctx: ContextFactory): void {
  const verify = program.command('verify').description('check payouts and shares against the node (provable payouts)');

  verify
    .command('payout <txid> <address>')
    .description("the tx's OP_RETURN root, the plan's Merkle tree and the delegate's leaf and proof")
    .option('--json', 'print JSON')
    .action(async (txid: string, address: string, opts: { json?: boolean }) => {
      if (!TXID.test(txid)) throw new CliError('TXID must be 64 lowercase hex characters');
      const c = ctx();
      const config = loadConfig({ ...snapshotterEnv }, c.env);
      const result = await withAddress(async () => verifyPayout(await c.db(), c.rpc(config), config.PPM_NETWORK, txid, address, config.PPM_STAKER_ADDRESS));
      report(result, opts.json, `payout ${txid} to ${address}`);
    });

  verify
    .command('share <height> <address>')
    .description("recompute a delegate's weight and share of a pool block from the node alone, compare with the ledger")
    .option('--json', 'print JSON')
    .action(async (heightText: string, address: string, opts: { json?: boolean }) => {
      const height = heightArg(heightText);
      const c = ctx();
      const config = loadConfig({ ...snapshotterEnv, PPM_POOL_FEE_BPS: chainEnv.PPM_POOL_FEE_BPS }, c.env);
      const result = await withAddress(async () => verifyShare(await c.db(), c.rpc(config), config, config.PPM_POOL_FEE_BPS, height, address, c.log));
      report(result, opts.json, `share of ${address} at ${height}`);
    });
}

async function withAddress<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AddressError) throw new CliError(err.message);
    throw err;
  }
}

function report(result: { ok: boolean; checks: readonly string[] }, json: boolean | undefined, what: string): void {
  if (json) printJson(result);
  else {
    for (const line of result.checks) say(line);
    say(result.ok ? `verified: ${what}` : `NOT verified: ${what}`);
  }
  if (!result.ok) throw new CliError(`verification failed: ${what}`, 1);
}
