-- Payouts: plans, their batches (one transaction each) and outputs. Amount movements are ledger entries
-- (payout_reserve / payout_paid / payout_release, keyed by payout_batch_id); these tables hold the state machine.

CREATE TABLE payout_plans (
  plan_hash     text PRIMARY KEY CHECK (plan_hash ~ '^[0-9a-f]{64}$'),
  network       text NOT NULL,
  as_of_height  integer NOT NULL,
  -- planned: waiting for approval (manual) | approved | executing | done | superseded (balances changed)
  status        text NOT NULL CHECK (status IN ('planned', 'approved', 'executing', 'done', 'superseded')),
  total_sats    numeric(20,0) NOT NULL CHECK (total_sats >= 0),
  delegates     integer NOT NULL,
  batch_count   integer NOT NULL,
  -- The canonical plan content (amounts as decimal strings), exactly what was hashed.
  plan_json     jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  approved_at   timestamptz,
  approved_by   text
);

CREATE TABLE payout_batches (
  batch_id        text PRIMARY KEY,
  plan_hash       text NOT NULL REFERENCES payout_plans (plan_hash),
  batch_index     integer NOT NULL,
  -- reserved -> signed (txid + raw tx stored BEFORE broadcast) -> broadcast -> confirmed -> paid
  --   or -> dropped / failed (amounts released back to balances)
  state           text NOT NULL CHECK (state IN ('reserved', 'signed', 'broadcast', 'confirmed', 'paid', 'dropped', 'failed')),
  total_sats      numeric(20,0) NOT NULL CHECK (total_sats >= 0),
  output_count    integer NOT NULL,
  txid            text CHECK (txid IS NULL OR txid ~ '^[0-9a-f]{64}$'),
  raw_tx          text,
  fee_sats        numeric(20,0),
  block_hash      text,
  block_height    integer,
  confirmations   integer NOT NULL DEFAULT 0,
  error           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  signed_at       timestamptz,
  broadcast_at    timestamptz,
  confirmed_at    timestamptz,
  finished_at     timestamptz,
  UNIQUE (plan_hash, batch_index),
  CHECK (state IN ('reserved', 'failed') OR txid IS NOT NULL)
);
CREATE INDEX payout_batches_open ON payout_batches (state) WHERE state IN ('reserved', 'signed', 'broadcast', 'confirmed');

CREATE TABLE payout_outputs (
  batch_id     text NOT NULL REFERENCES payout_batches (batch_id),
  address      text NOT NULL,
  amount_sats  numeric(20,0) NOT NULL CHECK (amount_sats > 0),
  PRIMARY KEY (batch_id, address)
);
CREATE INDEX payout_outputs_address ON payout_outputs (address);
