import { BATCH_STATES, canTransition, isFinal, nextStep, TRANSITIONS } from './batch-state';
import { classifyBroadcastError, classifySent } from './broadcast-outcome';

describe('batch state machine', () => {
  it('never leaves a final state and never goes back to reserved or signed', () => {
    for (const s of BATCH_STATES) {
      if (isFinal(s)) expect(TRANSITIONS[s]).toEqual([]);
      expect(canTransition(s, 'reserved')).toBe(false);
    }
    expect(canTransition('broadcast', 'signed')).toBe(false);
    expect(canTransition('reserved', 'broadcast')).toBe(false);
    // A tx that was signed can only be released as `dropped` (proof its inputs are gone), never `failed`.
    expect(canTransition('signed', 'failed')).toBe(false);
  });

  it('resumes each state with the right step', () => {
    expect(BATCH_STATES.map(nextStep)).toEqual(['sign', 'broadcast', 'track', 'track', 'none', 'none', 'none']);
  });
});

class FakeRpcError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

describe('broadcast outcomes', () => {
  const txid = 'ab'.repeat(32);
  it('counts the same txid back and -27 as sent', () => {
    expect(classifySent(txid, txid)).toEqual({ kind: 'sent' });
    expect(classifyBroadcastError(new FakeRpcError(-27, 'Transaction already in block chain'))).toEqual({ kind: 'sent' });
  });
  it('reads -25 missing/spent inputs as inputs-missing, other -25 as retry', () => {
    expect(classifyBroadcastError(new FakeRpcError(-25, 'bad-txns-inputs-missingorspent')).kind).toBe('inputs-missing');
    expect(classifyBroadcastError(new FakeRpcError(-25, 'mempool full')).kind).toBe('retry');
  });
  it('keeps -26 conflicts as rejected-for-now, transport errors as retry, and a wrong txid as rejected', () => {
    expect(classifyBroadcastError(new FakeRpcError(-26, 'txn-mempool-conflict')).kind).toBe('rejected');
    expect(classifyBroadcastError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).kind).toBe('retry');
    expect(classifySent('cd'.repeat(32), txid).kind).toBe('rejected');
  });
});
