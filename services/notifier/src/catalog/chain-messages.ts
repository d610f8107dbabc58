import type { OutboxKind } from '@ppm/ledger';
import { message, qtum, short, type Renderer } from './rendered';

type ChainKinds = 'pool_reward' | 'self_reward' | 'stale_chain' | 'staking_off' | 'wallet_locked' | 'low_connections'
  | 'node_unreachable' | 'unallocated_reward' | 'reorg_reversal';

/** Renderers of chain and node events. */
export const chainRenderers: { readonly [K in ChainKinds & OutboxKind]: Renderer<K> } = {
  pool_reward: (p) =>
    message(
      `Pool block ${p.height}`,
      `Pool block ${p.height}: ${qtum(p.rewardSats)} shared by ${p.delegatesPaid} delegates`,
      [['Height', p.height], ['Block', p.blockHash], ['Reward', qtum(p.rewardSats)], ['Pool fee', qtum(p.poolFeeSats)],
        ['Delegates paid', p.delegatesPaid], ['Pool weight', qtum(p.poolWeightSats)]],
    ),
  self_reward: (p) =>
    message(`Self-staked block ${p.height}`, `Self-staked block ${p.height}: ${qtum(p.rewardSats)} pool revenue`,
      [['Height', p.height], ['Block', p.blockHash], ['Reward', qtum(p.rewardSats)]]),
  stale_chain: (p) =>
    message(
      `No new block for ${p.minutes} min`,
      `No new block for ${p.minutes} min: last ${p.lastHeight} at ${p.lastBlockTime}. Check qtumd and its peers.`,
      [['Last height', p.lastHeight], ['Last block time', p.lastBlockTime], ['Minutes', p.minutes]],
    ),
  staking_off: (p) =>
    message('Staking is OFF', `Staking is OFF at height ${p.height}: ${p.reason}`, [['Height', p.height], ['Reason', p.reason]]),
  wallet_locked: (p) =>
    message('Wallet locked: staking stopped', `Wallet locked at height ${p.height}: staking stopped. Unlock for staking only.`,
      [['Height', p.height]]),
  low_connections: (p) =>
    message(`Low connections: ${p.connections}`, `qtumd has only ${p.connections} connections (threshold ${p.threshold})`,
      [['Connections', p.connections], ['Threshold', p.threshold]]),
  node_unreachable: (p) =>
    message('qtumd unreachable', `qtumd unreachable since ${p.sinceIso}: ${p.error}`,
      [['Node', p.url.replace(/\/\/[^@/]*@/, '//')], ['Since', p.sinceIso], ['Error', p.error]]),
  unallocated_reward: (p) =>
    message(`Unallocated reward at ${p.height}`, `Pool block ${p.height}: ${qtum(p.amountSats)} unallocated (no eligible weight)`,
      [['Height', p.height], ['Block', p.blockHash], ['Amount', qtum(p.amountSats)]]),
  reorg_reversal: (p) =>
    message(
      `Reorg: block ${p.height} reversed`,
      `Reorg: ${p.kind} block ${p.height} (${short(p.blockHash)}) left the chain; ${qtum(p.reversedSats)} reversed in ${p.entries} entries`,
      [['Height', p.height], ['Block', p.blockHash], ['Kind', p.kind], ['Reversed', qtum(p.reversedSats)], ['Entries', p.entries]],
    ),
};
