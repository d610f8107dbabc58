import fs from 'node:fs';
import type { Command } from 'commander';
import { hashArg } from './parse-args';
import { formatQtum } from '@ppm/chain';
import { chainEnv, loadConfig, operatorEnv, payoutEnv } from '@ppm/config';
import {
  PlanChangedError, approvePlan, listPayouts, loadPayoutConfig, loadPayoutRules, loadPlanRules, openSignerClient, payoutPlanJson, payoutPlanCsv, runPayout,
  type PayoutRules,
} from '@ppm/payout';
import { ConfigError } from '@ppm/runtime';
import { runService } from '@ppm/service-host';
import { signerOverrides } from '../compose';
import { loadApprovalSigner } from '../operator-key';
import { CliError, printJson, say } from '../output';
import type { ContextFactory } from './index';
import { SERVICES } from './services.command';

const planSettings = { PPM_NETWORK: chainEnv.PPM_NETWORK, PPM_MIN_PAYOUT_SATS: payoutEnv.PPM_MIN_PAYOUT_SATS, PPM_MAX_OUTPUTS_PER_TX: payoutEnv.PPM_MAX_OUTPUTS_PER_TX };
const approveSettings = {
  ...planSettings, PPM_PAYOUT_APPROVAL: payoutEnv.PPM_PAYOUT_APPROVAL, PPM_PAYOUT_APPROVAL_TTL: payoutEnv.PPM_PAYOUT_APPROVAL_TTL,
  PPM_OPERATOR_KEY_FILE: operatorEnv.PPM_OPERATOR_KEY_FILE,
};

/** The operator's signer for approvals, with a warning when manual mode approves without one. */
function operatorSigner(cfg: { PPM_PAYOUT_APPROVAL: string; PPM_OPERATOR_KEY_FILE?: string | undefined }) {
  const signer = loadApprovalSigner(cfg.PPM_OPERATOR_KEY_FILE);
  if (!signer && cfg.PPM_PAYOUT_APPROVAL === 'manual') {
    process.stderr.write('warning: PPM_OPERATOR_KEY_FILE is unset: the approval is recorded in the database only, and a signer with PPM_OPERATOR_PUBKEYS refuses it\n');
  }
  return signer;
}
const HASH = /^[0-9a-f]{64}$/;

const rulesSettings = {
  PPM_RULES_FILE: chainEnv.PPM_RULES_FILE, PPM_STAKER_ADDRESS: chainEnv.PPM_STAKER_ADDRESS.optional(), QTUM_RPC_URL: chainEnv.QTUM_RPC_URL.optional(),
  PPM_QTUM_WALLET: chainEnv.PPM_QTUM_WALLET, PPM_RPC_TIMEOUT_MS: chainEnv.PPM_RPC_TIMEOUT_MS, PPM_NETWORK: chainEnv.PPM_NETWORK,
};

/**
 * The payout rules for `ppm payout plan|approve` (PPM_RULES_FILE, every redirect verified by the node as the payout
 * service does): the dry run and the approval then plan exactly as the service. Undefined without a rules file.
 */
async function planRules(c: ReturnType<ContextFactory>): Promise<{ rules?: PayoutRules }> {
  const cfg = loadConfig(rulesSettings, c.env);
  if (!cfg.PPM_RULES_FILE) return {};
  if (!cfg.PPM_STAKER_ADDRESS || !cfg.QTUM_RPC_URL) throw new CliError('PPM_RULES_FILE needs PPM_STAKER_ADDRESS and QTUM_RPC_URL: every redirect is checked with the node');
  const rpc = c.rpc({ ...cfg, QTUM_RPC_URL: cfg.QTUM_RPC_URL });
  return { rules: await asCliError(loadPayoutRules(cfg.PPM_RULES_FILE, cfg.PPM_NETWORK, cfg.PPM_STAKER_ADDRESS, (a, s, m) => rpc.verifymessage(a, s, m))) };
}

/** A rules file the payout refuses (bad file, redirect not signed) is the operator's to fix: exit 1 listing each problem. */
async function asCliError<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`the rules file is refused:\n  ${err.problems.join('\n  ')}`);
    throw err;
  }
}

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
    .option('--csv <file>', 'write every delegate with the amount paid, or why it is carried or not paid')
    .action(async (opts: { json?: boolean; csv?: string }) => {
      const c = ctx();
      if (opts.csv) {
        const { planHash, csv } = await payoutPlanCsv(await c.db(), { ...loadConfig(planSettings, c.env), ...await planRules(c) });
        fs.writeFileSync(`${opts.csv}.tmp`, csv);
        fs.renameSync(`${opts.csv}.tmp`, opts.csv);
        return say(`plan ${planHash}: every delegate written to ${opts.csv}`);
      }
      const plan = await payoutPlanJson(await c.db(), { ...loadConfig(planSettings, c.env), ...await planRules(c) });
      if (opts.json) return printJson(plan);
      if (plan.batches.length === 0) return say(`nothing to pay: no balance reaches PPM_MIN_PAYOUT_SATS (${formatQtum(BigInt(plan.minPayoutSats))} QTUM)`);
      say(`plan ${plan.planHash}`);
      say(`  pays ${plan.delegatesPaid} delegates ${formatQtum(BigInt(plan.totalSats))} QTUM in ${plan.batches.length} transaction(s), estimated fee ${formatQtum(BigInt(plan.estimatedFeeSats))} QTUM`);
      say(`  carries over ${plan.delegatesCarried} balances (${formatQtum(BigInt(plan.carriedSats))} QTUM) below the minimum`);
      say(`approve exactly this plan with: ppm payout approve ${plan.planHash}`);
    });

  payout
    .command('approve')
    .description('release exactly the plan with this hash, signed with the operator key in PPM_OPERATOR_KEY_FILE (valid until executed or PPM_PAYOUT_APPROVAL_TTL)')
    .argument('<hash>', 'plan hash from `ppm payout plan`', hashArg)
    .option('--json', 'print JSON')
    .action(async (hash: string, opts: { json?: boolean }) => {
      const c = ctx();
      try {
        const full = checkHash(hash);
        const cfg = { ...loadConfig(approveSettings, c.env), ...await planRules(c) };
        const signer = operatorSigner(cfg);
        const r = await approvePlan(await c.db(), cfg, full, signer?.sign);
        if (opts.json) return printJson(r);
        say(`plan ${r.planHash}: ${r.status}${r.approvedBy ? ` (signed by operator key ${r.approvedBy})` : ''}. The payout service executes it (or run \`ppm payout run\`).`);
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
        const operator = opts.approve ? operatorSigner(loadConfig(approveSettings, service.env)) : undefined;
        const rpc = service.rpc(config);
        const rules = await asCliError(loadPlanRules(config, rpc, await service.db(), service.log));
        const client = await openSignerClient(config);
        service.shutdown.add('signer client', () => client.close());
        const result = await runPayout(
          { db: await service.db(), rpc, signer: client, log: service.log },
          { ...config, ...(rules ? { rules } : {}) },
          opts.approve ? { approveHash: checkHash(opts.approve), ...(operator ? { sign: operator.sign } : {}) } : {},
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
