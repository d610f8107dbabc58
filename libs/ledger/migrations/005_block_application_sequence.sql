-- A block hash can be applied, reversed and applied again (A->B->A at any depth): applications and reversals
-- form a sequence per block hash. The ledger stays append-only: application n+1 writes NEW entries (its number
-- in their key), the reversal of application n writes a `reversal` per entry of application n.

-- The block's current application number: 0 = never applied, n = the n-th application (applied or reversed).
ALTER TABLE blocks ADD COLUMN application integer NOT NULL DEFAULT 0 CHECK (application >= 0);
UPDATE blocks SET application = 1 WHERE status IN ('applied', 'reversed');

-- Which application of its block an entry belongs to (reversals: the application they undo). Entries written
-- before this migration are application 1, the only one there was; the default is a catalog-only change (no
-- row is rewritten, the append-only trigger is not involved). Meaningless (1) on entries without a block.
ALTER TABLE ledger_entries ADD COLUMN application integer NOT NULL DEFAULT 1 CHECK (application >= 1);

-- One (kind, address) per block hash AND application: a second delivery of application n cannot double-credit,
-- application n+1 (after the reversal of n) can write its own entries.
DROP INDEX ledger_entries_once_per_block;
CREATE UNIQUE INDEX ledger_entries_once_per_application
  ON ledger_entries (block_hash, application, kind, coalesce(address, ''))
  WHERE block_hash IS NOT NULL AND kind IN ('delegate_share', 'pool_fee', 'unallocated', 'self_revenue');

-- block_applications: one row per application (the ledger position after each).
ALTER TABLE block_applications ADD COLUMN application integer NOT NULL DEFAULT 1 CHECK (application >= 1);
ALTER TABLE block_applications DROP CONSTRAINT block_applications_pkey;
ALTER TABLE block_applications ADD PRIMARY KEY (block_hash, application);

-- One row per reversal of an application (the ledger position after it). Written by accrual in the same
-- transaction as the reversal entries; never updated.
CREATE TABLE block_reversals (
  block_hash     text NOT NULL REFERENCES blocks (hash),
  application    integer NOT NULL CHECK (application >= 1),
  height         integer NOT NULL,
  last_entry_id  bigint NOT NULL CHECK (last_entry_id >= 0),
  reversed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (block_hash, application)
);
