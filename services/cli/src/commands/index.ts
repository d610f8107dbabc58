import type { Command } from 'commander';
import type { CliContext } from '../context';
import { registerCerts } from './certs.command';
import { registerDbCommands } from './db.command';
import { registerDelegateCommands } from './delegates.command';
import { groupCommands } from './groups';
import { registerLedgerCommands } from './ledger.command';
import { registerServiceCommands } from './services.command';
import { registerMigrate } from './migrate.command';
import { registerNotifyCommands } from './notify.command';
import { registerPayoutCommands } from './payout.command';
import { registerReplay } from './replay.command';
import { registerRun } from './run.command';
import { registerStatus } from './status.command';
import { registerSync } from './sync.command';

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
  registerServiceCommands(program);
  registerRun(program);
  registerPayoutCommands(program, ctx);
  registerNotifyCommands(program, ctx);
  registerDelegateCommands(program, ctx);
  registerReplay(program, ctx);
  groupCommands(program);
}
