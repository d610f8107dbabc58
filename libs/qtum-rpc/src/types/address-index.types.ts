/** The -addrindex RPCs (integer satoshis throughout). Naming rule: see ../types.ts. */
/** getaddressutxos entry. P2PK coins are listed under their q address. */
export interface AddressUtxo {
  address: string;
  txid: string;
  outputIndex: number;
  script: string;
  satoshis: bigint;
  height: number;
  isStake: boolean;
}

/** getaddressutxos with chainInfo: true. */
export interface AddressUtxosWithChainInfo {
  utxos: AddressUtxo[];
  hash: string;
  height: number;
}

/** getaddressdeltas entry (+received / -spent). */
export interface AddressDelta {
  satoshis: bigint;
  txid: string;
  index: number;
  blockindex: number;
  height: number;
  address: string;
}

/** getaddressdeltas with chainInfo: true. */
export interface AddressDeltasWithChainInfo {
  deltas: AddressDelta[];
  start: { hash: string; height: number };
  end: { hash: string; height: number };
}

/** getaddressbalance (integer satoshis). `balance` includes immature coinstakes; `immature` is their net gain. */
export interface AddressBalance {
  balance: bigint;
  received: bigint;
  immature: bigint;
}

/** Arguments of getaddressdeltas. */
export interface AddressDeltasQuery {
  addresses: string[];
  start?: number;
  end?: number;
}
