import { AddressError, MAX_MONEY_SATS, decodeAddress, type NetworkName } from '@ppm/chain';
import { PermanentError } from '@ppm/runtime';

/**
 * The original program's pool share file (`currentpoolshare.txt` and `poolshare/<block>poolshare.csv`,
 * reference ppm.md 6.1). No header, every line ends with a comma, `\n` line ends:
 *
 *     block,<height>,poolbalance,<sats>,
 *     poolrevenue,<sats, or a float such as 0.0 / -960000000.0000002>,
 *     delegate,<34-char address>,poolshare,<sats>,
 */
export interface PoolshareFile {
  readonly block: number;
  readonly poolBalanceSats: bigint;
  /** Integer part of the revenue (the original's reader truncates at '.'); may be negative. */
  readonly poolRevenueSats: bigint;
  /** In file (slot) order. */
  readonly delegates: readonly { readonly address: string; readonly shareSats: bigint }[];
}

/** One problem of a malformed file, with its 1-based line number. */
export interface PoolshareProblem {
  readonly line: number;
  readonly message: string;
}

/** A malformed pool share file; `problems` lists every bad line, the message repeats them. */
export class PoolshareFileError extends PermanentError {
  override readonly name = 'PoolshareFileError';
  constructor(readonly problems: readonly PoolshareProblem[]) {
    super(`malformed pool share file (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
      problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n'));
  }
}

const BLOCK_LINE = /^block,(\d+),poolbalance,(\d+),$/;
const REVENUE_LINE = /^poolrevenue,(-?)(\d+)(?:\.\d*)?,$/;
const DELEGATE_LINE = /^delegate,([^,]*),poolshare,([^,]*),$/;
const WHOLE_SATS = /^\d+$/;

function sats(text: string): bigint | undefined {
  if (!WHOLE_SATS.test(text)) return undefined;
  const v = BigInt(text);
  return v <= MAX_MONEY_SATS ? v : undefined;
}

/**
 * Parses and validates a pool share file for `network`. Every line is checked (block line first, integer
 * satoshis, 34-character P2PKH addresses of the network, no duplicate delegate, trailing commas); all problems
 * are collected and thrown together as a {@link PoolshareFileError}. CRLF line ends (the Windows original) and
 * trailing empty lines are accepted.
 */
export function parsePoolshareFile(text: string, network: NetworkName): PoolshareFile {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new PoolshareFileError([{ line: 1, message: 'the file is empty' }]);
  const problems: PoolshareProblem[] = [];
  if (lines.length < 2) problems.push({ line: 2, message: 'missing the poolrevenue line' });

  let block = 0;
  let poolBalanceSats = 0n;
  const head = BLOCK_LINE.exec(lines[0] ?? '');
  if (!head) problems.push({ line: 1, message: `expected "block,<height>,poolbalance,<sats>,", got ${JSON.stringify(lines[0] ?? '')}` });
  else {
    block = Number(head[1]);
    const bal = sats(head[2] ?? '');
    if (!Number.isSafeInteger(block) || block > 2_147_483_647) problems.push({ line: 1, message: `block height out of range: ${head[1]}` });
    if (bal === undefined) problems.push({ line: 1, message: `poolbalance out of range: ${head[2]}` });
    else poolBalanceSats = bal;
  }

  let poolRevenueSats = 0n;
  if (lines.length >= 2) {
    const rev = REVENUE_LINE.exec(lines[1] ?? '');
    if (!rev) problems.push({ line: 2, message: `expected "poolrevenue,<number>,", got ${JSON.stringify(lines[1])}` });
    else {
      const whole = sats(rev[2] ?? '');
      if (whole === undefined) problems.push({ line: 2, message: `poolrevenue out of range: ${rev[2]}` });
      else poolRevenueSats = rev[1] === '-' ? -whole : whole;
    }
  }

  const delegates: { address: string; shareSats: bigint }[] = [];
  const seen = new Map<string, number>();
  for (let i = 2; i < lines.length; i++) {
    const n = i + 1;
    const m = DELEGATE_LINE.exec(lines[i] ?? '');
    if (!m) {
      problems.push({ line: n, message: `expected "delegate,<address>,poolshare,<sats>,", got ${JSON.stringify(lines[i])}` });
      continue;
    }
    const address = m[1] ?? '';
    const share = sats(m[2] ?? '');
    let ok = true;
    if (address.length !== 34) {
      problems.push({ line: n, message: `address must have 34 characters, got ${address.length} (${JSON.stringify(address)})` });
      ok = false;
    } else {
      try {
        if (decodeAddress(address, network).kind !== 'p2pkh') throw new AddressError(`${address} is not a P2PKH address`);
      } catch (err) {
        problems.push({ line: n, message: (err as Error).message });
        ok = false;
      }
    }
    if (share === undefined) {
      problems.push({ line: n, message: `poolshare must be a whole number of satoshis, got ${JSON.stringify(m[2])}` });
      ok = false;
    }
    const first = seen.get(address);
    if (first !== undefined) {
      problems.push({ line: n, message: `delegate ${address} already listed on line ${first}` });
      ok = false;
    }
    seen.set(address, first ?? n);
    if (ok && share !== undefined) delegates.push({ address, shareSats: share });
  }
  if (problems.length > 0) throw new PoolshareFileError(problems.sort((a, b) => a.line - b.line));
  return { block, poolBalanceSats, poolRevenueSats, delegates };
}

/** Writes a pool share file in the original's exact format (trailing commas, `\n` after every line). */
export function formatPoolshareFile(file: PoolshareFile): string {
  const lines = [
    `block,${file.block},poolbalance,${file.poolBalanceSats},`,
    `poolrevenue,${file.poolRevenueSats},`,
    ...file.delegates.map((d) => `delegate,${d.address},poolshare,${d.shareSats},`),
  ];
  return `${lines.join('\n')}\n`;
}
