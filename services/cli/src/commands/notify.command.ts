import type { Command } from 'commander';
import { countArg } from './parse-args';
import { loadConfig, notifierEnv } from '@ppm/config';
import { listNotifications, notifierConfigFrom, notifyTest } from '@ppm/notifier';
import { CliError, printJson, say } from '../output';
import type { ContextFactory } from './index';

/** `ppm notify test [--to ADDR]` and `ppm notify list --json`. */
export function registerNotifyCommands(program: Command, ctx: ContextFactory): void {
  const notify = program.command('notify').description('operator mail');

  notify
    .command('test')
    .description('send a test mail now and show the SMTP server\'s answer')
    .option('--to <address>', 'recipient (default: PPM_MAIL_TO / PPM_RECIPIENTS_FILE)')
    .option('--json', 'print JSON')
    .action(async (opts: { to?: string; json?: boolean }) => {
      const env = loadConfig(notifierEnv, ctx().env);
      // --to alone is enough: no standing recipients are needed to send one test mail.
      const config = notifierConfigFrom(opts.to && !env.PPM_MAIL_TO && !env.PPM_RECIPIENTS_FILE ? { ...env, PPM_MAIL_TO: opts.to } : env);
      const result = await notifyTest({ config }, { to: opts.to });
      if (opts.json) printJson(result);
      else if (result.ok) say(`sent to ${result.to.join(', ')} via ${result.smtpHost}: ${result.response}`);
      if (!result.ok) throw new CliError(`test mail to ${result.to.join(', ') || '(nobody)'} via ${result.smtpHost} failed: ${result.error}`);
    });

  notify
    .command('list')
    .description('recent messages and their delivery state per recipient')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'how many messages (1..1000)', countArg(1, 1000), 50)
    .action(async (opts: { json?: boolean; limit: number }) => {
      const rows = await listNotifications(await ctx().db(), { limit: opts.limit });
      if (opts.json) return printJson(rows);
      for (const r of rows) say(JSON.stringify(r));
    });
}
