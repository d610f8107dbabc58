import { ConfigError } from '@ppm/runtime';
import { journalPath, listenAddress, loadSignerConfig } from './config';

const base = {
  QTUM_RPC_URL: 'http://ppm:ppm@127.0.0.1:13889/',
  PPM_NETWORK: 'regtest',
  PPM_STAKER_ADDRESS: 'qbZYLgKFSojykoArbEakMTzxwbeTtPkG5p',
  PPM_TLS_CA: '/certs/ca.pem',
  PPM_TLS_CERT: '/certs/signer.pem',
  PPM_TLS_KEY: '/certs/signer-key.pem',
  PPM_WALLET_PASSPHRASE_FILE: '/run/secrets/wallet',
};

describe('loadSignerConfig', () => {
  it('parses the signer env with defaults', () => {
    const c = loadSignerConfig(base);
    // Caps come from the chain unless an override lowers them.
    expect(c.PPM_SIGNER_MAX_OUTPUT_SATS).toBeUndefined();
    expect(c.PPM_SIGNER_IMPORTED_SATS).toBe(0n);
    expect(c.PPM_SIGNER_MIN_FEE_RATE).toBe(400);
    expect(listenAddress(c)).toEqual({ host: '127.0.0.1', port: 50051 });
    expect(journalPath(c)).toBe('data/signer-journal.jsonl');
    expect(journalPath({ ...c, PPM_SIGNER_JOURNAL: '/var/lib/ppm/j.jsonl' })).toBe('/var/lib/ppm/j.jsonl');
  });

  it('lists every problem at once, including the mTLS files and the passphrase file', () => {
    const { PPM_TLS_KEY: _k, PPM_WALLET_PASSPHRASE_FILE: _p, ...rest } = base;
    let problems: string[] = [];
    try {
      loadSignerConfig({ ...rest, PPM_SIGNER_MAX_DAY_SATS: '1.5' });
    } catch (err) {
      if (err instanceof ConfigError) problems = err.problems;
    }
    expect(problems.join('\n')).toMatch(/PPM_SIGNER_MAX_DAY_SATS/);
    expect(problems.join('\n')).toMatch(/PPM_TLS_KEY: required/);
    expect(problems.join('\n')).toMatch(/PPM_WALLET_PASSPHRASE_FILE: required/);
  });
});
