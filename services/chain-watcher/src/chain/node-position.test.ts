import { nodeBehind } from './node-position';

describe('nodeBehind', () => {
  it('a node below the cursor is behind, never a reorg', () => {
    expect(nodeBehind(4_950, false, 5_100)).toEqual({
      nodeHeight: 4_950, ledgerHeight: 5_100, blocks: 150, initialBlockDownload: false,
      message: 'node behind the ledger by 150 blocks (reindexing / catching up)',
    });
  });
  it('initialblockdownload means behind even at or above the cursor', () => {
    expect(nodeBehind(5_200, true, 5_100)).toMatchObject({ blocks: 0, initialBlockDownload: true });
    expect(nodeBehind(3, true, null)).toMatchObject({ blocks: 0 });
  });
  it('a node at or above the cursor and out of IBD is not behind', () => {
    expect(nodeBehind(5_100, false, 5_100)).toBeNull();
    expect(nodeBehind(5_300, false, 5_100)).toBeNull();
    expect(nodeBehind(0, false, null)).toBeNull();
  });
});
