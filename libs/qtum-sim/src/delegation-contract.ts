import { ADD_DELEGATION_TOPIC, DELEGATION_CONTRACT_HEX, REMOVE_DELEGATION_TOPIC } from '@ppm/chain';
import type { ReceiptLog } from './chain-types';
import { parseScript } from './script-json';

/** addDelegation(address,uint8,bytes) selector. */
const ADD_SELECTOR = '4c0e968c';
/** removeDelegation() selector. */
const REMOVE_SELECTOR = '3d666e8b';
/** Gas numbers from the fixtures: limit 2,500,000 at 40 sat; the real call used 2,179,579. */
export const ADD_GAS_USED = 2_179_579;
export const REMOVE_GAS_USED = 30_000;

const word = (hex: string): string => hex.padStart(64, '0');
const num = (n: number | bigint): string => word(n.toString(16));
const pushHex = (hex: string): string => {
  const len = hex.length / 2;
  if (len <= 0x4b) return len.toString(16).padStart(2, '0') + hex;
  if (len <= 0xff) return `4c${len.toString(16).padStart(2, '0')}${hex}`;
  const b = Buffer.alloc(2);
  b.writeUInt16LE(len);
  return `4d${b.toString('hex')}${hex}`;
};

/** ABI-encodes `bytes` as the tail of a call/event (length word + data padded to 32 bytes). */
function abiBytes(hex: string): string {
  const padded = hex.padEnd(Math.ceil(hex.length / 64) * 64, '0');
  return num(hex.length / 2) + padded;
}

/** A delegation contract call decoded from an OP_SENDER/OP_CALL output. */
export type DelegationCall =
  | { kind: 'add'; sender: string; staker: string; fee: number; pod: string }
  | { kind: 'remove'; sender: string };

/**
 * The output script of a call to 0x86 from `senderHash160` (Qtum's OP_SENDER form, as in fixture 022):
 * `1 <sender> <senderSig> OP_SENDER 4 <gasLimit> <gasPrice> <data> <contract> OP_CALL`.
 */
export function delegationCallScript(senderHash160: string, senderSigScript: string, call: { staker: string; fee: number; pod: string } | null): string {
  const data = call
    ? ADD_SELECTOR + word(call.staker) + num(call.fee) + num(0x60) + abiBytes(call.pod)
    : REMOVE_SELECTOR;
  const gasLimit = call ? '03a02526' : '0390d003';
  return `0101${pushHex(senderHash160)}${pushHex(senderSigScript)}c40104${gasLimit}0128${pushHex(data)}${pushHex(DELEGATION_CONTRACT_HEX)}c2`;
}

/** Decodes a delegation contract call from an output script, or undefined. */
export function parseDelegationCall(script: string): DelegationCall | undefined {
  if (!script.endsWith('c2')) return undefined;
  const items = parseScript(script);
  if (!items || items.length < 10) return undefined;
  const sender = items[1];
  const data = items[items.length - 3];
  const contract = items[items.length - 2];
  if (!(sender instanceof Buffer) || !(data instanceof Buffer) || !(contract instanceof Buffer)) return undefined;
  if (contract.toString('hex') !== DELEGATION_CONTRACT_HEX) return undefined;
  const d = data.toString('hex');
  if (d.startsWith(REMOVE_SELECTOR)) return { kind: 'remove', sender: sender.toString('hex') };
  if (!d.startsWith(ADD_SELECTOR)) return undefined;
  const body = d.slice(8);
  const staker = body.slice(24, 64);
  const fee = Number.parseInt(body.slice(64, 128), 16);
  const len = Number.parseInt(body.slice(192, 256), 16);
  const pod = body.slice(256, 256 + len * 2);
  return { kind: 'add', sender: sender.toString('hex'), staker, fee, pod };
}

/** The event a call emits when mined at `height`, ABI-encoded exactly like fixture 124. */
export function delegationEventLog(call: DelegationCall, stakerOfRemove: string, height: number): ReceiptLog {
  if (call.kind === 'add') {
    return {
      address: DELEGATION_CONTRACT_HEX,
      topics: [ADD_DELEGATION_TOPIC, word(call.staker), word(call.sender)],
      data: num(call.fee) + num(height) + num(0x60) + abiBytes(call.pod),
    };
  }
  return { address: DELEGATION_CONTRACT_HEX, topics: [REMOVE_DELEGATION_TOPIC, word(stakerOfRemove), word(call.sender)], data: '' };
}
