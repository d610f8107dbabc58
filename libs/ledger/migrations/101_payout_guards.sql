-- Payout guards (payout service). Makes the failure modes of the original impossible at the database level:
-- a batch cannot change its transaction once stored, cannot leave a final state, cannot skip the state machine,
-- and cannot move the same amount twice.

-- The plan's parameters, so `approve(hash)` can re-plan with exactly the settings the plan was made with.
ALTER TABLE payout_plans ADD COLUMN min_payout_sats numeric(20,0);
ALTER TABLE payout_plans ADD COLUMN max_outputs_per_tx integer;
ALTER TABLE payout_plans ADD COLUMN superseded_by text;

-- At most one plan waits for approval at a time: a newer plan supersedes the older in the same transaction.
CREATE UNIQUE INDEX payout_plans_one_waiting ON payout_plans ((true)) WHERE status = 'planned';

-- Tracking facts: the tip height when the node first said the inputs are missing/spent (dropped only once
-- that has stayed true for PPM_PAYOUT_CONFIRMATIONS blocks), and the last time the tracker looked.
ALTER TABLE payout_batches ADD COLUMN inputs_missing_since_height integer;
ALTER TABLE payout_batches ADD COLUMN checked_at timestamptz;

-- Each batch moves each address's amount at most once per kind: no double reserve, no double paid/release.
CREATE UNIQUE INDEX ledger_entries_payout_once
  ON ledger_entries (payout_batch_id, kind, address)
  WHERE kind IN ('payout_reserve', 'payout_paid', 'payout_release');

-- The state machine of services/payout/src/domain/batch-state.ts, enforced on every update.
CREATE FUNCTION payout_batches_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.txid IS NOT NULL AND NEW.txid IS DISTINCT FROM OLD.txid THEN
    RAISE EXCEPTION 'payout batch %: txid is immutable once stored (% -> %)', OLD.batch_id, OLD.txid, NEW.txid;
  END IF;
  IF OLD.raw_tx IS NOT NULL AND NEW.raw_tx IS DISTINCT FROM OLD.raw_tx THEN
    RAISE EXCEPTION 'payout batch %: raw_tx is immutable once stored', OLD.batch_id;
  END IF;
  IF NEW.batch_id <> OLD.batch_id OR NEW.plan_hash <> OLD.plan_hash OR NEW.total_sats <> OLD.total_sats THEN
    RAISE EXCEPTION 'payout batch %: identity and amount are immutable', OLD.batch_id;
  END IF;
  IF NEW.state <> OLD.state AND NOT (
       (OLD.state = 'reserved'  AND NEW.state IN ('signed', 'failed'))
    OR (OLD.state = 'signed'    AND NEW.state IN ('broadcast', 'dropped'))
    OR (OLD.state = 'broadcast' AND NEW.state IN ('confirmed', 'paid', 'dropped'))
    OR (OLD.state = 'confirmed' AND NEW.state IN ('broadcast', 'paid', 'dropped'))
  ) THEN
    RAISE EXCEPTION 'payout batch %: illegal transition % -> %', OLD.batch_id, OLD.state, NEW.state;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER payout_batches_guard BEFORE UPDATE ON payout_batches
  FOR EACH ROW EXECUTE FUNCTION payout_batches_guard();

CREATE FUNCTION payout_batches_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'payout_batches rows are never deleted';
END;
$$;
CREATE TRIGGER payout_batches_no_delete BEFORE DELETE ON payout_batches
  FOR EACH ROW EXECUTE FUNCTION payout_batches_no_delete();
