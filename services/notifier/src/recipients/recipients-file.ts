import fs from 'node:fs';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { ConfigError } from '@ppm/runtime';
import type { ChannelConfig, Recipient } from './recipient';
import { TELEGRAM_API } from '../channels/telegram';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour), e.g. 22:00');

/** The PPM_RECIPIENTS_FILE schema (documented in the README). */
export const recipientsFileSchema = z
  .array(
    z.strictObject({
      channel: z.enum(['mail', 'webhook', 'telegram', 'discord'], { error: 'must be "mail", "webhook", "telegram" or "discord"' }).default('mail'),
      /** mail only: the e-mail address. */
      address: z.email('must be an e-mail address').optional(),
      /** Other channels: a unique name; the delivery key is "<channel>:<name>". */
      name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, ".", "_" or "-"').optional(),
      url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
      secretFile: z.string().min(1).optional(),
      secretEnv: z.string().min(1).optional(),
      apiBaseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
      chatId: z.union([z.string().min(1), z.number().int()]).optional(),
      tokenFile: z.string().min(1).optional(),
      tokenEnv: z.string().min(1).optional(),
      webhookUrlFile: z.string().min(1).optional(),
      webhookUrlEnv: z.string().min(1).optional(),
      severities: z.array(z.enum(['info', 'warning', 'critical'])).min(1).default(['info', 'warning', 'critical']),
      timeZone: z
        .string()
        .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone, e.g. America/New_York')
        .default('UTC'),
      quietHours: z.strictObject({ start: hhmm, end: hhmm }).optional(),
      criticalBypassesQuiet: z.boolean().default(true),
      maxPerHour: z.number().int().positive().optional(),
      blockMails: z.enum(['hourly', 'each'], { error: 'must be "hourly" (one digest per hour) or "each" (one mail per block)' }).default('hourly'),
    }),
  )
  .min(1, 'must list at least one recipient')
  .min(1, 'must list at least one recipient');

type Entry = z.infer<typeof recipientsFileSchema>[number];

/** Fields each channel requires and allows (besides the delivery preferences every channel shares). */
const CHANNEL_FIELDS: Record<Entry['channel'], { required: (keyof Entry)[]; allowed: (keyof Entry)[]; secret?: [keyof Entry, keyof Entry] }> = {
  mail: { required: ['address'], allowed: ['address'] },
  webhook: { required: ['name', 'url'], allowed: ['name', 'url', 'secretFile', 'secretEnv'], secret: ['secretFile', 'secretEnv'] },
  telegram: { required: ['name', 'chatId'], allowed: ['name', 'chatId', 'apiBaseUrl', 'tokenFile', 'tokenEnv'], secret: ['tokenFile', 'tokenEnv'] },
  discord: { required: ['name'], allowed: ['name', 'webhookUrlFile', 'webhookUrlEnv'], secret: ['webhookUrlFile', 'webhookUrlEnv'] },
};
const CHANNEL_ONLY: (keyof Entry)[] = [...new Set(Object.values(CHANNEL_FIELDS).flatMap((c) => c.allowed))];

/**
 * Channel fields and duplicates, checked on the raw entries so that they are listed beside the field errors zod
 * reports (zod skips refinements once a field failed).
 */
function crossProblems(raw: unknown, source: string): string[] {
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  raw.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) return;
    const r = { channel: 'mail', ...item } as Entry;
    if (!Object.hasOwn(CHANNEL_FIELDS, r.channel)) return;
    for (const p of channelProblems(r)) out.push(`${source}[${i}.${p.field}]: ${p.message}`);
    const key = typeof r.address === 'string' || typeof r.name === 'string' ? deliveryKey(r) : undefined;
    if (key === undefined) return;
    if (seen.has(key.toLowerCase())) out.push(`${source}[${i}.${r.channel === 'mail' ? 'address' : 'name'}]: duplicate recipient ${key}`);
    seen.add(key.toLowerCase());
  });
  return out;
}

function channelProblems(r: Entry): { field: string; message: string }[] {
  const spec = CHANNEL_FIELDS[r.channel];
  const out: { field: string; message: string }[] = [];
  for (const f of spec.required) if (r[f] === undefined) out.push({ field: f, message: `required for channel ${r.channel}` });
  for (const f of CHANNEL_ONLY) if (r[f] !== undefined && !spec.allowed.includes(f)) out.push({ field: f, message: `not a field of channel ${r.channel}` });
  if (spec.secret) {
    const [file, env] = spec.secret;
    const n = (r[file] !== undefined ? 1 : 0) + (r[env] !== undefined ? 1 : 0);
    if (n !== 1) out.push({ field: file, message: `channel ${r.channel} needs exactly one of ${file} or ${env} (the secret itself never goes in this file)` });
  }
  return out;
}

function deliveryKey(r: Entry): string | undefined {
  if (r.channel === 'mail') return r.address;
  return r.name === undefined ? undefined : `${r.channel}:${r.name}`;
}

/** Reads a secret from its file (trimmed) or env var; pushes a problem (never the value) when missing or empty. */
function readSecret(file: string | undefined, envName: string | undefined, where: string, env: NodeJS.ProcessEnv, problems: string[]): string {
  let value: string | undefined;
  if (file !== undefined) {
    try {
      value = fs.readFileSync(file, 'utf8').trim();
    } catch (err) {
      problems.push(`${where}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      return '';
    }
  } else if (envName !== undefined) {
    value = env[envName]?.trim();
  }
  if (!value) problems.push(`${where}: ${file !== undefined ? `file ${file}` : `env ${envName}`} is empty or unset`);
  return value ?? '';
}

/** The channel of a validated entry, its secret read from file or env. */
function channelOf(r: Entry, where: string, env: NodeJS.ProcessEnv, problems: string[]): ChannelConfig {
  switch (r.channel) {
    case 'mail': return { kind: 'mail' };
    case 'webhook': return { kind: 'webhook', url: r.url!, secret: readSecret(r.secretFile, r.secretEnv, `${where}.secret`, env, problems) };
    case 'telegram': return {
      kind: 'telegram', apiBaseUrl: r.apiBaseUrl ?? TELEGRAM_API, chatId: String(r.chatId), token: readSecret(r.tokenFile, r.tokenEnv, `${where}.token`, env, problems),
    };
    case 'discord': {
      const webhookUrl = readSecret(r.webhookUrlFile, r.webhookUrlEnv, `${where}.webhookUrl`, env, problems);
      if (webhookUrl && !/^https?:\/\//.test(webhookUrl)) problems.push(`${where}.webhookUrl: must be an http(s) URL`);
      return { kind: 'discord', webhookUrl };
    }
  }
}

/** Parses recipients JSON text; throws a ConfigError listing every problem with its path. */
export function parseRecipients(text: string, source = 'PPM_RECIPIENTS_FILE', env: NodeJS.ProcessEnv = process.env): Recipient[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${source}: not valid JSON (${(err as Error).message})`]);
  }
  const result = recipientsFileSchema.safeParse(raw);
  const cross = crossProblems(raw, source);
  if (!result.success || cross.length > 0) {
    throw new ConfigError([...(result.success ? [] : result.error.issues.map((i) => `${source}[${i.path.join('.')}]: ${i.message}`)), ...cross]);
  }
  const problems: string[] = [];
  const recipients = result.data.map((r, i) => ({
    address: deliveryKey(r)!,
    channel: channelOf(r, `${source}[${i}]`, env, problems),
    severities: r.severities,
    timeZone: r.timeZone,
    quietHours: r.quietHours,
    criticalBypassesQuiet: r.criticalBypassesQuiet,
    maxPerHour: r.maxPerHour,
    blockMails: r.blockMails,
  }));
  if (problems.length > 0) throw new ConfigError(problems);
  return recipients;
}

/** Reads and validates PPM_RECIPIENTS_FILE. */
export function readRecipientsFile(file: string): Recipient[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`PPM_RECIPIENTS_FILE: cannot read ${file} (${(err as Error).message})`]);
  }
  return parseRecipients(text);
}
