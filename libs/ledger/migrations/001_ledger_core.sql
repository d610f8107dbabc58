-- The ledger core. Money columns are numeric(20,0) satoshis: exact integers, never floats.
-- Entries are append-only: corrections are new entries (reversals), never updates or deletes.

-- Every block the chain-watcher has emitted, by hash. A reorg flips on_main_chain; rows are never deleted.
CREATE TABLE blocks (
  hash            text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
  height          integer NOT NULL CHECK (height >= 0),
  prev_hash       text,
  on_main_chain   boolean NOT NULL DEFAULT true,
  -- Filled by the snapshotter (rule 2/3): pool | self | foreign, the staker of coinstake vout[1], the reward R.
  kind            text CHECK (kind IN ('pool', 'self', 'foreign')),
  staker_address  text,
  reward_sats     numeric(20,0) CHECK (reward_sats >= 0),
  block_time      timestamptz,
  -- seen -> snapshotted -> applied; applied blocks that leave the main chain -> reversed.
  status          text NOT NULL DEFAULT 'seen' CHECK (status IN ('seen', 'snapshotted', 'applied', 'reversed')),
  seen_at         timestamptz NOT NULL DEFAULT now(),
  applied_at      timestamptz,
  reversed_at     timestamptz
);
-- At most one main-chain block per height.
CREATE UNIQUE INDEX blocks_main_height ON blocks (height) WHERE on_main_chain;
CREATE INDEX blocks_status_height ON blocks (status, height);

-- Immutable snapshot of a pool block: the delegation set and weights as of H (rules 4-5), content-hashed.
CREATE TABLE snapshots (
  block_hash        text PRIMARY KEY REFERENCES blocks (hash),
  height            integer NOT NULL,
  reward_sats       numeric(20,0) NOT NULL CHECK (reward_sats >= 0),
  pool_weight_sats  numeric(20,0) NOT NULL CHECK (pool_weight_sats >= 0),
  delegate_count    integer NOT NULL,
  content_hash      text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  created_at        timestamptz NOT NULL DEFAULT now()
);

-- One row per eligible delegate of a snapshot (weight may be 0: eligible but nothing mature).
CREATE TABLE snapshot_weights (
  block_hash   text NOT NULL REFERENCES snapshots (block_hash),
  address      text NOT NULL,
  weight_sats  numeric(20,0) NOT NULL CHECK (weight_sats >= 0),
  fee          smallint NOT NULL CHECK (fee BETWEEN 0 AND 100),
  PRIMARY KEY (block_hash, address)
);

-- Append-only ledger. amount_sats is signed. Balances are derived (see the view below):
--   accrued  = delegate_share + opening_balance + their reversals
--   paid     = payout_paid
--   inFlight = payout_reserve - payout_paid - payout_release
--   balance  = accrued - inFlight - paid
CREATE TABLE ledger_entries (
  id                bigserial PRIMARY KEY,
  created_at        timestamptz NOT NULL DEFAULT now(),
  kind              text NOT NULL CHECK (kind IN (
                      'delegate_share', 'pool_fee', 'unallocated', 'self_revenue', 'reversal',
                      'opening_balance', 'payout_reserve', 'payout_paid', 'payout_release')),
  -- NULL for pool-level entries (pool_fee, unallocated, self_revenue and their reversals).
  address           text,
  amount_sats       numeric(20,0) NOT NULL,
  block_hash        text REFERENCES blocks (hash),
  height            integer,
  -- For kind = 'reversal': the entry it negates (each entry is reversed at most once).
  reverses_entry_id bigint UNIQUE REFERENCES ledger_entries (id),
  payout_batch_id   text,
  import_id         bigint,
  CHECK ((kind = 'reversal') = (reverses_entry_id IS NOT NULL))
);
CREATE INDEX ledger_entries_address ON ledger_entries (address);
CREATE INDEX ledger_entries_block ON ledger_entries (block_hash);
CREATE INDEX ledger_entries_batch ON ledger_entries (payout_batch_id) WHERE payout_batch_id IS NOT NULL;
-- A block's application writes each (kind, address) once: a second delivery cannot double-credit.
CREATE UNIQUE INDEX ledger_entries_once_per_block
  ON ledger_entries (block_hash, kind, coalesce(address, ''))
  WHERE block_hash IS NOT NULL AND kind IN ('delegate_share', 'pool_fee', 'unallocated', 'self_revenue');

CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entries is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

-- Per-delegate balances, derived from entries only.
CREATE VIEW delegate_balances AS
SELECT
  e.address,
  coalesce(sum(e.amount_sats) FILTER (WHERE e.kind IN ('delegate_share', 'opening_balance')
    OR (e.kind = 'reversal' AND r.kind IN ('delegate_share', 'opening_balance'))), 0) AS accrued_sats,
  coalesce(sum(e.amount_sats) FILTER (WHERE e.kind = 'payout_paid'), 0) AS paid_sats,
  coalesce(sum(e.amount_sats) FILTER (WHERE e.kind = 'payout_reserve'), 0)
    - coalesce(sum(e.amount_sats) FILTER (WHERE e.kind IN ('payout_paid', 'payout_release')), 0) AS in_flight_sats
FROM ledger_entries e
LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id
WHERE e.address IS NOT NULL
GROUP BY e.address;

-- Notification outbox, written in the same transaction as the change it reports. The relay moves rows to the
-- `notify` queue and sets relayed_at; the notifier records delivery in its own tables.
CREATE TABLE outbox (
  id          bigserial PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- A message kind of the notifier's catalog, e.g. 'pool_reward', 'reorg_reversal', 'stale_chain'.
  kind        text NOT NULL,
  severity    text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  -- Facts for the template; amounts as decimal strings of satoshis.
  payload     jsonb NOT NULL,
  -- Business key of the event (e.g. 'pool_reward:<hash>'): a retried producer writes it once.
  dedupe_key  text UNIQUE,
  relayed_at  timestamptz
);
CREATE INDEX outbox_unrelayed ON outbox (id) WHERE relayed_at IS NULL;

-- Small key/value state (chain-watcher cursor extras, health-alert latches, import provenance).
CREATE TABLE kv (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
