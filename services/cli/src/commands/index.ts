import type { Command } from 'commander';
import type { CliContext } from '../context';
import { registerCerts } from './certs.command';
import { registerDbCommands } from './db.command';
import { registerDelegateCommands } from './delegates.command';
import { registerKeys } from './keys.command';
import { groupCommands } from './groups';
import { registerLedgerCommands } from './ledger.command';
import { registerServiceCommands } from './services.command';
import { registerMigrate } from './migrate.command';
import { registerNotifyCommands } from './notify.command';
import { registerPayoutCommands } from './payout.command';
import { registerReorg } from './reorg.command';
import { registerReplay } from './replay.command';
import { registerRulesCommands } from './rules.command';
import { registerReportCommands } from './report/report.command';
import { registerRun } from './run.command';
import { registerStatus } from './status.command';
import { registerSync } from './sync.command';
import { registerVerifyCommands } from './verify.command';

/** A context factory: `long` = a long-running command (info-level logs). */
export type ContextFactory = (longRunning?: boolean) => CliContext;

/** Registers every `ppm` command, grouped in the help (groups.ts). */
export function registerCommands(program: Command, ctx: ContextFactory): void {
  registerMigrate(program, ctx);
  registerDbCommands(program, ctx);
  registerLedgerCommands(program, ctx);
  registerSync(program, ctx);
  registerStatus(program, ctx);
  registerCerts(program);
  registerKeys(program);
  registerServiceCommands(program);
  registerRun(program);
  registerPayoutCommands(program, ctx);
  registerNotifyCommands(program, ctx);
  registerDelegateCommands(program, ctx);
  registerReplay(program, ctx);
  registerReorg(program, ctx);
  registerVerifyCommands(program, ctx);
  registerReportCommands(program, ctx);
  registerRulesCommands(program, ctx);
  groupCommands(program);
}
