import type { Command } from 'commander';
import { formatQtum } from '@ppm/chain';
import { chainEnv, loadConfig, notifierEnv, queueEnv } from '@ppm/config';
import { CliError, printJson, say } from '../output';
import { collectStatus, healthProblems, nodeUnreachable, probeNode } from '../status';
import type { ContextFactory } from './index';
import { countArg } from './parse-args';

const DEFAULT_MAX_LAG = 10;

/**
 * The node probe: one attempt, 2 s. Status must answer fast when the node is down (the services' 5 attempts with
 * backoff took ~13 s); the node is asked again at the next status.
 */
const PROBE_TIMEOUT_MS = 2_000;
const PROBE_RETRY = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/**
 * `ppm status [--json] [--check] [--max-lag N]`: node tip, last applied height, lag, queue depths, pool weight,
 * delegates, payouts, mail, and the problems found. Exits 1 when the node is unreachable; with --check, when
 * anything is unhealthy (for monitoring: cron, a container healthcheck).
 */
export function registerStatus(program: Command, ctx: ContextFactory): void {
  program
    .command('status')
    .description('node tip, applied height, lag, queue depths, pool weight, delegates, payouts, mail; --check for monitoring')
    .option('--json', 'print JSON (with "healthy" and "problems")')
    .option('--check', 'exit 1 when anything is unhealthy: node unreachable or stalled, ledger lagging, mail failing')
    .option('--max-lag <blocks>', `confirmed blocks the ledger may lag before --check fails (default ${DEFAULT_MAX_LAG})`, countArg(0, 1_000_000))
    .action(async (opts: { json?: boolean; check?: boolean; maxLag?: number }) => {
      const c = ctx();
      const config = loadConfig({
        QTUM_RPC_URL: chainEnv.QTUM_RPC_URL, PPM_QTUM_WALLET: chainEnv.PPM_QTUM_WALLET, PPM_RPC_TIMEOUT_MS: chainEnv.PPM_RPC_TIMEOUT_MS,
        PPM_CONFIRMATIONS: chainEnv.PPM_CONFIRMATIONS, PPM_STALE_AFTER_MIN: notifierEnv.PPM_STALE_AFTER_MIN, ...queueEnv,
      }, c.env);
      const rpc = c.rpc({ ...config, PPM_RPC_TIMEOUT_MS: Math.min(config.PPM_RPC_TIMEOUT_MS, PROBE_TIMEOUT_MS), retry: PROBE_RETRY });
      // The probe runs while the ledger opens.
      const node = probeNode(rpc, config.QTUM_RPC_URL);
      const status = await collectStatus({ db: await c.db(), redis: c.redis(), prefix: config.PPM_QUEUE_PREFIX, node, confirmations: config.PPM_CONFIRMATIONS });
      const problems = healthProblems(status, { maxLagBlocks: opts.maxLag ?? DEFAULT_MAX_LAG, staleAfterMin: config.PPM_STALE_AFTER_MIN });
      if (opts.json) printJson({ ...status, healthy: problems.length === 0, problems });
      else {
        if (status.node && 'tip' in status.node) say(`node: tip ${status.node.tip} (${status.node.tipTime ?? 'time unknown'}), staking ${status.node.staking ?? 'unknown'}`);
        else say(status.node && 'error' in status.node ? status.node.error : 'node: not configured (QTUM_RPC_URL)');
        say(`ledger: applied through ${status.appliedHeight ?? '-'}, lag ${status.lagBlocks ?? '-'} blocks`);
        const f = status.chainFollow;
        if (f.reorgGate && f.reorgGate.acceptedAtMs === undefined) {
          say(`chain: DEEP REORG WAITS: fork point ${f.reorgGate.forkHeight} ${f.reorgGate.forkHash} (${f.reorgGate.depth} blocks deep, limit ${f.reorgGate.maxDepth}); following stopped`);
          say(`       check the node, then confirm with: ppm reorg accept ${f.reorgGate.forkHash}`);
        } else if (f.reorgGate) say(`chain: deep reorg from fork point ${f.reorgGate.forkHeight} ${f.reorgGate.forkHash} accepted; the chain-watcher acts on it`);
        if (f.nodeBehind) say(`chain: ${f.nodeBehind.message}: node at ${f.nodeBehind.nodeHeight}, ledger at ${f.nodeBehind.ledgerHeight}${f.nodeBehind.initialBlockDownload ? ', node in initial block download' : ''}; waiting, nothing is reversed`);
        if (f.stall) say(`chain: ${f.stall.message}`);
        if (f.state === 'following') say('chain: following');
        say(`pool: weight ${formatQtum(status.poolWeightSats)} QTUM, ${status.delegates} delegates, ${status.poolBlocks} pool / ${status.selfBlocks} self blocks`);
        say(`owed: ${formatQtum(status.totals.balanceSats)} QTUM; paid ${formatQtum(status.totals.paidSats)}; in flight ${formatQtum(status.totals.inFlightSats)}`);
        say(`queues: ${JSON.stringify(status.queues)}`);
        say(`payouts: ${JSON.stringify(status.payouts)}; mail: ${JSON.stringify(status.notifications.deliveries)}`);
        say(problems.length === 0 ? 'health: ok' : `health: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      }
      if (nodeUnreachable(status)) throw new CliError(status.node && 'error' in status.node ? status.node.error : 'the node is not configured (QTUM_RPC_URL)', 1);
      if (opts.check && problems.length > 0) throw new CliError(`unhealthy: ${problems.join('; ')}`, 1);
    });
}
