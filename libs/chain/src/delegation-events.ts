/**
 * The delegation contract (0x...86) and its events, decoded from `searchlogs` receipts.
 * AddDelegation(address indexed _staker, address indexed _delegate, uint8 fee, uint256 blockHeight, bytes PoD)
 * RemoveDelegation(address indexed _staker, address indexed _delegate)
 */

/** The delegation contract address as searchlogs takes it (40 hex). */
export const DELEGATION_CONTRACT_HEX = '0000000000000000000000000000000000000086';
/** keccak256("AddDelegation(address,address,uint8,uint256,bytes)"). */
export const ADD_DELEGATION_TOPIC = 'a23803f3b2b56e71f2921c22b23c32ef596a439dbe03f7250e6b58a30eb910b5';
/** keccak256("RemoveDelegation(address,address)"). */
export const REMOVE_DELEGATION_TOPIC = '7fe28d2d0b16cf95b5ea93f4305f89133b3892543e616381a1336fc1e7a01fa0';

/** One decoded delegation event, with its position in the chain for ordering. */
export interface DelegationEvent {
  readonly type: 'add' | 'remove';
  readonly stakerHash160: string;
  readonly delegateHash160: string;
  /** Percent of the reward the staker keeps (add only). */
  readonly fee: number | null;
  /** Height recorded by the contract (add only). */
  readonly delegationHeight: number | null;
  /** 65-byte proof of delegation, hex (add only). */
  readonly pod: string | null;
  /** Block the event was mined in. */
  readonly blockNumber: number;
  readonly transactionIndex: number;
  /** Index of the log within the receipt. */
  readonly logIndex: number;
  readonly transactionHash: string;
}

/** A log entry as searchlogs returns it. */
export interface LogEntry {
  readonly address: string;
  readonly topics: readonly string[];
  readonly data: string;
}

/** A receipt as searchlogs returns it (the fields we use). */
export interface ReceiptLike {
  readonly blockNumber: number;
  readonly transactionHash: string;
  readonly transactionIndex: number;
  readonly log: readonly LogEntry[];
}

/** A receipt log that claims to be a delegation event but cannot be decoded. */
export class DelegationEventError extends Error {
  override readonly name = 'DelegationEventError';
}

function addressTopic(topic: string | undefined, what: string): string {
  if (!topic || !/^0{24}[0-9a-f]{40}$/i.test(topic)) throw new DelegationEventError(`bad ${what} topic ${JSON.stringify(topic)}`);
  return topic.slice(24).toLowerCase();
}

function word(data: string, index: number): bigint {
  const w = data.slice(index * 64, index * 64 + 64);
  if (w.length !== 64) throw new DelegationEventError(`event data too short (word ${index})`);
  return BigInt(`0x${w}`);
}

/** Decodes every delegation event in `receipts` (other logs are ignored), in chain order. */
export function decodeDelegationEvents(receipts: readonly ReceiptLike[]): DelegationEvent[] {
  const events: DelegationEvent[] = [];
  for (const r of receipts) {
    r.log.forEach((log, logIndex) => {
      if (log.address.toLowerCase() !== DELEGATION_CONTRACT_HEX) return;
      const t0 = log.topics[0]?.toLowerCase();
      if (t0 !== ADD_DELEGATION_TOPIC && t0 !== REMOVE_DELEGATION_TOPIC) return;
      const base = {
        stakerHash160: addressTopic(log.topics[1], 'staker'),
        delegateHash160: addressTopic(log.topics[2], 'delegate'),
        blockNumber: r.blockNumber,
        transactionIndex: r.transactionIndex,
        logIndex,
        transactionHash: r.transactionHash,
      };
      if (t0 === REMOVE_DELEGATION_TOPIC) {
        events.push({ ...base, type: 'remove', fee: null, delegationHeight: null, pod: null });
        return;
      }
      const data = log.data.toLowerCase();
      const fee = word(data, 0);
      const height = word(data, 1);
      const offset = Number(word(data, 2)) * 2;
      const len = Number(BigInt(`0x${data.slice(offset, offset + 64) || '0'}`));
      const pod = data.slice(offset + 64, offset + 64 + len * 2);
      if (fee > 100n || pod.length !== len * 2) throw new DelegationEventError(`malformed AddDelegation in tx ${r.transactionHash}`);
      events.push({ ...base, type: 'add', fee: Number(fee), delegationHeight: Number(height), pod });
    });
  }
  return events.sort(compareEvents);
}

/** Chain order: block, then transaction, then log. */
export function compareEvents(a: DelegationEvent, b: DelegationEvent): number {
  return a.blockNumber - b.blockNumber || a.transactionIndex - b.transactionIndex || a.logIndex - b.logIndex;
}

/** A delegation in effect. */
export interface Delegation {
  readonly delegateHash160: string;
  readonly fee: number;
  readonly delegationHeight: number;
}

/**
 * DESIGN rule 4: the delegations to `stakerHash160` in effect at height H, from events in blocks <= H-1; the
 * latest event per delegate wins. Events naming other stakers are honoured too: a delegate that re-delegates
 * to another staker (which emits only an AddDelegation naming the new staker) has left S.
 */
export function delegationsInEffect(events: readonly DelegationEvent[], stakerHash160: string, height: number): Delegation[] {
  const latest = new Map<string, DelegationEvent>();
  for (const e of [...events].sort(compareEvents)) {
    if (e.blockNumber > height - 1) break;
    latest.set(e.delegateHash160, e);
  }
  const s = stakerHash160.toLowerCase();
  const out: Delegation[] = [];
  for (const e of latest.values()) {
    if (e.type === 'add' && e.stakerHash160 === s) {
      out.push({ delegateHash160: e.delegateHash160, fee: e.fee ?? 0, delegationHeight: e.delegationHeight ?? e.blockNumber });
    }
  }
  return out.sort((a, b) => (a.delegateHash160 < b.delegateHash160 ? -1 : 1));
}
