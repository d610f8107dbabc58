import { decodeAddress } from '@ppm/chain';
import { durationMs, operatorPubkeys } from '@ppm/config';
import type { TxFateRpc } from '@ppm/qtum-rpc';
import { ConfigError, createShutdown, errorMessage, type Logger } from '@ppm/runtime';
import { earningsPath, journalPath, listenAddress, type SignerConfig } from './config';
import { createChainEarnings, type EarningsNode } from './earnings/chain-earnings';
import { createVoidSignatures } from './fates/void-signatures';
import { loadEarnings } from './earnings/earnings-state';
import { openJournal } from './journal/journal';
import { acquireJournalLock } from './journal/journal-lock';
import { createSignerHandlers } from './rpc/signer.rpc';
import { startGrpcServer } from './rpc/server';
import { createBatchSigner } from './signing/batch-signer';
import { loadRulesFile, rulesVersion } from '@ppm/rules';
import { parseClientNames } from './tls/peer-identity';
import { createServerCredentials, readServerTls } from './tls/server-credentials';
import { createQtumWalletPort, type SignerNodeClient } from './wallet/qtum-wallet-port';

/** The signer's collaborators. `passphrase` is read from PPM_WALLET_PASSPHRASE_FILE by main (or the composer). */
export interface SignerAppDeps {
  /** The qtumd client, on the signer's own wallet-RPC user (a @ppm/qtum-rpc QtumRpcClient fits). */
  readonly rpc: SignerNodeClient & EarningsNode & TxFateRpc;
  readonly log: Logger;
  readonly passphrase: string;
  /** Clock (epoch ms) for the day cap and journal times; tests move it. */
  readonly now?: () => number;
  /** Index the delegation events in the background at start (default true; tests counting node calls turn it off). */
  readonly warmDelegationIndex?: boolean;
}

/** The signer as a startable unit. */
export interface SignerApp {
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
  /**
   * SIGHUP: re-reads PPM_RULES_FILE (its pool-fee split addresses). A bad file keeps the current split and logs
   * each problem (`rules_reload_failed`). Resolves whether new rules were applied.
   */
  reload(): Promise<boolean>;
}

/** The config keys the app reads (main loads the whole {@link SignerConfig}; tests may give just these). */
export type SignerAppConfig = Pick<SignerConfig,
  | 'PPM_NETWORK' | 'PPM_STAKER_ADDRESS' | 'PPM_DATA_DIR' | 'PPM_SIGNER_JOURNAL' | 'PPM_SIGNER_LISTEN'
  | 'PPM_TLS_CA' | 'PPM_TLS_CERT' | 'PPM_TLS_KEY'
  | 'PPM_SIGNER_MAX_OUTPUT_SATS' | 'PPM_SIGNER_MAX_BATCH_SATS' | 'PPM_SIGNER_MAX_DAY_SATS'
  | 'PPM_SIGNER_MIN_FEE_RATE' | 'PPM_SIGNER_MAX_FEE_RATE' | 'PPM_SIGNER_IMPORTED_SATS'
  | 'PPM_START_HEIGHT' | 'PPM_CONFIRMATIONS' | 'PPM_PAYOUT_CONFIRMATIONS' | 'PPM_SIGNER_CLIENT_NAMES'
  | 'PPM_PAYOUT_APPROVAL' | 'PPM_PAYOUT_APPROVAL_TTL' | 'PPM_OPERATOR_PUBKEYS'> & Partial<Pick<SignerConfig, 'PPM_RULES_FILE'>>;

/**
 * Wires the signer: journal, policy, wallet port, mTLS gRPC server with health. Nothing runs until `start`.
 * `stop` stops intake (in-flight signing finishes within the grace period), then closes the journal.
 */
export function createSignerApp(config: SignerAppConfig, deps: SignerAppDeps): SignerApp {
  const log = deps.log.child({ service: 'signer' });
  const shutdown = createShutdown(log);
  if (deps.passphrase === '') throw new Error('the wallet passphrase is empty; check PPM_WALLET_PASSPHRASE_FILE');
  const { PPM_TLS_CA: ca, PPM_TLS_CERT: cert, PPM_TLS_KEY: key } = config;
  if (!ca || !cert || !key) throw new Error('PPM_TLS_CA, PPM_TLS_CERT and PPM_TLS_KEY are required: the signer only serves mutual TLS');

  let poolFeeSplit: ReadonlySet<string> = new Set();
  const readSplit = (file: string): ReadonlySet<string> => {
    const rules = loadRulesFile(file, config.PPM_NETWORK);
    log.info({ event: 'rules_loaded', file, version: rulesVersion(rules), poolFeeSplit: rules.poolFeeSplit.length }, 'rules_loaded');
    return new Set(rules.poolFeeSplit.map((x) => x.address));
  };

  return {
    reload() {
      const file = config.PPM_RULES_FILE;
      if (!file) {
        log.warn('SIGHUP: no PPM_RULES_FILE, nothing to reload');
        return Promise.resolve(false);
      }
      try {
        poolFeeSplit = readSplit(file);
        return Promise.resolve(true);
      } catch (err) {
        const problems = err instanceof ConfigError ? err.problems : [errorMessage(err)];
        for (const problem of problems) log.error({ event: 'rules_reload_failed', file, problem }, 'rules reload refused; the old rules stay');
        return Promise.resolve(false);
      }
    },
    async start() {
      // One signer per journal (so per wallet): a second one refuses to start, before it reads anything.
      const lock = await acquireJournalLock(journalPath(config), log.child({ part: 'journal' }));
      shutdown.add('journal lock', () => lock.release());
      const journal = await openJournal(journalPath(config), log.child({ part: 'journal' })).catch(async (err: unknown) => {
        await shutdown.run();
        throw err;
      });
      shutdown.add('journal', () => journal.close());
      try {
        const wallet = createQtumWalletPort(deps.rpc);
        const startHeight = config.PPM_START_HEIGHT ?? 0;
        if (config.PPM_START_HEIGHT === undefined) {
          log.warn('PPM_START_HEIGHT is unset: the signer bounds payouts by every pool block of S since height 0 (set it as the ledger has it for a tighter bound)');
        }
        const earningsFile = earningsPath(config);
        const earnings = createChainEarnings({
          node: deps.rpc, network: config.PPM_NETWORK, stakerAddress: config.PPM_STAKER_ADDRESS,
          confirmations: config.PPM_CONFIRMATIONS, file: earningsFile, startHeight,
          initial: await loadEarnings(earningsFile, config.PPM_STAKER_ADDRESS, startHeight),
          log: log.child({ part: 'earnings' }),
        });
        if (deps.warmDelegationIndex !== false) void earnings.refresh().then(
          (v) => log.info({ scannedTo: v.scannedTo, poolSats: v.poolSats.toString() }, 'pool earnings counted from the chain'),
          (err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'pool earnings not counted yet (retried at the first batch)'),
        );
        // Build the delegation-event index now, in the background, so the first payout does not pay for a full
        // scan of the delegation contract's history; later lookups are incremental.
        const stakerHash160 = decodeAddress(config.PPM_STAKER_ADDRESS, config.PPM_NETWORK).hash160Hex;
        if (deps.warmDelegationIndex !== false) void wallet.delegationEvents(stakerHash160).then(
          (events) => log.info({ events: events.length }, 'delegation events indexed'),
          (err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'delegation events not indexed yet (retried at the first batch)'),
        );
        const pubkeys = new Set(operatorPubkeys(config.PPM_OPERATOR_PUBKEYS));
        if (config.PPM_PAYOUT_APPROVAL === 'manual' && pubkeys.size === 0) {
          log.error('PPM_PAYOUT_APPROVAL is manual but PPM_OPERATOR_PUBKEYS is unset: the signer refuses every new batch until operator keys are configured (ppm keys new)');
        } else if (config.PPM_PAYOUT_APPROVAL === 'auto' && pubkeys.size > 0) {
          log.warn('PPM_OPERATOR_PUBKEYS is set: every batch needs an operator approval, which auto approval never makes');
        }
        // Read at start (a bad file stops the start-up) and on SIGHUP (reload); only the pool-fee split is taken
        // from it: redirects are checked from the signature each plan carries.
        if (config.PPM_RULES_FILE) poolFeeSplit = readSplit(config.PPM_RULES_FILE);
        const signer = createBatchSigner({
          network: config.PPM_NETWORK,
          poolFeeSplit: () => poolFeeSplit,
          stakerAddress: config.PPM_STAKER_ADDRESS,
          capOverrides: {
            ...(config.PPM_SIGNER_MAX_OUTPUT_SATS !== undefined ? { maxOutputSats: config.PPM_SIGNER_MAX_OUTPUT_SATS } : {}),
            ...(config.PPM_SIGNER_MAX_BATCH_SATS !== undefined ? { maxBatchSats: config.PPM_SIGNER_MAX_BATCH_SATS } : {}),
            ...(config.PPM_SIGNER_MAX_DAY_SATS !== undefined ? { maxDaySats: config.PPM_SIGNER_MAX_DAY_SATS } : {}),
          },
          startHeight,
          importedSats: config.PPM_SIGNER_IMPORTED_SATS,
          approval: { mode: config.PPM_PAYOUT_APPROVAL, pubkeys, ttlMs: durationMs(config.PPM_PAYOUT_APPROVAL_TTL) },
          feeRate: { minSatPerVb: config.PPM_SIGNER_MIN_FEE_RATE, maxSatPerVb: config.PPM_SIGNER_MAX_FEE_RATE },
        }, {
          wallet,
          journal,
          earnings,
          voids: createVoidSignatures(deps.rpc, config.PPM_PAYOUT_CONFIRMATIONS, log.child({ part: 'fates' })),
          log: log.child({ part: 'sign' }),
          passphrase: deps.passphrase,
          ...(deps.now ? { now: deps.now } : {}),
        });
        const creds = createServerCredentials(await readServerTls({ ca, cert, key }));
        const { host, port } = listenAddress(config);
        const clientNames = parseClientNames(config.PPM_SIGNER_CLIENT_NAMES);
        const server = await startGrpcServer(createSignerHandlers(signer, journal, log.child({ part: 'rpc' }), clientNames), creds, host, port);
        shutdown.add('grpc', () => server.stop());
        log.info({ port: server.port, network: config.PPM_NETWORK }, 'signer listening (mutual TLS)');
        return { port: server.port };
      } catch (err) {
        await shutdown.run();
        throw err;
      }
    },
    stop: () => shutdown.run(),
  };
}
