-- Where each block's application sits in the append-only ledger. The export of the original's per-block
-- `<height>poolshare.csv` files rebuilds "the state right after block H" as every entry with
-- id <= last_entry_id (payouts included), so it needs this mark even for blocks that wrote no entry.
-- Written by accrual in the same transaction as the block's entries; never updated.
CREATE TABLE block_applications (
  block_hash     text PRIMARY KEY REFERENCES blocks (hash),
  height         integer NOT NULL,
  -- Highest ledger_entries.id visible when the application committed (0 on an empty ledger).
  last_entry_id  bigint NOT NULL CHECK (last_entry_id >= 0),
  applied_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX block_applications_height ON block_applications (height);
