import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SignerServiceClient } from '@ppm/proto';
import { createQtumRpcClient, type QtumRpcClient } from '@ppm/qtum-rpc';
import { startSimulator, type GeneratedDelegates, type ScenarioDelegate, type SimHandle } from '@ppm/qtum-sim';
import { silentLogger, type Logger } from '@ppm/runtime';
import { createSignerApp, createSignerClient, generateDevCerts, type SignerApp, type SignerAppConfig } from '@ppm/signer';

/** The wallet passphrase of the simulated pool wallet (test material only). */
export const TEST_PASSPHRASE = 'correct horse battery staple';

/** A simulated node with an encrypted wallet (staking-only), and the real signer over mTLS on 127.0.0.1:0. */
export interface Harness {
  readonly sim: SimHandle;
  readonly rpc: QtumRpcClient;
  readonly signer: SignerServiceClient;
  readonly signerApp: SignerApp;
  readonly tlsDir: string;
  readonly tls: { ca: Buffer; cert: Buffer; key: Buffer };
  readonly signerUrl: string;
  /** Delegate addresses known to the chain (delegated to S). */
  readonly delegates: string[];
  close(): Promise<void>;
}

/** Options of {@link startHarness}. */
export interface HarnessOptions {
  delegates: ScenarioDelegate[] | GeneratedDelegates;
  log?: Logger;
  /** The staker's own coins (default 60 x 200 QTUM). */
  staker?: { count?: number; qtum?: string };
  /** Signer settings over the harness defaults (e.g. PPM_SIGNER_IMPORTED_SATS 0n: only the chain backs payouts). */
  signerConfig?: Partial<SignerAppConfig>;
}

/**
 * Most payout tests seed balances straight into the ledger (as `ppm import-ppm` does) on a chain without pool
 * blocks: the signer is told they were imported, so its on-chain bound (tested on its own) leaves them payable.
 */
export const HARNESS_IMPORTED_SATS = 100_000_000_000_000n;

/** Starts the simulator and the signer. Close it in afterAll/afterEach. */
export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const log = opts.log ?? silentLogger();
  const sim = await startSimulator({
    scenario: { delegates: opts.delegates, wallet: { passphrase: TEST_PASSPHRASE, stakingOnly: true }, ...(opts.staker ? { staker: opts.staker } : {}) },
  });
  const closers: (() => Promise<void>)[] = [() => sim.close()];
  const closeAll = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    const tlsDir = await mkdtemp(path.join(os.tmpdir(), 'ppm-payout-tls-'));
    closers.push(() => rm(tlsDir, { recursive: true, force: true }));
    const certs = await generateDevCerts(tlsDir);
    const signerRpc = createQtumRpcClient({ url: sim.url, timeoutMs: 60_000 });
    closers.push(() => Promise.resolve(signerRpc.close()));
    const signerApp = createSignerApp({
      PPM_NETWORK: 'regtest', PPM_STAKER_ADDRESS: sim.wallet.address, PPM_DATA_DIR: tlsDir,
      PPM_SIGNER_JOURNAL: path.join(tlsDir, 'journal.jsonl'), PPM_SIGNER_LISTEN: '127.0.0.1:0',
      PPM_TLS_CA: certs.ca, PPM_TLS_CERT: certs.signerCert, PPM_TLS_KEY: certs.signerKey,
      PPM_SIGNER_MAX_OUTPUT_SATS: 100_000_000_000n, PPM_SIGNER_MAX_BATCH_SATS: 10_000_000_000_000n, PPM_SIGNER_MAX_DAY_SATS: 100_000_000_000_000n,
      PPM_SIGNER_MIN_FEE_RATE: 400, PPM_SIGNER_MAX_FEE_RATE: 2_000,
      PPM_SIGNER_IMPORTED_SATS: HARNESS_IMPORTED_SATS, PPM_START_HEIGHT: undefined, PPM_CONFIRMATIONS: 5, PPM_PAYOUT_CONFIRMATIONS: 2,
      PPM_SIGNER_CLIENT_NAMES: 'payout', PPM_PAYOUT_APPROVAL: 'auto', PPM_PAYOUT_APPROVAL_TTL: '48h', PPM_OPERATOR_PUBKEYS: undefined,
      ...opts.signerConfig,
    }, { rpc: signerRpc, log, passphrase: TEST_PASSPHRASE });
    const { port } = await signerApp.start();
    closers.push(() => signerApp.stop());
    const tls = { ca: await readFile(certs.ca), cert: await readFile(certs.payoutCert), key: await readFile(certs.payoutKey) };
    const signerUrl = `127.0.0.1:${port}`;
    const signer = createSignerClient(signerUrl, tls);
    closers.push(() => Promise.resolve(signer.close()));
    const rpc = createQtumRpcClient({ url: sim.url, timeoutMs: 30_000 });
    closers.push(() => Promise.resolve(rpc.close()));
    const delegates = sim.chain.delegates().filter((d) => d.delegation?.fee === 100).map((d) => d.address);
    return { sim, rpc, signer, signerApp, tlsDir, tls, signerUrl, delegates, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** Confirmed UTXOs paying `address` created by tx `txid`s (what the chain actually paid). */
export function paidOnChain(sim: SimHandle, address: string): bigint[] {
  return sim.chain.utxosOf(address).filter((u) => !u.isCoinbase && !u.isCoinstake).map((u) => u.value);
}
