-- Delegate rules in the ledger (issue 13): each pool block's application records the TERMS it was credited under
-- (pool fee and rules version), fixed at the block hash's first application and reused by every re-application
-- (A->B->A), `ppm replay` and `ppm verify share`; and what each rule did to each delegate. All append-only.
-- Numbered after 300 because it uses 300's ppm_refuse_truncate(); `ppm migrate` re-applies the roles' grants
-- after it, and roles.ts lists the new tables as append-only (writers: SELECT, INSERT).

-- One row per rules version: version = sha256 of canonical_json (libs/rules rulesCanonicalJson). Written by
-- accrual (INSERT ... ON CONFLICT DO NOTHING) when a block is first credited under those rules; never changed.
CREATE TABLE rules_versions (
  version         text PRIMARY KEY CHECK (version ~ '^[0-9a-f]{64}$'),
  canonical_json  text NOT NULL,
  first_seen_at   timestamptz NOT NULL DEFAULT now()
);

-- The terms of a pool block's application. NULL on rows written before this migration and on self/foreign
-- blocks (no split): replay and re-applications of such blocks use the configured fee and no rules, as before.
ALTER TABLE block_applications ADD COLUMN pool_fee_bps integer CHECK (pool_fee_bps BETWEEN 0 AND 10000);
ALTER TABLE block_applications ADD COLUMN rules_version text REFERENCES rules_versions (version);
ALTER TABLE block_applications ADD CONSTRAINT block_applications_rules_need_fee CHECK (rules_version IS NULL OR pool_fee_bps IS NOT NULL);

-- What a rule did to a delegate in one application of a block (libs/rules RuleEffect):
--   excluded / below_minimum: amount_sats = the share rule 6 over all delegates would have given it (withheld:
--     to the pool fee with leftover "pool", shared by the eligible delegates with "redistribute"); fee_bps NULL;
--   fee_override: fee_bps = the delegate's fee, amount_sats = the signed adjustment of its share (the pool fee
--     moved the other way).
CREATE TABLE block_rule_effects (
  block_hash   text NOT NULL,
  application  integer NOT NULL CHECK (application >= 1),
  address      text NOT NULL,
  rule         text NOT NULL CHECK (rule IN ('excluded', 'below_minimum', 'fee_override')),
  weight_sats  numeric(20,0) NOT NULL CHECK (weight_sats >= 0),
  amount_sats  numeric(20,0) NOT NULL,
  fee_bps      integer CHECK (fee_bps BETWEEN 0 AND 10000),
  PRIMARY KEY (block_hash, application, address, rule),
  FOREIGN KEY (block_hash, application) REFERENCES block_applications (block_hash, application),
  CHECK ((rule = 'fee_override') = (fee_bps IS NOT NULL)),
  CHECK (rule = 'fee_override' OR amount_sats >= 0)
);
CREATE INDEX block_rule_effects_address ON block_rule_effects (address);

-- Append-only for every role, the owner included (as ledger_entries): a recorded term or effect is history.
CREATE FUNCTION ppm_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;
CREATE TRIGGER rules_versions_no_update BEFORE UPDATE OR DELETE ON rules_versions
  FOR EACH ROW EXECUTE FUNCTION ppm_refuse_change();
CREATE TRIGGER block_rule_effects_no_update BEFORE UPDATE OR DELETE ON block_rule_effects
  FOR EACH ROW EXECUTE FUNCTION ppm_refuse_change();
CREATE TRIGGER rules_versions_no_truncate BEFORE TRUNCATE ON rules_versions
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();
CREATE TRIGGER block_rule_effects_no_truncate BEFORE TRUNCATE ON block_rule_effects
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();
