-- Accrual's ordering checks run once per applied block; without these partial indexes each check would scan
-- every applied block (quadratic catch-up). Both indexes stay tiny: they hold only blocks waiting for work.
-- Main-chain blocks not applied yet (strict height order: "is anything below H still pending?").
CREATE INDEX blocks_main_unapplied ON blocks (height) WHERE on_main_chain AND status <> 'applied';
-- Applied blocks that left the main chain and wait for their reversal.
CREATE INDEX blocks_applied_off_chain ON blocks (height) WHERE NOT on_main_chain AND status = 'applied';
