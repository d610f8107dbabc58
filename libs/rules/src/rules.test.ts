import { createHash } from 'node:crypto';
import { addressFromPubkey, encodeAddress, messageHash, publicKeyOf, signRecoverable, verifyMessage } from '@ppm/chain';
import { ConfigError } from '@ppm/runtime';
import { checkRedirectSignatures } from './check-redirects';
import { redirectMessage } from './redirect-message';
import { parseRules, rulesVersion } from './rules-file';

const keyOf = (label: string) => createHash('sha256').update(`rules-test/${label}`).digest('hex');
const A_KEY = keyOf('A');
const A = addressFromPubkey(publicKeyOf(A_KEY), 'regtest');
const B = encodeAddress('22'.repeat(20), 'regtest');
const C = encodeAddress('33'.repeat(20), 'regtest');
const X = encodeAddress('44'.repeat(20), 'regtest');
const Y = encodeAddress('55'.repeat(20), 'regtest');
const S = encodeAddress('99'.repeat(20), 'regtest');
const sign = (priv: string, text: string) => signRecoverable(messageHash(text), priv).toString('base64');
const verify = (address: string, signature: string, message: string) => Promise.resolve(verifyMessage(address, signature, message, 'regtest') === 'ok');

/** One of each rule, in YAML (the README's example). */
const yaml = (signature: string) => `
version: 1
leftover: redistribute   # share of excluded / under-minimum delegates goes to the others
exclude:
  - address: ${C}
    reason: operator's own coins
feeOverrides:
  - address: ${B}
    feeBps: 500
minWeightSats: "10000000000"
redirects:
  - from: ${A}
    to: ${B}
    signature: ${signature}
poolFeeSplit:
  - address: ${X}
    bps: 7000
  - address: ${Y}
    bps: 3000
`;

function problems(text: string): string[] {
  try {
    parseRules(text, 'regtest', 'rules.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('rules file', () => {
  it('parses one of each rule from YAML, and the same rules in JSON have the same version', () => {
    const sig = sign(A_KEY, redirectMessage(S, A, B));
    const r = parseRules(yaml(sig), 'regtest', 'rules.yaml');
    expect(r).toEqual({
      version: 1, leftover: 'redistribute', exclude: [{ address: C, reason: "operator's own coins" }], feeOverrides: [{ address: B, feeBps: 500 }],
      minWeightSats: 10_000_000_000n, redirects: [{ from: A, to: B, signature: sig }], poolFeeSplit: [{ address: X, bps: 7000 }, { address: Y, bps: 3000 }],
    });
    const json = JSON.stringify({ ...r, minWeightSats: 10_000_000_000, poolFeeSplit: [...r.poolFeeSplit].reverse() });
    expect(rulesVersion(parseRules(json, 'regtest', 'rules.json'))).toBe(rulesVersion(r));
    expect(rulesVersion({ ...r, minWeightSats: 1n })).not.toBe(rulesVersion(r));
  });

  it('lists every problem at once, with its path', () => {
    const text = `
version: 1
leftover: burn
exclude: [{ address: qXYZ }]
feeOverrides: [{ address: ${B}, feeBps: 10001 }, { address: ${B}, feeBps: 5 }]
minWeightSats: -1
redirects: [{ from: ${A}, to: ${A}, signature: x }, { from: ${B}, to: ${A}, signature: y }]
poolFeeSplit: [{ address: ${X}, bps: 6000 }]
extra: true
`;
    const p = problems(text);
    expect(p).toEqual(expect.arrayContaining([
      expect.stringMatching(/^rules\.yaml: leftover: must be "pool" or "redistribute"/),
      expect.stringMatching(/^rules\.yaml: exclude\.0\.address: not a Qtum address/),
      expect.stringMatching(/^rules\.yaml: feeOverrides\.0\.feeBps: /),
      expect.stringMatching(/^rules\.yaml: minWeightSats: /),
      expect.stringMatching(/Unrecognized key.*extra/),
    ]));
    const cross = problems(`
version: 1
leftover: pool
feeOverrides: [{ address: ${B}, feeBps: 100 }, { address: ${B}, feeBps: 5 }]
redirects: [{ from: ${A}, to: ${A}, signature: x }, { from: ${B}, to: ${A}, signature: y }]
poolFeeSplit: [{ address: ${X}, bps: 6000 }]
`);
    expect(cross).toEqual(expect.arrayContaining([
      `rules.yaml: feeOverrides.1: ${B} is listed twice in feeOverrides`,
      `rules.yaml: redirects.0: ${A} redirects to itself`,
      `rules.yaml: redirects.1.to: ${A} is itself redirected: chains of redirects are refused`,
      'rules.yaml: poolFeeSplit: bps must sum to 10000, got 6000',
    ]));
    expect(problems('version: [')).toEqual([expect.stringMatching(/^rules\.yaml: not valid YAML/)]);
  });

  it('accepts a redirect only with A\'s signature of exactly that redirect', async () => {
    const good = parseRules(yaml(sign(A_KEY, redirectMessage(S, A, B))), 'regtest');
    expect(await checkRedirectSignatures(good, S, verify)).toEqual([]);
    // Signed by someone else, for another destination, for another pool, or not a signature at all.
    for (const sig of [sign(keyOf('operator'), redirectMessage(S, A, B)), sign(A_KEY, redirectMessage(S, A, X)), sign(A_KEY, redirectMessage(X, A, B)), 'AAAA']) {
      const bad = parseRules(yaml(sig), 'regtest');
      expect(await checkRedirectSignatures(bad, S, verify)).toEqual([`redirects.0: the signature is not ${A}'s signature of "${redirectMessage(S, A, B)}"`]);
    }
  });
});
