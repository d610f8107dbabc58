-- Provenance of opening balances imported from the original program's `currentpoolshare.txt` (ppm.md 6.1).
-- One import ever (per kind): the file's balances are the starting point of the ledger, a second import would
-- credit every delegate twice. The opening_balance entries point here through ledger_entries.import_id.
CREATE TABLE ledger_imports (
  id                 bigserial PRIMARY KEY,
  -- The file format; only the original's pool share file exists today.
  kind               text NOT NULL CHECK (kind IN ('ppm_poolshare')),
  network            text NOT NULL CHECK (network IN ('mainnet', 'testnet', 'regtest')),
  -- Where the operator read the file from (path as given), and the sha256 of its exact bytes/text.
  source             text NOT NULL,
  file_sha256        text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  -- The file's `block` line: the last block the original credited. Accrual must start at block_height + 1.
  block_height       integer NOT NULL CHECK (block_height >= 0),
  -- The file's `poolbalance` and `poolrevenue` (integer part, as the original's reader) lines, for the record:
  -- they are not ledger entries (revenue is informational; the balance is the sum of the delegate lines).
  pool_balance_sats  numeric(20,0) NOT NULL,
  pool_revenue_sats  numeric(20,0) NOT NULL,
  delegate_count     integer NOT NULL CHECK (delegate_count >= 0),
  -- Sum of the opening_balance entries written.
  total_sats         numeric(20,0) NOT NULL CHECK (total_sats >= 0),
  imported_at        timestamptz NOT NULL DEFAULT now()
);
-- At most one import of each kind: the database refuses a second one even if two operators race.
CREATE UNIQUE INDEX ledger_imports_once ON ledger_imports (kind);

ALTER TABLE ledger_entries
  ADD CONSTRAINT ledger_entries_import_fk FOREIGN KEY (import_id) REFERENCES ledger_imports (id);
