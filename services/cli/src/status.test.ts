import { RpcAuthError, RpcInWarmupError, RpcTimeoutError, RpcTransportError } from '@ppm/qtum-rpc';
import { healthProblems, nodeErrorLine, nodeUnreachable, type Status } from './status';

const NOW = new Date('2026-12-02T12:00:00Z');

/** A healthy status; each test breaks one part. */
function status(over: Partial<Status> = {}): Status {
  return {
    node: { tip: 1_000, staking: true, initialBlockDownload: false, tipTime: '2026-12-02T11:59:00.000Z' },
    chainFollow: { state: 'following', message: null, nodeBehind: null, reorgGate: null, stall: null, chain: null },
    appliedHeight: 995, lagBlocks: 0, poolWeightSats: 0n, delegates: 0, knownDelegates: 0, lastPoolBlock: null,
    poolBlocks: 0, selfBlocks: 0, totals: { accruedSats: 0n, paidSats: 0n, inFlightSats: 0n, balanceSats: 0n },
    queues: { 'chain.blocks': 0 }, payouts: {},
    notifications: {
      deliveries: { pending: 0, retry: 0, sending: 0, sent: 3, held: 2, failed: 0 },
      unrelayed: 0, oldestWaitingSince: null, lastError: null, lastSentAt: '2026-12-02T11:00:00.000Z',
    },
    ...over,
  } as Status;
}

const limits = { maxLagBlocks: 10, staleAfterMin: 30, now: NOW };

describe('healthProblems', () => {
  it('finds nothing wrong with a healthy pool (held mail in quiet hours is normal)', () => {
    expect(healthProblems(status(), limits)).toEqual([]);
    expect(nodeUnreachable(status())).toBe(false);
  });

  it('reports each problem on its own line, all at once', () => {
    const s = status({
      node: { tip: 1_000, staking: true, initialBlockDownload: false, tipTime: '2026-12-02T11:00:00.000Z' },
      lagBlocks: 11, appliedHeight: 984,
      queues: { error: 'ECONNREFUSED' } as never,
      notifications: { ...status().notifications, deliveries: { ...status().notifications.deliveries, retry: 4 }, lastError: { messageId: '9', recipient: 'op@x', error: '535 auth failed', at: '2026-12-02T11:58:00.000Z' } },
    });
    expect(healthProblems(s, limits)).toEqual([
      'node stalled: no new block for 60 min (tip 1000 at 2026-12-02T11:00:00.000Z; limit PPM_STALE_AFTER_MIN=30)',
      'ledger lagging: applied through 984, 11 confirmed blocks behind (limit 10)',
      'queues unreadable: ECONNREFUSED',
      'mail failing: 4 deliveries waiting to retry (last error 2026-12-02T11:58:00.000Z: 535 auth failed)',
    ]);
  });

  it('a lag at the limit is fine; one more block is not', () => {
    expect(healthProblems(status({ lagBlocks: 10 }), limits)).toEqual([]);
    expect(healthProblems(status({ lagBlocks: 11 }), limits)).toHaveLength(1);
  });

  it('an unreachable node is a problem and makes plain `ppm status` fail too', () => {
    const s = status({ node: { error: 'node unreachable at http://127.0.0.1:9/ (ECONNREFUSED)' }, lagBlocks: null });
    expect(healthProblems(s, limits)).toEqual(['node unreachable at http://127.0.0.1:9/ (ECONNREFUSED)']);
    expect(nodeUnreachable(s)).toBe(true);
  });

  it('names the node without its credentials, with the socket error code, a timeout or what it answered', () => {
    const url = 'http://ppm:secret@127.0.0.1:3889/';
    expect(nodeErrorLine(new RpcTransportError('getblockchaininfo: cannot reach qtumd', 'getblockchaininfo', 'ECONNREFUSED'), url))
      .toBe('node unreachable at http://127.0.0.1:3889/ (ECONNREFUSED)');
    expect(nodeErrorLine(new RpcTimeoutError('getblockchaininfo', 2000), url)).toBe('node unreachable at http://127.0.0.1:3889/ (ETIMEDOUT)');
    expect(nodeErrorLine(new RpcAuthError('getblockchaininfo'), url)).toMatch(/^node at http:\/\/127\.0\.0\.1:3889\/ failed: getblockchaininfo: qtumd refused the credentials/);
    expect(nodeErrorLine(new RpcInWarmupError(-28, 'Loading block index…', 'getblockchaininfo'), url)).toBe('node at http://127.0.0.1:3889/ is starting (Loading block index…)');
  });

  it('a node behind the ledger, a deep reorg waiting for the operator and a stalled block are problems', () => {
    const s = status({
      chainFollow: {
        state: 'reorg-gate', message: 'x',
        nodeBehind: { nodeHeight: 850, ledgerHeight: 995, blocks: 145, initialBlockDownload: true, message: 'node behind the ledger by 145 blocks (reindexing / catching up)' },
        reorgGate: { forkHeight: 880, forkHash: 'ab'.repeat(32), depth: 115, maxDepth: 100, message: 'deep' },
        stall: { message: 'block 996 waits for accrual' },
        chain: null,
      } as never,
    });
    expect(healthProblems(s, limits)).toEqual([
      `deep reorg waits for the operator: fork point 880 ${'ab'.repeat(32)} (115 blocks deep; ppm reorg accept)`,
      'chain: node behind the ledger by 145 blocks (reindexing / catching up)',
      'chain: block 996 waits for accrual',
    ]);
    const accepted = status({ chainFollow: { ...status().chainFollow, reorgGate: { forkHeight: 880, forkHash: 'ab'.repeat(32), depth: 115, maxDepth: 100, acceptedAtMs: 1, message: 'deep' } } as never });
    expect(healthProblems(accepted, limits)).toEqual([]);
  });
});
