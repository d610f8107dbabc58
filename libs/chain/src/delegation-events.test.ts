import { ADD_DELEGATION_TOPIC, REMOVE_DELEGATION_TOPIC, DELEGATION_CONTRACT_HEX, decodeDelegationEvents, delegationsInEffect, type ReceiptLike } from './delegation-events';
import { fixtureResponse } from './test/fixtures';
import type { JsonNumber, WireValue } from './wire-json';

const S = 'c579ee1fa4329028e2e3e9cbc5d37010f7c4eb6e';
const T = '1111111111111111111111111111111111111111';
const A = '5ebe49e08f75d4ae4fdc52c6b75c03ac35da7179';
const B = '2a597d445c5380d3f5e47a524ed7726c7fbe0e39';
const pad = (h: string) => h.padStart(64, '0');

function addData(fee: number, height: number): string {
  const pod = 'ab'.repeat(65);
  return [pad(fee.toString(16)), pad(height.toString(16)), pad('60'), pad('41'), pod.padEnd(128, '0')].join('');
}
function receipt(block: number, tx: number, topics: string[], data = ''): ReceiptLike {
  return { blockNumber: block, transactionIndex: tx, transactionHash: `${block}-${tx}`, log: [{ address: DELEGATION_CONTRACT_HEX, topics, data }] };
}
const add = (block: number, staker: string, delegate: string, fee: number, tx = 1) => receipt(block, tx, [ADD_DELEGATION_TOPIC, pad(staker), pad(delegate)], addData(fee, block));
const remove = (block: number, staker: string, delegate: string, tx = 1) => receipt(block, tx, [REMOVE_DELEGATION_TOPIC, pad(staker), pad(delegate)]);

describe('delegation events', () => {
  it('decodes the real AddDelegation events of fixture 124', () => {
    const result = (fixtureResponse('124-searchlogs-delegation-contract.json') as { [k: string]: WireValue }).result as { [k: string]: WireValue }[];
    const receipts: ReceiptLike[] = result.map((r) => ({
      blockNumber: (r.blockNumber as JsonNumber).toSafeInt(),
      transactionIndex: (r.transactionIndex as JsonNumber).toSafeInt(),
      transactionHash: r.transactionHash as string,
      log: (r.log as { [k: string]: WireValue }[]).map((l) => ({ address: l.address as string, topics: l.topics as string[], data: l.data as string })),
    }));
    const events = decodeDelegationEvents(receipts);
    expect(events.map((e) => [e.type, e.stakerHash160, e.delegateHash160, e.fee, e.delegationHeight, e.blockNumber])).toEqual([
      ['add', S, B, 100, 3502, 3502],
      ['add', S, A, 100, 3502, 3502],
    ]);
    expect(events[1]!.pod).toBe('1f181361c34ebc98db1995f378db1e2247400c29377d874445c6fa4145bb0642380250e687cd0851623944f5d6d4c7f0a8d7149276d65072e82919df7e3978fe92');
  });

  it('applies rule 4: events in blocks <= H-1, latest per delegate wins', () => {
    const events = decodeDelegationEvents([add(10, S, A, 100), add(10, S, B, 100, 2), remove(20, S, B), add(30, S, A, 50), add(40, S, B, 100)]);
    expect(delegationsInEffect(events, S, 10)).toEqual([]); // events at 10 are not in effect at 10
    expect(delegationsInEffect(events, S, 11).map((d) => [d.delegateHash160, d.fee])).toEqual([[B, 100], [A, 100]]);
    expect(delegationsInEffect(events, S, 21).map((d) => d.delegateHash160)).toEqual([A]);
    expect(delegationsInEffect(events, S, 31).map((d) => [d.delegateHash160, d.fee])).toEqual([[A, 50]]);
    expect(delegationsInEffect(events, S, 41).map((d) => d.delegateHash160).sort()).toEqual([A, B].sort());
  });

  it('a delegate that re-delegates to another staker leaves S', () => {
    const events = decodeDelegationEvents([add(10, S, A, 100), add(15, T, A, 100)]);
    expect(delegationsInEffect(events, S, 12).map((d) => d.delegateHash160)).toEqual([A]);
    expect(delegationsInEffect(events, S, 16)).toEqual([]);
  });

  it('orders events by block, transaction and log index', () => {
    const events = decodeDelegationEvents([remove(10, S, A, 2), add(10, S, A, 100, 1)]);
    expect(delegationsInEffect(events, S, 11)).toEqual([]);
  });

  it('ignores other contracts and topics; refuses malformed data', () => {
    expect(decodeDelegationEvents([{ ...add(1, S, A, 100), log: [{ address: '00'.repeat(20), topics: [ADD_DELEGATION_TOPIC], data: '' }] }])).toEqual([]);
    expect(() => decodeDelegationEvents([receipt(1, 1, [ADD_DELEGATION_TOPIC, pad(S), pad(A)], '00')])).toThrow(/too short/);
  });
});
