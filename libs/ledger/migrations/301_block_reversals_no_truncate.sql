-- block_reversals (005) is ledger history like block_applications: TRUNCATE refused for every role, as 300 does for
-- the other ledger tables (005 and 300 were written side by side, so 300 could not name it).
CREATE TRIGGER block_reversals_no_truncate BEFORE TRUNCATE ON block_reversals
  FOR EACH STATEMENT EXECUTE FUNCTION ppm_refuse_truncate();
