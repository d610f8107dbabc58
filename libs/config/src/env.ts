import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { NETWORK_NAMES, decodeAddress, type NetworkName } from '@ppm/chain';
import { envInt, envSats, envString } from '@ppm/runtime';

/**
 * The environment contract. These names are relied on by other tools (compose files, k8s manifests, scripts):
 * never rename one; add new ones. Each service composes the fragments it needs and parses them once with
 * {@link loadConfig}, which lists every problem at start-up. Config keys keep the env names, so a value in
 * code is grep-able back to its variable.
 */

const url = (what: string) => envString().pipe(z.string().url(`must be a URL (${what})`));
const hostPort = envString().pipe(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:50051'));

/** The node and the pool (every chain-reading service). */
export const chainEnv = {
  /** qtumd JSON-RPC, credentials in the URL: http://user:pass@127.0.0.1:3889/ */
  QTUM_RPC_URL: url('http://user:pass@host:port/'),
  /** Wallet name for wallet RPCs (`/wallet/<name>`); unset when the node has one wallet. */
  PPM_QTUM_WALLET: envString().optional(),
  PPM_RPC_TIMEOUT_MS: envInt({ min: 100 }).default(30_000),
  PPM_NETWORK: envString().pipe(z.enum(NETWORK_NAMES as [NetworkName, ...NetworkName[]], { error: 'must be mainnet, testnet or regtest' })).default('mainnet'),
  /** The super staker's P2PKH address S. */
  PPM_STAKER_ADDRESS: envString(),
  PPM_CONFIRMATIONS: envInt({ min: 1, max: 500 }).default(5),
  /** qtumd's -stakingminutxovalue in satoshis (default 100 QTUM). */
  PPM_MIN_UTXO_SATS: envSats().default(10_000_000_000n),
  /** Minimum delegation fee (percent) for a delegate to be eligible (DESIGN rule 4). */
  PPM_REQUIRED_FEE: envInt({ min: 0, max: 100 }).default(100),
  PPM_POOL_FEE_BPS: envInt({ min: 0, max: 10_000 }).default(0),
  /** First block to process on an empty ledger (default: the confirmed tip at first start). */
  PPM_START_HEIGHT: envInt({ min: 0 }).optional(),
  PPM_POLL_INTERVAL_MS: envInt({ min: 50 }).default(2_000),
  /**
   * Least milliseconds between two node health checks of the chain-watcher (getstakinginfo, getwalletinfo,
   * getnetworkinfo: alerts are about minutes, and getstakinginfo walks every delegated coin). 0 = every poll.
   */
  PPM_HEALTH_INTERVAL_MS: envInt({ min: 0 }).default(10_000),
  /** Reorgs deeper than this many ledger blocks are not acted on until `ppm reorg accept <fork hash>`. */
  PPM_MAX_REORG_DEPTH: envInt({ min: 1 }).default(100),
  /** Minutes the lowest waiting block may wait before a `chain_stall` alert (and `ppm sync` gives up). */
  PPM_STALL_AFTER_MIN: envInt({ min: 1 }).default(15),
  /** A block whose job has been attempted more than this many times is a stall at once. */
  PPM_STALL_RETRIES: envInt({ min: 1 }).default(5),
  /** Delegate rules (YAML or JSON; README "Rules file"); checked by `ppm rules check`. Unset: no rules. */
  PPM_RULES_FILE: envString().optional(),
};

/** The ledger. */
export const storageEnv = {
  /** postgres://... ; unset = embedded PGlite in PPM_DATA_DIR. */
  DATABASE_URL: envString().optional(),
  PPM_DATA_DIR: envString().default('./data'),
  /**
   * 1 = a service applies pending ledger migrations at start. Only for one process on embedded PGlite (the
   * demo, `ppm run` on one machine): there the process owns the database anyway. With DATABASE_URL only
   * `ppm migrate` changes the schema (services run as roles that cannot).
   */
  PPM_AUTO_MIGRATE: envString()
    .pipe(z.enum(['0', '1', 'true', 'false'], { message: 'must be 1 or 0' }))
    .transform((v) => v === '1' || v === 'true')
    .optional(),
};

/** Queues. */
export const queueEnv = {
  REDIS_URL: url('redis://host:port').default('redis://127.0.0.1:6379'),
  /** BullMQ key prefix: separates deployments sharing one Redis. */
  PPM_QUEUE_PREFIX: envString().pipe(z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')).default('ppm'),
};

/** Process plumbing. */
export const processEnv = {
  PPM_LOG_LEVEL: envString().pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).default('info'),
  /** host:port of /metrics, /healthz, /readyz for a service run alone (0 port = pick one). */
  PPM_OPS_LISTEN: hostPort.default('127.0.0.1:0'),
  /**
   * V8's old-space limit in MB that `ppm` starts itself with when NODE_OPTIONS sets none (services/cli
   * src/heap-limit.ts); 0 = V8's own default (grows the heap lazily up to ~1/4 of RAM).
   */
  PPM_HEAP_MB: envInt({ min: 0 }).default(192),
};

/** True when `zone` is an IANA time zone this Node knows (Europe/Berlin, UTC, Etc/GMT+5). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why `pattern` is not a cron pattern BullMQ's scheduler accepts (the same parser, cron-parser), or null. */
export function cronProblem(pattern: string): string | null {
  try {
    CronExpressionParser.parse(pattern, { tz: 'UTC' });
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

const timeZone = envString().refine(isTimeZone, 'must be an IANA time zone, e.g. UTC or Europe/Berlin');

/** The payout service. */
export const payoutEnv = {
  /** Cron pattern (minute hour day-of-month month day-of-week, optional leading seconds), in PPM_PAYOUT_TZ. */
  PPM_PAYOUT_CRON: envString().superRefine((v, ctx) => {
    const problem = cronProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `must be a cron pattern like "0 0 * * *" (${problem})` });
  }).default('0 0 * * *'),
  PPM_PAYOUT_TZ: timeZone.default('UTC'),
  /** Must stay above the node's dust limit of 72,800 sat. */
  PPM_MIN_PAYOUT_SATS: envSats().refine((v) => v > 72_800n, 'must be above the dust limit of 72800 sat').default(100_000n),
  PPM_MAX_OUTPUTS_PER_TX: envInt({ min: 1, max: 2_900 }).default(2_500),
  PPM_PAYOUT_APPROVAL: envString().pipe(z.enum(['auto', 'manual'], { error: 'must be auto or manual' })).default('manual'),
  PPM_PAYOUT_CONFIRMATIONS: envInt({ min: 1, max: 1_000 }).default(6),
  /** Blocks a dropped batch's txid is still watched (if it is mined after all, the ledger records it as paid). */
  PPM_PAYOUT_DROP_WATCH_BLOCKS: envInt({ min: 1, max: 1_000_000 }).default(20_000),
  /** host:port of the signer; unset in `ppm run` = the signer runs in-process. */
  PPM_SIGNER_URL: hostPort.optional(),
  /**
   * How long a plan (and its approval) stays valid: a duration `48h`, `90m`, `3600s` or `2d` (default 48h).
   * A plan not executed within it expires; the signer refuses an operator approval older than it.
   */
  PPM_PAYOUT_APPROVAL_TTL: envString().pipe(z.string().regex(/^[1-9]\d{0,6}[smhd]$/, 'must be a duration such as 48h, 90m, 3600s or 2d')).default('48h'),
};

/** Operator approval keys (manual mode). */
export const operatorEnv = {
  /** The operator's Ed25519 key file (`ppm keys new --out FILE`), read by `ppm payout approve`. */
  PPM_OPERATOR_KEY_FILE: envString().optional(),
  /**
   * Comma-separated operator public keys (64 hex characters each, as `ppm keys new` prints them). When set, the
   * signer signs a batch only with an approval of its plan signed by one of these keys.
   */
  PPM_OPERATOR_PUBKEYS: envString().pipe(z.string().regex(/^[0-9a-f]{64}(\s*,\s*[0-9a-f]{64})*$/, 'must be comma-separated 64-hex Ed25519 public keys (ppm keys new)')).optional(),
};

/** Milliseconds of a PPM_PAYOUT_APPROVAL_TTL value (`48h`, `90m`, `3600s`, `2d`). */
export function durationMs(text: string): number {
  const n = Number(text.slice(0, -1));
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[text.slice(-1)];
  if (!unit || !Number.isSafeInteger(n) || n <= 0) throw new Error(`not a duration: ${text}`);
  return n * unit;
}

/** The operator public keys of PPM_OPERATOR_PUBKEYS (lowercase hex), empty when unset. */
export function operatorPubkeys(value: string | undefined): string[] {
  return value ? value.split(',').map((k) => k.trim()).filter((k) => k !== '') : [];
}

/** mTLS material, read by the signer and by its clients. */
export const tlsEnv = {
  PPM_TLS_CA: envString().optional(),
  PPM_TLS_CERT: envString().optional(),
  PPM_TLS_KEY: envString().optional(),
};

/** The signer. */
export const signerEnv = {
  PPM_SIGNER_LISTEN: hostPort.default('127.0.0.1:50051'),
  PPM_WALLET_PASSPHRASE_FILE: envString().optional(),
  /**
   * Caps default to what the chain shows (the pool's earnings of the last 7 days, counted by the signer from the
   * node); these lower them, never raise them.
   */
  PPM_SIGNER_MAX_OUTPUT_SATS: envSats().optional(),
  PPM_SIGNER_MAX_BATCH_SATS: envSats().optional(),
  PPM_SIGNER_MAX_DAY_SATS: envSats().optional(),
  /**
   * Balances owed from before PPM_START_HEIGHT (imported with `ppm import-ppm`), which no block since the start
   * height backs: added to the signer's on-chain bound. Set by the operator on the signer's host; default 0.
   */
  PPM_SIGNER_IMPORTED_SATS: envSats().default(0n),
  /** Fee-rate bounds in sat/vB (qtumd's floor is 400). */
  PPM_SIGNER_MIN_FEE_RATE: envInt({ min: 1 }).default(400),
  PPM_SIGNER_MAX_FEE_RATE: envInt({ min: 1 }).default(2_000),
  /** Append-only journal of signed batches, on the signer's own host. */
  PPM_SIGNER_JOURNAL: envString().optional(),
  /**
   * Comma-separated names a caller's certificate must carry (its CN or a DNS SAN), on top of being issued by
   * PPM_TLS_CA: the payout service's identity. `ppm certs` issues the payout certificate as "payout".
   */
  PPM_SIGNER_CLIENT_NAMES: envString().pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*(\s*,\s*[A-Za-z0-9][A-Za-z0-9.-]*)*$/, 'must be comma-separated certificate names, e.g. payout')).default('payout'),
};

/** The notifier. */
export const notifierEnv = {
  /** nodemailer URL, e.g. smtps://user:pass@host:465 */
  PPM_SMTP_URL: envString().optional(),
  /** A file holding the SMTP URL (keeps the password out of the environment). */
  PPM_SMTP_URL_FILE: envString().optional(),
  PPM_MAIL_FROM: envString().default('ppm@localhost'),
  PPM_MAIL_TO: envString().optional(),
  PPM_RECIPIENTS_FILE: envString().optional(),
  PPM_STALE_AFTER_MIN: envInt({ min: 1 }).default(30),
  PPM_MIN_CONNECTIONS: envInt({ min: 0 }).default(5),
};

/** The HTTP API and dashboard. */
export const apiEnv = {
  PPM_API_LISTEN: hostPort.default('127.0.0.1:8080'),
  /** Requests per second one client (IP address) may sustain on the public API; 0 turns the limit off. */
  PPM_API_RATE_LIMIT: envInt({ min: 0, max: 1_000_000 }).default(20),
  /** Requests one client may send at once above the sustained rate (the bucket size). */
  PPM_API_RATE_BURST: envInt({ min: 1, max: 1_000_000 }).default(60),
  /**
   * Proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDRs, e.g. 10.0.0.0/8), so the
   * rate limit counts the real client; unset = the connecting address is the client.
   */
  PPM_API_TRUST_PROXY: envString().optional(),
};

/**
 * Every variable of the contract. A fragment added above is added here too: {@link loadConfig}'s `allSet` checks
 * every variable that is set, whichever fragments a command needs, so a typo shows at start, not at midnight.
 */
export const ENV_CONTRACT = {
  ...chainEnv, ...storageEnv, ...queueEnv, ...processEnv, ...payoutEnv, ...tlsEnv, ...signerEnv, ...notifierEnv, ...apiEnv,
};

/** Parsed config of a set of fragments. */
export type ConfigOf<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

/**
 * Cross-field checks, run on the raw environment even when single fields failed, so one start-up error lists
 * every problem. Only checks whose variables belong to `keys` (the fragments a service loads) run.
 */
export function crossFieldProblems(keys: readonly string[], env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const has = (k: string) => keys.includes(k);
  const network = (env.PPM_NETWORK || 'mainnet') as NetworkName;
  const staker = env.PPM_STAKER_ADDRESS;
  if (has('PPM_STAKER_ADDRESS') && staker && (NETWORK_NAMES as readonly string[]).includes(network)) {
    try {
      if (decodeAddress(staker, network).kind !== 'p2pkh') problems.push('PPM_STAKER_ADDRESS: must be a P2PKH address');
    } catch (err) {
      problems.push(`PPM_STAKER_ADDRESS: ${(err as Error).message}`);
    }
  }
  if (has('PPM_AUTO_MIGRATE') && (env.PPM_AUTO_MIGRATE === '1' || env.PPM_AUTO_MIGRATE === 'true') && env.DATABASE_URL) {
    problems.push('PPM_AUTO_MIGRATE: only for embedded PGlite (DATABASE_URL unset); with Postgres run `ppm migrate` as the owner role');
  }
  if (has('PPM_SIGNER_MIN_FEE_RATE')) {
    // Parse with the fields' own schemas so an unset side takes its default (MIN=3000 alone exceeds MAX's 2000).
    const min = signerEnv.PPM_SIGNER_MIN_FEE_RATE.safeParse(env.PPM_SIGNER_MIN_FEE_RATE || undefined);
    const max = signerEnv.PPM_SIGNER_MAX_FEE_RATE.safeParse(env.PPM_SIGNER_MAX_FEE_RATE || undefined);
    if (min.success && max.success && min.data > max.data) problems.push('PPM_SIGNER_MAX_FEE_RATE: must be >= PPM_SIGNER_MIN_FEE_RATE');
  }
  return problems;
}
