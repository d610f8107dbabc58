import { CONNECTIONS_GRACE_MS, evaluateHealth, latchActions, redactUrl, type HealthCondition } from './health-rules';

const T = { staleAfterMin: 30, minConnections: 5 };
const now = Date.UTC(2026, 10, 30, 12, 0, 0);
const healthy = {
  nowMs: now, startedAtMs: now - CONNECTIONS_GRACE_MS, reachable: true, rpcUrl: 'http://u:secret@127.0.0.1:3889/',
  tipHeight: 100, tipTimeSec: now / 1000 - 60, connections: 8, staking: true, stakingErrors: '', unlockedUntil: 99_999_999,
};

describe('evaluateHealth', () => {
  it('is all off on a healthy node', () => {
    const s = evaluateHealth(healthy, T);
    expect(Object.values(s).map((x) => x.state)).toEqual(['off', 'off', 'off', 'off', 'off']);
  });
  it('flags a stale chain only after the threshold', () => {
    expect(evaluateHealth({ ...healthy, tipTimeSec: now / 1000 - 30 * 60 }, T).stale_chain.state).toBe('off');
    const s = evaluateHealth({ ...healthy, tipTimeSec: now / 1000 - 31 * 60 }, T).stale_chain;
    expect(s).toEqual({ state: 'on', payload: { lastHeight: 100, lastBlockTime: new Date(now - 31 * 60_000).toISOString(), minutes: 31 } });
  });
  it('does not judge a stale chain while the node is behind the ledger (its active tip is old during a reindex)', () => {
    expect(evaluateHealth({ ...healthy, tipTimeSec: now / 1000 - 31 * 60, nodeBehind: true }, T).stale_chain.state).toBe('unknown');
  });
  it('flags staking off and a locked encrypted wallet, not an unencrypted one', () => {
    expect(evaluateHealth({ ...healthy, staking: false }, T).staking_off.state).toBe('on');
    expect(evaluateHealth({ ...healthy, unlockedUntil: 0 }, T).wallet_locked.state).toBe('on');
    expect(evaluateHealth({ ...healthy, unlockedUntil: undefined }, T).wallet_locked.state).toBe('off');
    expect(evaluateHealth({ ...healthy, unlockedUntil: null }, T).wallet_locked.state).toBe('unknown');
  });
  it('flags connections <= threshold only after the first 30 minutes', () => {
    expect(evaluateHealth({ ...healthy, connections: 5 }, T).low_connections.state).toBe('on');
    expect(evaluateHealth({ ...healthy, connections: 6 }, T).low_connections.state).toBe('off');
    expect(evaluateHealth({ ...healthy, connections: 0, startedAtMs: now - CONNECTIONS_GRACE_MS + 1 }, T).low_connections.state).toBe('off');
  });
  it('reports an unreachable node without credentials and leaves the other conditions unknown', () => {
    const s = evaluateHealth({ nowMs: now, startedAtMs: now, reachable: false, error: 'ECONNREFUSED', rpcUrl: healthy.rpcUrl }, T);
    expect(s.node_unreachable.state).toBe('on');
    expect(JSON.stringify(s.node_unreachable)).not.toContain('secret');
    expect(s.staking_off.state).toBe('unknown');
  });
});

describe('latchActions', () => {
  it('raises once per episode, re-arms when cleared, keeps latches on unknown', () => {
    const on = evaluateHealth({ ...healthy, staking: false }, T);
    expect(latchActions(on, new Set())).toEqual([{ kind: 'raise', condition: 'staking_off' }]);
    expect(latchActions(on, new Set<HealthCondition>(['staking_off']))).toEqual([]);
    expect(latchActions(evaluateHealth(healthy, T), new Set<HealthCondition>(['staking_off']))).toEqual([{ kind: 'clear', condition: 'staking_off' }]);
    const down = evaluateHealth({ nowMs: now, startedAtMs: now, reachable: false, rpcUrl: 'http://x/' }, T);
    expect(latchActions(down, new Set<HealthCondition>(['staking_off']))).toEqual([{ kind: 'raise', condition: 'node_unreachable' }]);
  });
});

describe('redactUrl', () => {
  it('drops user and password', () => {
    expect(redactUrl('http://u:p@h:1/')).toBe('http://h:1/');
  });
});
