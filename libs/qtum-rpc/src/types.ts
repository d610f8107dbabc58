/**
 * Result and parameter types of the qtumd 27.1 RPCs this client speaks.
 *
 * Naming rule (one rule, applied everywhere): field names are qtumd's wire names, except QTUM 8-decimal
 * amounts, which arrive as decimal numbers and are exposed as `bigint` satoshis under `<name>Sats`
 * (`value` -> `valueSats`, `fee` -> `feeSats`, `balance` -> `balanceSats`). Fields that qtumd already sends
 * as integer satoshis (`satoshis`, `valueSat`, stake `weight`, `delegateweight`, `ancestorfees`, the
 * `getaddressbalance` fields) are `bigint` under their own names. Other integers are safe-integer `number`s;
 * doubles (difficulty, verificationprogress) are `number` because they are not money.
 */
export type * from './types/tx.types';
export type * from './types/block.types';
export type * from './types/node.types';
export type * from './types/staking.types';
export type * from './types/address-index.types';
export type * from './types/wallet.types';
