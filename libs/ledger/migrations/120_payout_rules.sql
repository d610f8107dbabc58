-- Payout side of the delegate rules (issue 13, PPM_RULES_FILE): redirects and the pool-fee split.

-- Pool-fee split: on each payout cycle the pool fee accrued since the last split (pool_fee entries and their
-- reversals, up to the plan's cut) leaves the pool as one pool-level `pool_fee_transfer` (negative, address NULL)
-- and reaches the split addresses as `pool_fee_share` entries (positive, addressed), which count as accrued in
-- balances and are paid like any balance. The two kinds of one split sum to zero.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN (
  'delegate_share', 'pool_fee', 'unallocated', 'self_revenue', 'reversal',
  'opening_balance', 'payout_reserve', 'payout_paid', 'payout_release',
  'pool_fee_transfer', 'pool_fee_share'));
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_fee_split_sign CHECK (
  (kind <> 'pool_fee_transfer' OR (address IS NULL AND amount_sats < 0))
  AND (kind <> 'pool_fee_share' OR (address IS NOT NULL AND amount_sats > 0)));

-- accrued now includes pool_fee_share (same columns: grants and readers are unchanged).
CREATE OR REPLACE VIEW delegate_balances AS
SELECT
  e.address,
  coalesce(sum(e.amount_sats) FILTER (WHERE e.kind IN ('delegate_share', 'opening_balance', 'pool_fee_share')
    OR (e.kind = 'reversal' AND r.kind IN ('delegate_share', 'opening_balance'))), 0) AS accrued_sats,
  coalesce(sum(e.amount_sats) FILTER (WHERE e.kind = 'payout_paid'), 0) AS paid_sats,
  coalesce(sum(e.amount_sats) FILTER (WHERE e.kind = 'payout_reserve'), 0)
    - coalesce(sum(e.amount_sats) FILTER (WHERE e.kind IN ('payout_paid', 'payout_release')), 0) AS in_flight_sats
FROM ledger_entries e
LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id
WHERE e.address IS NOT NULL
GROUP BY e.address;

-- Redirects: `address` stays the delegate whose balance the output debits (ledger entries are keyed by it);
-- `paid_to` is the address the transaction pays when A's signed redirect sends it to B (NULL: paid to the
-- delegate itself), with A's signature of the redirect message, so `ppm verify payout` can show and check it.
ALTER TABLE payout_outputs ADD COLUMN paid_to text;
ALTER TABLE payout_outputs ADD COLUMN redirect_signature text;
ALTER TABLE payout_outputs ADD CONSTRAINT payout_outputs_redirect_signed
  CHECK ((paid_to IS NULL) = (redirect_signature IS NULL) AND (paid_to IS NULL OR paid_to <> address));
CREATE INDEX payout_outputs_paid_to ON payout_outputs (paid_to) WHERE paid_to IS NOT NULL;
-- A transaction never holds two outputs to one address (createrawtransaction takes an object): a redirect
-- target that is also paid for itself, or for two delegates, is paid in different batches of the plan.
CREATE UNIQUE INDEX payout_outputs_one_per_recipient ON payout_outputs (batch_id, coalesce(paid_to, address));
