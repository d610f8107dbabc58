import { encodeAddress } from '@ppm/chain';
import { ConfigError } from '@ppm/runtime';
import { chainEnv, payoutEnv, signerEnv, storageEnv } from './env';
import { checkSetEnv, loadConfig } from './load';

const REGTEST_STAKER = 'qbZYLgKFSojykoArbEakMTzxwbeTtPkG5p';
const MAINNET_STAKER = encodeAddress('c579ee1fa4329028e2e3e9cbc5d37010f7c4eb6e', 'mainnet');

const validChain = {
  QTUM_RPC_URL: 'http://user:pass@127.0.0.1:3889/',
  PPM_NETWORK: 'regtest',
  PPM_STAKER_ADDRESS: REGTEST_STAKER,
};

/** The problems of a failing load (fails the test when the load succeeds). */
function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('parses a valid env and applies defaults', () => {
    const cfg = loadConfig(chainEnv, validChain);
    expect(cfg.PPM_NETWORK).toBe('regtest');
    expect(cfg.PPM_STAKER_ADDRESS).toBe(REGTEST_STAKER);
    expect(cfg.PPM_CONFIRMATIONS).toBe(5);
    expect(cfg.PPM_MIN_UTXO_SATS).toBe(10_000_000_000n);
    expect(typeof cfg.PPM_MIN_UTXO_SATS).toBe('bigint');
    expect(cfg.PPM_QTUM_WALLET).toBeUndefined();
  });

  it('parses explicit values', () => {
    const cfg = loadConfig(chainEnv, { ...validChain, PPM_CONFIRMATIONS: '12', PPM_MIN_UTXO_SATS: '123456789012345678901' });
    expect(cfg.PPM_CONFIRMATIONS).toBe(12);
    expect(cfg.PPM_MIN_UTXO_SATS).toBe(123456789012345678901n);
  });

  it('treats empty strings as unset: defaults and optionals apply', () => {
    const cfg = loadConfig(chainEnv, {
      ...validChain, PPM_CONFIRMATIONS: '', PPM_MIN_UTXO_SATS: '', PPM_QTUM_WALLET: '', PPM_START_HEIGHT: '',
    });
    expect(cfg.PPM_CONFIRMATIONS).toBe(5);
    expect(cfg.PPM_MIN_UTXO_SATS).toBe(10_000_000_000n);
    expect(cfg.PPM_QTUM_WALLET).toBeUndefined();
    expect(cfg.PPM_START_HEIGHT).toBeUndefined();
  });

  it('reports an empty required variable as not set', () => {
    const problems = problemsOf(() => loadConfig(chainEnv, { ...validChain, PPM_STAKER_ADDRESS: '' }));
    expect(problems).toEqual(['PPM_STAKER_ADDRESS: required (not set)']);
  });

  it('lists every problem at once, one line each, each naming its variable', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig(chainEnv, {
        QTUM_RPC_URL: 'not a url',
        PPM_NETWORK: 'regtest',
        PPM_STAKER_ADDRESS: REGTEST_STAKER,
        PPM_CONFIRMATIONS: '0',
        PPM_MIN_UTXO_SATS: '1.5',
        PPM_POOL_FEE_BPS: 'lots',
      });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = ['QTUM_RPC_URL', 'PPM_CONFIRMATIONS', 'PPM_MIN_UTXO_SATS', 'PPM_POOL_FEE_BPS'];
    expect(error!.problems).toHaveLength(names.length);
    for (const name of names) expect(error!.problems.filter((p) => p.startsWith(`${name}: `))).toHaveLength(1);
    const lines = error!.message.split('\n');
    expect(lines[0]).toBe('invalid configuration (4 problems):');
    for (const name of names) expect(lines.filter((l) => l.startsWith(`  - ${name}: `))).toHaveLength(1);
  });

  it('refuses a mainnet staker address on regtest, naming the network', () => {
    const problems = problemsOf(() => loadConfig(chainEnv, { ...validChain, PPM_STAKER_ADDRESS: MAINNET_STAKER }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PPM_STAKER_ADDRESS: .*regtest/);
  });

  it('checks the staker address against the network even when other fields fail', () => {
    const problems = problemsOf(() => loadConfig(chainEnv, {
      ...validChain, PPM_STAKER_ADDRESS: MAINNET_STAKER, PPM_CONFIRMATIONS: 'many',
    }));
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith('PPM_CONFIRMATIONS: '))).toBe(true);
    expect(problems.some((p) => /^PPM_STAKER_ADDRESS: .*regtest/.test(p))).toBe(true);
  });

  it('accepts the mainnet address on mainnet (the default network)', () => {
    const cfg = loadConfig(chainEnv, { QTUM_RPC_URL: validChain.QTUM_RPC_URL, PPM_STAKER_ADDRESS: MAINNET_STAKER });
    expect(cfg.PPM_NETWORK).toBe('mainnet');
  });

  it('refuses a payout minimum at or below the dust limit', () => {
    for (const v of ['72800', '1', '0']) {
      const problems = problemsOf(() => loadConfig(payoutEnv, { PPM_MIN_PAYOUT_SATS: v }));
      expect(problems).toEqual(['PPM_MIN_PAYOUT_SATS: must be above the dust limit of 72800 sat']);
    }
    expect(loadConfig(payoutEnv, { PPM_MIN_PAYOUT_SATS: '72801' }).PPM_MIN_PAYOUT_SATS).toBe(72_801n);
    expect(loadConfig(payoutEnv, {}).PPM_MIN_PAYOUT_SATS).toBe(100_000n);
  });

  it('refuses a signer min fee rate above the max', () => {
    const problems = problemsOf(() => loadConfig(signerEnv, { PPM_SIGNER_MIN_FEE_RATE: '900', PPM_SIGNER_MAX_FEE_RATE: '800' }));
    expect(problems).toEqual(['PPM_SIGNER_MAX_FEE_RATE: must be >= PPM_SIGNER_MIN_FEE_RATE']);
    const cfg = loadConfig(signerEnv, { PPM_SIGNER_MIN_FEE_RATE: '800', PPM_SIGNER_MAX_FEE_RATE: '800' });
    expect(cfg.PPM_SIGNER_MAX_FEE_RATE).toBe(800);
  });

  it('compares the fee rates with the default of the unset one', () => {
    // MAX defaults to 2000.
    const problems = problemsOf(() => loadConfig(signerEnv, { PPM_SIGNER_MIN_FEE_RATE: '3000' }));
    expect(problems).toEqual(['PPM_SIGNER_MAX_FEE_RATE: must be >= PPM_SIGNER_MIN_FEE_RATE']);
  });
});

describe('payout schedule and every set value', () => {
  it('accepts cron patterns and IANA zones that BullMQ schedules with', () => {
    const cfg = loadConfig(payoutEnv, { PPM_PAYOUT_CRON: '30 2 * * 1-5', PPM_PAYOUT_TZ: 'Europe/Berlin' });
    expect(cfg.PPM_PAYOUT_CRON).toBe('30 2 * * 1-5');
    expect(cfg.PPM_PAYOUT_TZ).toBe('Europe/Berlin');
    expect(loadConfig(payoutEnv, {}).PPM_PAYOUT_TZ).toBe('UTC');
  });

  it('lists an invalid cron and an unknown zone together', () => {
    const problems = problemsOf(() => loadConfig(payoutEnv, { PPM_PAYOUT_CRON: '0 25 * * *', PPM_PAYOUT_TZ: 'Europe/Berlni', PPM_PAYOUT_APPROVAL: 'yes' }));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^PPM_PAYOUT_CRON: must be a cron pattern like "0 0 \* \* \*" \(.*range 0-23/),
      'PPM_PAYOUT_TZ: must be an IANA time zone, e.g. UTC or Europe/Berlin',
      expect.stringMatching(/^PPM_PAYOUT_APPROVAL: /),
    ]));
    expect(problems).toHaveLength(3);
    expect(problemsOf(() => loadConfig(payoutEnv, { PPM_PAYOUT_CRON: 'every day' }))).toEqual([expect.stringMatching(/^PPM_PAYOUT_CRON: /)]);
  });

  it('allSet checks every set variable of the contract, beyond the fragments asked for', () => {
    const env = { PPM_DATA_DIR: '/tmp/x', PPM_PAYOUT_TZ: 'Nowhere/Land', PPM_CONFIRMATIONS: '0', PPM_SIGNER_MIN_FEE_RATE: '5000' };
    expect(loadConfig(storageEnv, env).PPM_DATA_DIR).toBe('/tmp/x');
    const problems = problemsOf(() => loadConfig(storageEnv, env, { allSet: true }));
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['PPM_CONFIRMATIONS', 'PPM_PAYOUT_TZ', 'PPM_SIGNER_MAX_FEE_RATE']);
    // Unset variables are not required by allSet: only what a command loads is.
    expect(() => checkSetEnv({ PPM_PAYOUT_CRON: '*/15 * * * *' })).not.toThrow();
    expect(problemsOf(() => checkSetEnv({ PPM_PAYOUT_CRON: '* * *  * * * *' }))).toEqual([expect.stringMatching(/^PPM_PAYOUT_CRON: /)]);
  });
});
