/** A block by height and hash (a stored main-chain row, or the node's answer). */
export interface BlockRef {
  readonly height: number;
  readonly hash: string;
}
