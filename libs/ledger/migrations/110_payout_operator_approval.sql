-- Manual approval with operator keys (issue 10 §3). `ppm payout approve HASH` signs the plan hash with the operator's
-- Ed25519 key (PPM_OPERATOR_KEY_FILE) and stores the approval here; the payout service sends it with every batch and
-- the signer verifies it against PPM_OPERATOR_PUBKEYS. The database only carries it: whoever writes this column
-- cannot forge a signature. Shape: {"publicKeyHex", "signatureHex", "approvedAtMs", "expiresAtMs"} (times as
-- decimal strings of epoch milliseconds).
ALTER TABLE payout_plans ADD COLUMN operator_approval jsonb;
