/** Output-descriptor checksums (Bitcoin Core `DescriptorChecksum`), so `desc` strings look exactly like qtumd's. */

const INPUT_CHARSET = '0123456789()[],\'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#"\\ ';
const CHECKSUM_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATORS = [0xf5dee51989n, 0xa9fdca3312n, 0x1bab10e32dn, 0x3706b1677an, 0x644d626ffdn];

function polymod(c: bigint, val: number): bigint {
  const c0 = c >> 35n;
  let out = ((c & 0x7ffffffffn) << 5n) ^ BigInt(val);
  GENERATORS.forEach((g, i) => {
    if ((c0 >> BigInt(i)) & 1n) out ^= g;
  });
  return out;
}

/** Checksums already computed: the same few thousand scripts recur in every block reply (bounded). */
const memo = new Map<string, string>();
const MEMO_MAX = 100_000;

/** The 8-character checksum of a descriptor string. */
export function descriptorChecksum(desc: string): string {
  const known = memo.get(desc);
  if (known !== undefined) return known;
  const sum = computeChecksum(desc);
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(desc, sum);
  return sum;
}

function computeChecksum(desc: string): string {
  let c = 1n;
  let cls = 0;
  let clscount = 0;
  for (const ch of desc) {
    const pos = INPUT_CHARSET.indexOf(ch);
    if (pos < 0) return '';
    c = polymod(c, pos & 31);
    cls = cls * 3 + (pos >> 5);
    if (++clscount === 3) {
      c = polymod(c, cls);
      cls = 0;
      clscount = 0;
    }
  }
  if (clscount > 0) c = polymod(c, cls);
  for (let j = 0; j < 8; j++) c = polymod(c, 0);
  c ^= 1n;
  let out = '';
  for (let j = 0; j < 8; j++) out += CHECKSUM_CHARSET[Number((c >> BigInt(5 * (7 - j))) & 31n)] ?? '';
  return out;
}

/** `desc` with its checksum appended. */
export function withChecksum(desc: string): string {
  return `${desc}#${descriptorChecksum(desc)}`;
}
