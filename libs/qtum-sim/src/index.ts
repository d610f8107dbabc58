export { startSimulator, type SimHandle, type SimulatorOptions, type SimWallet } from './simulator';
export { SimChain, type SimDelegateInfo, type SimClock } from './sim-chain';
export type { BlockSpec } from './block-factory';
export { MATURITY, MIN_STAKE_SATS } from './block-factory';
export type { FaultSpec, SimFaults } from './faults';
export type { WalletCall, WalletState } from './wallet-core';
export { loadScenario, validateScenario, ScenarioError, type Scenario, type ScenarioDelegate, type GeneratedDelegates, type TimelineEvent } from './scenario';
export type { SimBlock, SimBlockKind, Utxo } from './chain-types';
export { decodeTxHex, encodeTx, type Tx, type TxIn, type TxOut } from './tx-codec';
