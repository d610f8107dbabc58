// Provable payouts in the browser (docs/provable-payouts.md): the leaf and the root are recomputed here with
// WebCrypto SHA-256 from the address and amount the delegate sees; the server's arithmetic is not trusted, only
// its proof steps (sibling hashes), which cannot make a wrong leaf reach the committed root.

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const LEAF_PREFIX = 0x00;
const LEAF_VERSION = 0x01;
/** A redirected payment's leaf (delegate A's balance paid to B under A's signed redirect) names both addresses. */
const REDIRECT_LEAF_VERSION = 0x02;
const NODE_PREFIX = 0x01;
/** "PPM1": the tag before the root in every payout transaction's OP_RETURN. */
export const ROOT_TAG_HEX = '50504d31';

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex) {
  if (!/^([0-9a-f]{2})*$/.test(hex)) throw new Error(`not hex: ${hex}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Base58Check-decodes an address to its 21-byte payload (version byte + hash160), checking the checksum. */
export async function addressPayload(address) {
  let n = 0n;
  for (const ch of address) {
    const v = B58.indexOf(ch);
    if (v < 0) throw new Error(`${address} is not base58`);
    n = n * 58n + BigInt(v);
  }
  const bytes = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const ch of address) {
    if (ch !== '1') break;
    bytes.unshift(0);
  }
  const raw = Uint8Array.from(bytes);
  if (raw.length !== 25) throw new Error(`${address} is not a 25-byte Base58Check address`);
  const payload = raw.slice(0, 21);
  const check = (await sha256(await sha256(payload))).slice(0, 4);
  if (toHex(check) !== toHex(raw.slice(21))) throw new Error(`${address} has a bad checksum`);
  return payload;
}

/**
 * leaf = SHA-256(0x00 || 0x01 || address payload || amount u64 big endian), hex; with `paidTo` (a redirect):
 * SHA-256(0x00 || 0x02 || delegate payload || paid-to payload || amount).
 */
export async function leafHash(address, amountSats, paidTo) {
  if (!/^[1-9]\d*$/.test(String(amountSats))) throw new Error(`not a positive satoshi amount: ${amountSats}`);
  const amount = new Uint8Array(8);
  new DataView(amount.buffer).setBigUint64(0, BigInt(amountSats));
  if (paidTo && paidTo !== address) {
    return toHex(await sha256(concat(Uint8Array.of(LEAF_PREFIX, REDIRECT_LEAF_VERSION), await addressPayload(address), await addressPayload(paidTo), amount)));
  }
  return toHex(await sha256(concat(Uint8Array.of(LEAF_PREFIX, LEAF_VERSION), await addressPayload(address), amount)));
}

/** Folds the proof steps over the leaf: node = SHA-256(0x01 || left || right). Returns the root, hex. */
export async function rootFromSteps(leafHex, steps) {
  let h = fromHex(leafHex);
  for (const s of steps) {
    const sib = fromHex(s.hash);
    if (s.side === 'left') h = await sha256(concat(Uint8Array.of(NODE_PREFIX), sib, h));
    else if (s.side === 'right') h = await sha256(concat(Uint8Array.of(NODE_PREFIX), h, sib));
    else throw new Error(`bad proof step side ${s.side}`);
  }
  return toHex(h);
}

/**
 * Checks a payment (as the dashboard shows it) against the plan's proof from the API. `ok` is true only when
 * the recomputed root equals the plan root; the txid's OP_RETURN must then hold ROOT_TAG_HEX + root.
 */
export async function verifyPayment(payment, proof) {
  // A redirect is part of the leaf: a server that named another paid-to address would not reach the root.
  const paidTo = payment.paidTo ?? proof.leaf?.paidTo;
  const leaf = await leafHash(payment.address, payment.amountSats, paidTo);
  const root = await rootFromSteps(leaf, proof.steps);
  return { ok: root === proof.root, leaf, root, expectedRoot: proof.root, txid: proof.txid, opReturnHex: `${ROOT_TAG_HEX}${proof.root}`, paidTo: paidTo ?? null };
}
