/**
 * The slice of @ppm/qtum-rpc's client the hourly status reads (structural: a `QtumRpcClient` fits as is, and the
 * notifier does not need the client's build to compile). Amounts are bigint satoshis, as the client returns them.
 */
export interface StatusRpc {
  getblockcount(): Promise<number>;
  /** `weight` is the wallet's own staking weight, `delegateweight` the delegated weight (integer satoshis). */
  getstakinginfo(): Promise<{ staking: boolean; weight: bigint; delegateweight: bigint; expectedtime: number }>;
  getwalletinfo(): Promise<{ balanceSats: bigint; stakeSats: bigint }>;
}
