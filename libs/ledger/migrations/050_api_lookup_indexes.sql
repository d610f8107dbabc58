-- The public API looks delegates up by address. Without this index, asking about an address that is in no
-- current balance (a typo, a crowd of unknown addresses) scans every snapshot weight ever stored.
CREATE INDEX snapshot_weights_address ON snapshot_weights (address);
