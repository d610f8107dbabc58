import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { createQtumRpcClient, type QtumRpcClient } from '@ppm/qtum-rpc';
import { startSimulator, type Scenario, type SimHandle } from '@ppm/qtum-sim';
import type { SignerServiceClient } from '@ppm/proto';
import { captureLogs, type LogCapture } from '@ppm/testkit';
import { createSignerApp, type SignerApp, type SignerAppConfig } from '../app';
import { generateDevCerts, type DevCertPaths } from '../tls/certs';
import { createSignerClient } from '../tls/client';

/** The staker wallet's passphrase in tests. */
export const TEST_PASSPHRASE = 'ppm-staker-pass';

/**
 * The chain every signer test runs on: A and B delegated to S, C holds coins but never delegated, D delegated
 * and then left (still owed: must be payable). The pool staked two blocks with A's and B's coins (20,000 QTUM
 * each at these early regtest heights), so the signer's on-chain bound is far above what these tests pay; the
 * bound itself is tested in chain-bound.int.test.ts. The wallet is encrypted and unlocked for staking only.
 */
export const SIGNER_SCENARIO: Scenario = {
  seed: 'signer-tests',
  startHeight: 2_100,
  staker: { count: 20, qtum: '200' },
  delegates: [
    { label: 'A', utxos: ['150'] },
    { label: 'B', utxos: ['300'] },
    { label: 'C', delegated: false, utxos: ['120'] },
    { label: 'D', utxos: ['110'] },
  ],
  timeline: [
    { at: 2_101, do: 'removeDelegation', delegate: 'D' }, { at: 2_102, do: 'pow' },
    { at: 2_103, do: 'pool', delegate: 'A' }, { at: 2_104, do: 'pool', delegate: 'B' }, { at: 2_110, do: 'pow' },
  ],
  wallet: { passphrase: TEST_PASSPHRASE, stakingOnly: true },
};

/** Development certificates shared by a test file (generating RSA keys is the slow part). */
export async function makeCerts(): Promise<{ dir: string; main: DevCertPaths; other: DevCertPaths }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'signer-certs-'));
  const main = await generateDevCerts(path.join(dir, 'main'), { extraClients: ['intruder'] });
  const other = await generateDevCerts(path.join(dir, 'other'), { caName: 'some other CA' });
  return { dir, main, other };
}

/** A running signer on the simulator, with an mTLS client. */
export interface SignerFixture {
  readonly sim: SimHandle;
  readonly rpc: QtumRpcClient;
  readonly app: SignerApp;
  readonly port: number;
  readonly client: SignerServiceClient;
  readonly logs: LogCapture;
  readonly journalFile: string;
  /** Delegate addresses by label. */
  readonly addr: Readonly<Record<'A' | 'B' | 'C' | 'D', string>>;
  /** Every qtumd method the signer called, in order. */
  readonly nodeCalls: string[];
  /** Stops the signer (keeps the simulator and journal), to restart it with {@link startSigner}. */
  stopSigner(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link startFixture}. */
export interface FixtureOptions {
  readonly certs: DevCertPaths;
  readonly passphrase?: string;
  readonly config?: Partial<SignerAppConfig>;
  readonly now?: () => number;
  /** Reuse a simulator and journal dir (restart tests). */
  readonly sim?: SimHandle;
  readonly dataDir?: string;
}

/** Starts the simulator (unless given), the signer on 127.0.0.1:0, and an mTLS client with the payout cert. */
export async function startFixture(opts: FixtureOptions): Promise<SignerFixture> {
  const sim = opts.sim ?? await startSimulator({ scenario: SIGNER_SCENARIO, port: 0 });
  const dataDir = opts.dataDir ?? await mkdtemp(path.join(os.tmpdir(), 'signer-data-'));
  const nodeCalls: string[] = [];
  const rpc = createQtumRpcClient({
    url: sim.url, wallet: 'staker', timeoutMs: 5_000,
    retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
    onCall: (e) => nodeCalls.push(e.method),
  });
  const logs = captureLogs('signer-test');
  const config: SignerAppConfig = {
    PPM_NETWORK: 'regtest',
    PPM_STAKER_ADDRESS: sim.wallet.address,
    PPM_DATA_DIR: dataDir,
    PPM_SIGNER_JOURNAL: undefined,
    PPM_SIGNER_LISTEN: '127.0.0.1:0',
    PPM_TLS_CA: opts.certs.ca,
    PPM_TLS_CERT: opts.certs.signerCert,
    PPM_TLS_KEY: opts.certs.signerKey,
    PPM_SIGNER_MAX_OUTPUT_SATS: 10_000_000_000n,
    PPM_SIGNER_MAX_BATCH_SATS: 20_000_000_000n,
    PPM_SIGNER_MAX_DAY_SATS: 30_000_000_000n,
    PPM_SIGNER_IMPORTED_SATS: 0n,
    PPM_START_HEIGHT: undefined,
    PPM_CONFIRMATIONS: 5,
    PPM_PAYOUT_CONFIRMATIONS: 2,
    PPM_SIGNER_MIN_FEE_RATE: 400,
    PPM_SIGNER_MAX_FEE_RATE: 2_000,
    PPM_SIGNER_CLIENT_NAMES: 'payout',
    PPM_PAYOUT_APPROVAL: 'auto',
    PPM_PAYOUT_APPROVAL_TTL: '48h',
    PPM_OPERATOR_PUBKEYS: undefined,
    ...opts.config,
  };
  const app = createSignerApp(config, {
    rpc, log: logs.log, passphrase: opts.passphrase ?? TEST_PASSPHRASE, ...(opts.now ? { now: opts.now } : {}),
    // Tests count node calls per request: no background indexing.
    warmDelegationIndex: false,
  });
  const { port } = await app.start();
  const client = createSignerClient(`127.0.0.1:${port}`, {
    ca: readFileSync(opts.certs.ca), cert: readFileSync(opts.certs.payoutCert), key: readFileSync(opts.certs.payoutKey),
  });
  const byLabel = new Map(sim.chain.delegates().map((d) => [d.label, d.address]));
  const label = (l: string): string => {
    const a = byLabel.get(l);
    if (!a) throw new Error(`scenario has no delegate ${l}`);
    return a;
  };
  let signerStopped = false;
  const stopSigner = async () => {
    if (signerStopped) return;
    signerStopped = true;
    client.close();
    await app.stop();
    rpc.close();
  };
  return {
    sim, rpc, app, port, client, logs, nodeCalls,
    journalFile: config.PPM_SIGNER_JOURNAL ?? path.join(dataDir, 'signer-journal.jsonl'),
    addr: { A: label('A'), B: label('B'), C: label('C'), D: label('D') },
    stopSigner,
    async close() {
      await stopSigner();
      if (!opts.sim) await sim.close();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
