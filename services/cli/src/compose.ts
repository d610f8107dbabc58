import fs from 'node:fs';
import path from 'node:path';
import { runAccrual } from '@ppm/accrual';
import { runApi } from '@ppm/api';
import { runChainWatcher } from '@ppm/chain-watcher';
import { chainEnv, loadConfig } from '@ppm/config';
import { runNotifier } from '@ppm/notifier';
import { runPayoutService, type RunningPayout } from '@ppm/payout';
import type { Hosted, ServiceContext } from '@ppm/service-host';
import { generateDevCerts, runSigner } from '@ppm/signer';
import { runSnapshotter } from '@ppm/snapshotter';
import { collectStatus } from './status';

/** What `ppm run` started. */
export interface Composition {
  /** In start order; stop in reverse. */
  readonly hosted: Hosted[];
  readonly apiUrl: string;
  /** Undefined when payouts are disabled (no wallet passphrase file). */
  readonly payout: RunningPayout | undefined;
}

/** Dev mTLS material in PPM_DATA_DIR/tls, made once, for an in-process signer without configured certificates. */
async function devTls(dataDir: string): Promise<{ ca: string; signerCert: string; signerKey: string; payoutCert: string; payoutKey: string }> {
  const dir = path.resolve(dataDir, 'tls');
  const files = { ca: 'ca.pem', signerCert: 'signer.pem', signerKey: 'signer-key.pem', payoutCert: 'payout.pem', payoutKey: 'payout-key.pem' };
  const paths = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, path.join(dir, f)])) as typeof files;
  if (!Object.values(paths).every((p) => fs.existsSync(p))) await generateDevCerts(dir);
  return paths;
}

/**
 * How this process reaches a signer: PPM_SIGNER_URL as configured, or (without it, given a passphrase file) a
 * signer started here on 127.0.0.1 with a warning, and dev mTLS material when none is configured. Undefined when
 * neither is possible (payouts disabled).
 */
export async function signerOverrides(ctx: ServiceContext): Promise<{ overrides: Record<string, string>; hosted?: Hosted } | undefined> {
  if (ctx.env.PPM_SIGNER_URL) return { overrides: {} };
  if (!ctx.env.PPM_WALLET_PASSPHRASE_FILE) return undefined;
  ctx.log.warn('PPM_SIGNER_URL is not set: the signer runs in this process, so the wallet passphrase lives in this process too. '
    + 'For production run `ppm signer` on its own host and set PPM_SIGNER_URL.');
  const own = ctx.env.PPM_TLS_CA && ctx.env.PPM_TLS_CERT && ctx.env.PPM_TLS_KEY;
  const tls = own ? undefined : await devTls(ctx.config.PPM_DATA_DIR);
  const signer = await runSigner(ctx, {
    PPM_SIGNER_LISTEN: '127.0.0.1:0',
    ...(tls ? { PPM_TLS_CA: tls.ca, PPM_TLS_CERT: tls.signerCert, PPM_TLS_KEY: tls.signerKey } : {}),
  });
  return {
    hosted: signer,
    overrides: {
      // "localhost" (in the dev certificate SAN): TLS server names must not be IP addresses (RFC 6066).
      PPM_SIGNER_URL: `localhost:${signer.port}`,
      ...(tls ? { PPM_TLS_CA: tls.ca, PPM_TLS_CERT: tls.payoutCert, PPM_TLS_KEY: tls.payoutKey } : {}),
    },
  };
}

/**
 * Starts every service in this process from the same code as their own processes: accrual, snapshotter and
 * chain-watcher (consumers before producers), the signer (in-process when PPM_SIGNER_URL is unset, with a
 * warning: the wallet passphrase then lives in this process), payout, notifier and api, all on one ledger
 * connection (PGlite when DATABASE_URL is unset) and one Redis connection.
 */
export async function startAll(ctx: ServiceContext): Promise<Composition> {
  const hosted: Hosted[] = [];
  const log = ctx.log;
  const add = <H extends Hosted>(h: H): H => {
    hosted.push(h);
    return h;
  };
  try {
    await ctx.db();
    add(await runAccrual(ctx));
    add(await runSnapshotter(ctx));
    add(await runChainWatcher(ctx));

    let payout: RunningPayout | undefined;
    const signer = await signerOverrides(ctx);
    if (signer) {
      if (signer.hosted) add(signer.hosted);
      payout = add(await runPayoutService(ctx, signer.overrides));
    } else {
      log.warn('payouts disabled: PPM_SIGNER_URL is not set and there is no PPM_WALLET_PASSPHRASE_FILE for an in-process signer');
    }

    // Mail needs SMTP; a recipients file may hold only webhook, Telegram or Discord recipients (the notifier's
    // config refuses a mail recipient without SMTP, naming it).
    if (ctx.env.PPM_SMTP_URL || ctx.env.PPM_SMTP_URL_FILE || ctx.env.PPM_RECIPIENTS_FILE) add(await runNotifier(ctx));
    else log.warn('notifications disabled: set PPM_SMTP_URL (or PPM_SMTP_URL_FILE) and PPM_MAIL_TO, or PPM_RECIPIENTS_FILE; they wait in the outbox until a notifier runs');

    const chain = loadConfig({ QTUM_RPC_URL: chainEnv.QTUM_RPC_URL, PPM_QTUM_WALLET: chainEnv.PPM_QTUM_WALLET, PPM_RPC_TIMEOUT_MS: chainEnv.PPM_RPC_TIMEOUT_MS, PPM_CONFIRMATIONS: chainEnv.PPM_CONFIRMATIONS }, ctx.env);
    const rpc = ctx.rpc(chain);
    const db = await ctx.db();
    const api = add(await runApi(ctx, {
      status: async () => {
        const s = await collectStatus({ db, redis: ctx.redis(), prefix: ctx.config.PPM_QUEUE_PREFIX, rpc, rpcUrl: chain.QTUM_RPC_URL, confirmations: chain.PPM_CONFIRMATIONS });
        return { node: s.node, lagBlocks: s.lagBlocks, queues: s.queues, chainFollow: s.chainFollow };
      },
    }));
    return { hosted, apiUrl: api.url, payout };
  } catch (err) {
    for (const h of [...hosted].reverse()) await h.stop().catch(() => undefined);
    throw err;
  }
}
