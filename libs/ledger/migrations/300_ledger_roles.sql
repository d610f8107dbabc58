-- Least privilege (issue 10 §5). The services connect as roles that own nothing (see libs/ledger/src/db/roles.ts
-- and `ppm db roles`): they cannot ALTER a table, so they cannot disable a trigger, and they are never granted
-- TRUNCATE. These triggers refuse TRUNCATE of the ledger's tables for every role, the owner included: emptying
-- the ledger takes a deliberate DROP TRIGGER by the owner, never a stray command.

CREATE FUNCTION ppm_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is part of the ledger: TRUNCATE refused', TG_TABLE_NAME;
END $$;

CREATE TRIGGER blocks_no_truncate BEFORE TRUNCATE ON blocks
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();
CREATE TRIGGER snapshots_no_truncate BEFORE TRUNCATE ON snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();
CREATE TRIGGER snapshot_weights_no_truncate BEFORE TRUNCATE ON snapshot_weights
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();
CREATE TRIGGER ledger_imports_no_truncate BEFORE TRUNCATE ON ledger_imports
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();
CREATE TRIGGER block_applications_no_truncate BEFORE TRUNCATE ON block_applications
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();
CREATE TRIGGER payout_plans_no_truncate BEFORE TRUNCATE ON payout_plans
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();
CREATE TRIGGER payout_batches_no_truncate BEFORE TRUNCATE ON payout_batches
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();
CREATE TRIGGER payout_outputs_no_truncate BEFORE TRUNCATE ON payout_outputs
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();
CREATE TRIGGER outbox_no_truncate BEFORE TRUNCATE ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();

-- Which database role plays which part for this schema, written by `ppm db roles`; `ppm migrate` re-applies the
-- grants of roles.ts after every migration, so tables added later get the same policy. (`ppm db roles` may run
-- before the first migration, hence IF NOT EXISTS.)
CREATE TABLE IF NOT EXISTS ppm_db_roles (
  role_name      text PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('owner', 'writer', 'reader')),
  registered_at  timestamptz NOT NULL DEFAULT now()
);
