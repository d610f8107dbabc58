import { qtumNumber } from '@ppm/chain';
import { REGTEST_DIFFICULTY } from './block-json';
import { MATURITY, MIN_STAKE_SATS, STAKING_MIN_FEE } from './block-factory';
import { withChecksum } from './descriptor';
import { amountArg, boolArg, intArg, objArg, strArg } from './rpc-args';
import { RPC, RpcError } from './rpc-error';
import type { MethodTable, SimContext } from './rpc-types';
import type { WalletCoin } from './wallet-core';

const FINGERPRINT = 'c927bc09';
const TPUB = 'tpubD6NzVbkrYhZ4YhBb5gk2k5wNy9v3eQEwbcuYcq5Kw8cpSyKP3L5EPXT6dVYPHxR33UMzjkKpGUY7fixBfz8U9NX8Zo1wqRNh51rpijLFtYk';

function balances(ctx: SimContext): { trusted: bigint; stake: bigint; immature: bigint } {
  let trusted = 0n;
  let stake = 0n;
  let immature = 0n;
  for (const c of ctx.wallet.coins({ includeImmature: true })) {
    const young = c.confirmations < 2001 && (c.utxo.isCoinbase || c.utxo.isCoinstake);
    if (young && c.utxo.isCoinstake) stake += c.utxo.value;
    else if (young) immature += c.utxo.value;
    else trusted += c.utxo.value;
  }
  return { trusted, stake, immature };
}

function lastBlock(ctx: SimContext): { hash: string; height: number } {
  return { hash: ctx.chain.state.tip.hash, height: ctx.chain.state.height };
}

/** One listunspent entry in qtumd's key order. */
function unspentJson(ctx: SimContext, c: WalletCoin): Record<string, unknown> {
  const isStaker = c.key === ctx.wallet.staker;
  const p2pk = c.utxo.script === c.key.p2pkScript;
  const path = isStaker ? '0/0' : `1/${c.key.label.split('/').pop() ?? '0'}`;
  const fn = p2pk ? 'pk' : 'pkh';
  const unconfirmed = c.confirmations === 0 ? { ancestorcount: 1, ancestorsize: 259, ancestorfees: 103600 } : {};
  return {
    txid: c.utxo.txid, vout: c.utxo.n, address: c.key.address, label: isStaker ? '' : undefined, scriptPubKey: c.utxo.script,
    amount: qtumNumber(c.utxo.value), confirmations: c.confirmations, ...unconfirmed, spendable: true, solvable: true,
    desc: withChecksum(`${fn}([${FINGERPRINT}/44h/88h/0h/${path}]${c.key.pubkeyHex})`),
    parent_descs: [withChecksum(`${fn}(${TPUB}/44h/88h/0h/${isStaker ? 0 : 1}/*)`)], safe: true,
  };
}

/** Wallet state RPCs: getwalletinfo, getbalances, getbalance, getstakinginfo, walletpassphrase, walletlock, encryptwallet, listunspent, lockunspent, listlockunspent, listwallets. */
export const walletMethods: MethodTable = {
  listwallets: { params: [], run: (_a, ctx) => [ctx.wallet.name] },
  getaddressinfo: {
    params: [{ name: 'address', type: 'string' }],
    wallet: true,
    run: ([a], ctx) => {
      const address = strArg(a);
      let h: string;
      try {
        h = ctx.chain.state.decode(address).hash160Hex;
      } catch {
        throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Invalid address');
      }
      const key = ctx.wallet.keyForScript(`76a914${h}88ac`);
      const base = { address, scriptPubKey: `76a914${h}88ac`, ismine: key !== undefined, solvable: key !== undefined };
      if (!key) return { ...base, iswatchonly: false, isscript: false, iswitness: false, ischange: false, labels: [] };
      const isStaker = key === ctx.wallet.staker;
      const path = isStaker ? '0/0' : `1/${key.label.split('/').pop() ?? '0'}`;
      return {
        ...base, desc: withChecksum(`pkh([${FINGERPRINT}/44h/88h/0h/${path}]${key.pubkeyHex})`),
        parent_desc: withChecksum(`pkh([${FINGERPRINT}/44h/88h/0h]${TPUB}/${isStaker ? 0 : 1}/*)`), iswatchonly: false, isscript: false, iswitness: false,
        pubkey: key.pubkeyHex, iscompressed: true, ischange: !isStaker, timestamp: ctx.wallet.birthtime, hdkeypath: `m/44h/88h/0h/${path}`,
        hdseedid: '0'.repeat(40), hdmasterfingerprint: FINGERPRINT, labels: isStaker ? [''] : [],
      };
    },
  },
  getwalletinfo: {
    params: [],
    wallet: true,
    run: (_a, ctx) => {
      const b = balances(ctx);
      const w = ctx.wallet;
      return {
        walletname: w.name, walletversion: 169900, format: 'sqlite', balance: qtumNumber(b.trusted), stake: qtumNumber(b.stake),
        unconfirmed_balance: qtumNumber(0n), immature_balance: qtumNumber(b.immature), txcount: w.txMeta.size, keypoolsize: 5000,
        keypoolsize_hd_internal: 5000, unlocked_until: w.unlockedUntil(), paytxfee: qtumNumber(0n), private_keys_enabled: true, avoid_reuse: false,
        scanning: false, descriptors: true, external_signer: false, blank: false, birthtime: w.birthtime, lastprocessedblock: lastBlock(ctx),
      };
    },
  },
  getbalances: {
    params: [],
    wallet: true,
    run: (_a, ctx) => {
      const b = balances(ctx);
      return {
        mine: { trusted: qtumNumber(b.trusted), untrusted_pending: qtumNumber(0n), immature: qtumNumber(b.immature), stake: qtumNumber(b.stake) },
        lastprocessedblock: lastBlock(ctx),
      };
    },
  },
  getbalance: { params: [{ name: 'dummy', type: 'string', optional: true }, { name: 'minconf', type: 'number', optional: true }], wallet: true, run: (_a, ctx) => qtumNumber(balances(ctx).trusted) },
  getstakinginfo: {
    params: [],
    wallet: true,
    run: (_a, ctx) => {
      const s = ctx.chain.state;
      let weight = 0n;
      for (const c of ctx.wallet.coins({ includeUnconfirmed: false })) if (c.confirmations >= 2000 && c.utxo.value >= 10_000_000n) weight += c.utxo.value;
      let delegateweight = 0n;
      for (const d of s.delegations.values()) {
        if (d.stakerHash160 !== ctx.wallet.staker.hash160Hex || d.fee < STAKING_MIN_FEE) continue;
        for (const u of s.addrUtxos.get(d.delegateHash160)?.values() ?? []) {
          if (u.value < MIN_STAKE_SATS || s.height + 1 - u.height < MATURITY) continue;
          const used = s.stakeUse.get(u.key);
          if (used === undefined || s.height + 1 - used >= MATURITY) delegateweight += u.value;
        }
      }
      const staking = ctx.wallet.canStake() && weight > 0n;
      return {
        enabled: true, staking, errors: '', currentblocktx: 0, pooledtx: s.mempool.size, difficulty: REGTEST_DIFFICULTY,
        'search-interval': staking ? 20 : 0, weight, delegateweight, netstakeweight: 0, expectedtime: 0,
      };
    },
  },
  encryptwallet: {
    params: [{ name: 'passphrase', type: 'string' }],
    wallet: true,
    run: ([p], ctx) => {
      ctx.wallet.encrypt(strArg(p));
      return 'wallet encrypted; The keypool has been flushed and a new HD seed was generated. You need to make a new backup with the backupwallet RPC.';
    },
  },
  walletpassphrase: {
    params: [{ name: 'passphrase', type: 'string' }, { name: 'timeout', type: 'number' }, { name: 'stakingonly', type: 'bool', optional: true }],
    wallet: true,
    run: ([p, t, so], ctx) => {
      ctx.wallet.unlock(strArg(p), intArg(t, 0), boolArg(so, false));
      return null;
    },
  },
  walletlock: {
    params: [],
    wallet: true,
    run: (_a, ctx) => {
      if (!ctx.wallet.isEncrypted()) throw new RpcError(RPC.WRONG_ENC_STATE, 'Error: running with an unencrypted wallet, but walletlock was called.');
      ctx.wallet.lock();
      return null;
    },
  },
  listunspent: {
    params: [
      { name: 'minconf', type: 'number', optional: true }, { name: 'maxconf', type: 'number', optional: true }, { name: 'addresses', type: 'array', optional: true },
      { name: 'include_unsafe', type: 'bool', optional: true }, { name: 'query_options', type: 'object', optional: true },
    ],
    wallet: true,
    run: ([minconf, maxconf, addrs, , query], ctx) => {
      const q = objArg(query);
      const min = intArg(minconf, 1);
      const max = intArg(maxconf, 9_999_999);
      const only = Array.isArray(addrs) ? new Set(addrs.map((a) => strArg(a))) : undefined;
      const minAmount = q.minimumAmount !== undefined ? amountArg(q.minimumAmount) : 0n;
      const maxAmount = q.maximumAmount !== undefined ? amountArg(q.maximumAmount) : undefined;
      const maxCount = intArg(q.maximumCount, 0);
      const coins = ctx.wallet
        .coins({ includeImmature: boolArg(q.include_immature_coinbase, false) })
        .filter((c) => c.confirmations >= min && c.confirmations <= max && !ctx.wallet.lockedCoins.has(c.utxo.key))
        .filter((c) => (!only || only.has(c.key.address)) && c.utxo.value >= minAmount && (maxAmount === undefined || c.utxo.value <= maxAmount))
        .sort((a, b) => (a.utxo.txid < b.utxo.txid ? -1 : a.utxo.txid > b.utxo.txid ? 1 : a.utxo.n - b.utxo.n));
      return (maxCount > 0 ? coins.slice(0, maxCount) : coins).map((c) => unspentJson(ctx, c));
    },
  },
  lockunspent: {
    params: [{ name: 'unlock', type: 'bool' }, { name: 'transactions', type: 'array', optional: true }, { name: 'persistent', type: 'bool', optional: true }],
    wallet: true,
    run: ([unlock, txs], ctx) => {
      const w = ctx.wallet;
      if (!Array.isArray(txs)) {
        if (boolArg(unlock, false)) w.lockedCoins.clear();
        return true;
      }
      for (const t of txs) {
        const o = objArg(t);
        const key = `${strArg(o.txid)}:${intArg(o.vout, -1)}`;
        if (!ctx.chain.state.utxos.has(key) && !ctx.chain.state.mempool.has(strArg(o.txid))) throw new RpcError(RPC.INVALID_PARAMETER, 'Invalid parameter, unknown transaction');
        if (boolArg(unlock, false)) {
          if (!w.lockedCoins.has(key)) throw new RpcError(RPC.INVALID_PARAMETER, 'Invalid parameter, expected locked output');
          w.lockedCoins.delete(key);
        } else {
          if (w.lockedCoins.has(key)) throw new RpcError(RPC.INVALID_PARAMETER, 'Invalid parameter, output already locked');
          w.lockedCoins.add(key);
        }
      }
      return true;
    },
  },
  listlockunspent: {
    params: [],
    wallet: true,
    run: (_a, ctx) => [...ctx.wallet.lockedCoins].map((k) => {
      const [txid = '', vout = '0'] = k.split(':');
      return { txid, vout: Number(vout) };
    }),
  },
};
