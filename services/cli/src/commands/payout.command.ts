import type { Command } from 'commander';
import { hashArg } from './parse-args';
import { formatQtum } from '@ppm/chain';
import { chainEnv, loadConfig, payoutEnv } from '@ppm/config';
import { PlanChangedError, approvePlan, listPayouts, loadPayoutConfig, openSignerClient, payoutPlanJson, runPayout } from '@ppm/payout';
import { runService } from '@ppm/service-host';
import { signerOverrides } from '../compose';
import { CliError, printJson, say } from '../output';
import type { ContextFactory } from './index';
import { SERVICES } from './services.command';

const planSettings = { PPM_NETWORK: chainEnv.PPM_NETWORK, PPM_MIN_PAYOUT_SATS: payoutEnv.PPM_MIN_PAYOUT_SATS, PPM_MAX_OUTPUTS_PER_TX: payoutEnv.PPM_MAX_OUTPUTS_PER_TX };
const HASH = /^[0-9a-f]{64}$/;

function checkHash(hash: string): string {
  if (!HASH.test(hash)) throw new CliError(`not a plan hash: ${hash} (expected 64 lowercase hex characters, as printed by \`ppm payout plan\`)`);
  return hash;
}

/** `ppm payout plan|approve|run` and `ppm payouts`. */
export function registerPayoutCommands(program: Command, ctx: ContextFactory): void {
  const payout = program
    .command('payout')
    .description('run the payout service alone (no subcommand), or plan, approve and run a payout now')
    .action(async () => {
      const svc = SERVICES.payout;
      if (!svc) throw new CliError('payout service missing');
      const code = await runService({ name: 'payout', start: svc.start });
      if (code !== 0) throw new CliError(`payout stopped (exit ${code})`, code);
    });

  payout
    .command('plan')
    .description('dry run: the plan as of now (hash, batches, fees); changes nothing')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const c = ctx();
      const plan = await payoutPlanJson(await c.db(), loadConfig(planSettings, c.env));
      if (opts.json) return printJson(plan);
      if (plan.batches.length === 0) return say(`nothing to pay: no balance reaches PPM_MIN_PAYOUT_SATS (${formatQtum(BigInt(plan.minPayoutSats))} QTUM)`);
      say(`plan ${plan.planHash}`);
      say(`  pays ${plan.delegatesPaid} delegates ${formatQtum(BigInt(plan.totalSats))} QTUM in ${plan.batches.length} transaction(s), estimated fee ${formatQtum(BigInt(plan.estimatedFeeSats))} QTUM`);
      say(`  carries over ${plan.delegatesCarried} balances (${formatQtum(BigInt(plan.carriedSats))} QTUM) below the minimum`);
      say(`approve exactly this plan with: ppm payout approve ${plan.planHash}`);
    });

  payout
    .command('approve')
    .description('release exactly the plan with this hash (refused if balances changed since: approve the new plan)')
    .argument('<hash>', 'plan hash from `ppm payout plan`', hashArg)
    .option('--json', 'print JSON')
    .action(async (hash: string, opts: { json?: boolean }) => {
      const c = ctx();
      try {
        const r = await approvePlan(await c.db(), loadConfig(planSettings, c.env), checkHash(hash));
        if (opts.json) return printJson(r);
        say(`plan ${r.planHash}: ${r.status}. The payout service executes it (or run \`ppm payout run\`).`);
      } catch (err) {
        if (err instanceof PlanChangedError) throw new CliError(err.message);
        throw err;
      }
    });

  payout
    .command('run')
    .description('plan and execute now (the signer at PPM_SIGNER_URL, or in this process); exits when every batch is broadcast')
    .option('--approve <hash>', 'approve this plan hash first (manual approval)', hashArg)
    .option('--json', 'print JSON')
    .action(async (opts: { approve?: string; json?: boolean }) => {
      const service = ctx();
      try {
        const signer = await signerOverrides(service);
        if (!signer) throw new CliError('no signer: set PPM_SIGNER_URL (with PPM_TLS_CA/CERT/KEY), or PPM_WALLET_PASSPHRASE_FILE to sign in this process');
        if (signer.hosted) service.shutdown.add('signer', () => signer.hosted?.stop());
        const config = loadPayoutConfig({ ...service.env, ...signer.overrides });
        const client = await openSignerClient(config);
        service.shutdown.add('signer client', () => client.close());
        const result = await runPayout(
          { db: await service.db(), rpc: service.rpc(config), signer: client, log: service.log },
          config,
          opts.approve ? { approveHash: checkHash(opts.approve) } : {},
        );
        if (opts.json) return printJson(result);
        if (result.status === 'nothing') return say('nothing to pay: no balance reaches the minimum');
        if (result.status === 'waiting_approval') return say(`plan ${result.planHash} waits for approval: ppm payout run --approve ${result.planHash}`);
        say(`plan ${result.planHash}: ${result.status}`);
        for (const b of result.batches) say(`  batch ${b.batchId}: ${b.state}, ${b.outputCount} outputs, ${formatQtum(BigInt(b.totalSats))} QTUM, txid ${b.txid ?? '-'}`);
      } catch (err) {
        if (err instanceof PlanChangedError) throw new CliError(err.message);
        throw err;
      }
    });

  program
    .command('payouts')
    .description('payout batches: plan hash, state, txid, outputs, confirmations')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const c = ctx();
      const rpc = c.env.QTUM_RPC_URL
        ? c.rpc(loadConfig({ QTUM_RPC_URL: chainEnv.QTUM_RPC_URL, PPM_QTUM_WALLET: chainEnv.PPM_QTUM_WALLET, PPM_RPC_TIMEOUT_MS: chainEnv.PPM_RPC_TIMEOUT_MS }, c.env))
        : undefined;
      const rows = await listPayouts(await c.db(), rpc);
      if (opts.json) return printJson(rows);
      for (const r of rows) say(`${r.batchId} ${r.state} ${r.txid ?? '-'} ${r.outputs.length} outputs, ${r.confirmations} confirmations`);
      say(`${rows.length} batches`);
    });
}
