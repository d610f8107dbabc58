import { destinationFromScript, type NetworkName } from '@ppm/chain';
import { withChecksum } from './descriptor';

const OPCODES: Record<number, string> = {
  0x00: '0', 0x4f: '-1', 0x6a: 'OP_RETURN', 0x76: 'OP_DUP', 0x87: 'OP_EQUAL', 0x88: 'OP_EQUALVERIFY', 0xa9: 'OP_HASH160',
  0xac: 'OP_CHECKSIG', 0xc1: 'OP_CREATE', 0xc2: 'OP_CALL', 0xc4: 'OP_SENDER',
};

function scriptNum(b: Buffer): string {
  if (b.length === 0) return '0';
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] ?? 0);
  const top = b[b.length - 1] ?? 0;
  if (top & 0x80) v = -(v & ~(0x80n << BigInt(8 * (b.length - 1))));
  return v.toString();
}

/** Splits a script into push data (Buffer) and opcodes (number); undefined if a push runs off the end. */
export function parseScript(hex: string): (Buffer | number)[] | undefined {
  const s = Buffer.from(hex, 'hex');
  const out: (Buffer | number)[] = [];
  let i = 0;
  while (i < s.length) {
    const op = s[i++] ?? 0;
    let len = -1;
    if (op >= 1 && op <= 0x4b) len = op;
    else if (op === 0x4c) len = s[i++] ?? 0;
    else if (op === 0x4d) {
      len = s.readUInt16LE(i);
      i += 2;
    }
    if (len < 0) {
      out.push(op);
      continue;
    }
    if (i + len > s.length) return undefined;
    out.push(s.subarray(i, i + len));
    i += len;
  }
  return out;
}

/** qtumd's ScriptToAsmStr; with `sighash` true, signature pushes end in `[ALL]` (scriptSig). */
export function scriptAsm(hex: string, sighash = false): string {
  const items = parseScript(hex);
  if (!items) return '[error]';
  return items
    .map((it) => {
      if (typeof it === 'number') return OPCODES[it] ?? (it >= 0x51 && it <= 0x60 ? String(it - 0x50) : `OP_UNKNOWN`);
      if (it.length <= 4) return scriptNum(it);
      if (sighash && it.length > 8 && it[0] === 0x30 && it[it.length - 1] === 0x01) return `${it.subarray(0, -1).toString('hex')}[ALL]`;
      return it.toString('hex');
    })
    .join(' ');
}

/** The `type` qtumd reports for an output script. */
export function scriptType(hex: string, network: NetworkName): string {
  const d = destinationFromScript(hex, network);
  if (d) return d.type;
  if (hex.startsWith('6a')) return 'nulldata';
  if (hex.endsWith('c2') && /^01011[4]/.test(hex)) return 'call_sender';
  if (hex.endsWith('c2')) return 'call';
  return 'nonstandard';
}

/** A `scriptPubKey` object in qtumd's key order: asm, desc, hex, address (not for P2PK), type. */
export function scriptPubKeyJson(hex: string, network: NetworkName): Record<string, unknown> {
  const d = destinationFromScript(hex, network);
  const type = scriptType(hex, network);
  let desc: string;
  if (d?.type === 'pubkey') desc = `pk(${d.pubkeyHex ?? ''})`;
  else if (d) desc = `addr(${d.address})`;
  else desc = `raw(${hex})`;
  return {
    asm: scriptAsm(hex),
    desc: withChecksum(desc),
    hex,
    address: d && d.type !== 'pubkey' ? d.address : undefined,
    type,
  };
}
