import { InvalidArgumentError, type Command } from 'commander';
import { countArg } from './parse-args';
import { loadConfig, notifierEnv } from '@ppm/config';
import { CHANNEL_KINDS, listNotifications, notifierConfigFrom, notifyTest, type ChannelKind, type ChannelTestResult } from '@ppm/notifier';
import { CliError, printJson, say } from '../output';
import type { ContextFactory } from './index';

/** commander parser for --channel. */
function channelArg(value: string): ChannelKind {
  if (!(CHANNEL_KINDS as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${CHANNEL_KINDS.join(', ')}`);
  return value as ChannelKind;
}

/** One line per recipient: what was tried, where, and the receiver's answer or why it failed. */
function resultLine(r: ChannelTestResult): string {
  const where = `${r.recipient} (${r.channel} via ${r.target})`;
  return r.delivered
    ? `delivered  ${where}: ${r.response ?? ''}`.trimEnd()
    : `FAILED     ${where}: ${r.error ?? 'failed'}${r.response ? ` [${r.response}]` : ''}`;
}

/** `ppm notify test [--to KEY|ADDR] [--channel KIND] [--json]` and `ppm notify list --json`. */
export function registerNotifyCommands(program: Command, ctx: ContextFactory): void {
  const notify = program.command('notify').description('operator notifications (mail, webhook, Telegram, Discord)');

  notify
    .command('test')
    .description('send one test message to every configured recipient on its channel now and show each answer; exit 1 if any failed')
    .option('--to <recipient>', 'only this recipient: a delivery key from PPM_RECIPIENTS_FILE (e.g. webhook:ops) or any e-mail address')
    .option('--channel <kind>', `only recipients of this channel (${CHANNEL_KINDS.join(', ')})`, channelArg)
    .option('--json', 'print JSON')
    .action(async (opts: { to?: string; channel?: ChannelKind; json?: boolean }) => {
      const env = loadConfig(notifierEnv, ctx().env);
      // --to alone is enough: no standing recipients are needed to send one test mail.
      const config = notifierConfigFrom(opts.to && !env.PPM_MAIL_TO && !env.PPM_RECIPIENTS_FILE ? { ...env, PPM_MAIL_TO: opts.to } : env);
      const result = await notifyTest({ config }, { to: opts.to, channel: opts.channel });
      if (opts.json) printJson(result);
      else for (const r of result.results) say(resultLine(r));
      if (result.error !== undefined) throw new CliError(result.error);
      const failed = result.results.filter((r) => !r.delivered);
      if (failed.length > 0) {
        throw new CliError(`${failed.length} of ${result.results.length} test message(s) failed: ${failed.map((r) => `${r.recipient}: ${r.error ?? 'failed'}`).join('; ')}`);
      }
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
