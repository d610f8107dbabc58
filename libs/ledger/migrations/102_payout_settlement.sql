-- Settlement from the chain (payout service, services/payout/README.md "Settlement"). A batch becomes `dropped`
-- only when an input of its tx is proven spent by a different tx buried >= PPM_PAYOUT_CONFIRMATIONS deep; that
-- spender is stored. A dropped batch's txid stays watched until `watch_until_height`: if it confirms after all,
-- the late confirmation is recorded here (and as payout_reserve + payout_paid entries keyed '<batch_id>:late').

-- The tx that spent one of our inputs (dropped, or waiting for its depth).
ALTER TABLE payout_batches ADD COLUMN spent_by_txid text CHECK (spent_by_txid IS NULL OR spent_by_txid ~ '^[0-9a-f]{64}$');
-- The tip height when the batch was dropped, and the last tip height its txid is watched at.
ALTER TABLE payout_batches ADD COLUMN dropped_height integer;
ALTER TABLE payout_batches ADD COLUMN watch_until_height integer;
-- A dropped tx that was mined after all (buried >= PPM_PAYOUT_CONFIRMATIONS): its block.
ALTER TABLE payout_batches ADD COLUMN late_confirmed_height integer;
ALTER TABLE payout_batches ADD COLUMN late_block_hash text;
ALTER TABLE payout_batches ADD CONSTRAINT payout_batches_late_only_dropped
  CHECK (late_confirmed_height IS NULL OR state = 'dropped');

CREATE INDEX payout_batches_watched ON payout_batches (watch_until_height)
  WHERE state = 'dropped' AND late_confirmed_height IS NULL;

-- A late confirmation is final: never unset or moved.
CREATE FUNCTION payout_batches_late_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.late_confirmed_height IS NOT NULL AND NEW.late_confirmed_height IS DISTINCT FROM OLD.late_confirmed_height THEN
    RAISE EXCEPTION 'payout batch %: a late confirmation is final', OLD.batch_id;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER payout_batches_late_guard BEFORE UPDATE ON payout_batches
  FOR EACH ROW EXECUTE FUNCTION payout_batches_late_guard();
