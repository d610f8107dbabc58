import type { Command } from 'commander';
import { runAccrual } from '@ppm/accrual';
import { runApi } from '@ppm/api';
import { runChainWatcher } from '@ppm/chain-watcher';
import { runNotifier } from '@ppm/notifier';
import { runPayoutService } from '@ppm/payout';
import { runService, type Hosted, type ServiceContext } from '@ppm/service-host';
import { runSigner } from '@ppm/signer';
import { runSnapshotter } from '@ppm/snapshotter';
import { CliError } from '../output';

/** Each service, runnable alone as `ppm <service>`: the same code as its own `npm start`. */
export const SERVICES: Record<string, { description: string; start: (ctx: ServiceContext) => Promise<Hosted> }> = {
  'chain-watcher': { description: 'follow the tip and emit confirmed blocks in order (queue chain.blocks)', start: runChainWatcher },
  snapshotter: { description: 'classify blocks and snapshot delegations and weights as of each pool block', start: runSnapshotter },
  accrual: { description: 'apply snapshots to the ledger (queue snapshots)', start: runAccrual },
  payout: { description: 'plan, approve and execute payouts through the signer (queue payouts)', start: (ctx) => runPayoutService(ctx) },
  notifier: { description: 'deliver the outbox by mail (queue notify); run several replicas', start: runNotifier },
  signer: { description: 'the isolated signer: mTLS gRPC on PPM_SIGNER_LISTEN, the only holder of the wallet passphrase', start: (ctx) => runSigner(ctx) },
  api: { description: 'read-only HTTP API and delegate dashboard on PPM_API_LISTEN', start: (ctx) => runApi(ctx) },
};

/** Registers `ppm <service>` for every service. They run until SIGINT/SIGTERM. */
export function registerServiceCommands(program: Command): void {
  for (const [name, svc] of Object.entries(SERVICES)) {
    // `ppm payout` is also the group of `ppm payout plan|approve|run`: it gets the service action there.
    if (name === 'payout') continue;
    program
      .command(name)
      .description(`run the ${name} service alone: ${svc.description}`)
      .action(async () => {
        const code = await runService({ name, start: svc.start });
        if (code !== 0) throw new CliError(`${name} stopped (exit ${code})`, code);
      });
  }
}
