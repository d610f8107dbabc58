import fs from 'node:fs';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { ConfigError } from '@ppm/runtime';
import type { Recipient } from './recipient';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour), e.g. 22:00');

/** The PPM_RECIPIENTS_FILE schema (documented in the README). */
export const recipientsFileSchema = z
  .array(
    z.strictObject({
      address: z.email('must be an e-mail address'),
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
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((r, i) => {
      const key = r.address.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'address'], message: `duplicate recipient ${r.address}` });
      seen.add(key);
    });
  });

/** Parses recipients JSON text; throws a ConfigError listing every problem with its path. */
export function parseRecipients(text: string, source = 'PPM_RECIPIENTS_FILE'): Recipient[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${source}: not valid JSON (${(err as Error).message})`]);
  }
  const result = recipientsFileSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${source}[${i.path.join('.')}]: ${i.message}`));
  }
  return result.data.map((r) => ({
    address: r.address,
    severities: r.severities,
    timeZone: r.timeZone,
    quietHours: r.quietHours,
    criticalBypassesQuiet: r.criticalBypassesQuiet,
    maxPerHour: r.maxPerHour,
    blockMails: r.blockMails,
  }));
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
