-- Provable shares (docs/provable-payouts.md): the exact content a snapshot's content_hash covers, as the
-- canonical JSON object the snapshotter hashed (amounts as decimal strings), so anyone can recompute the hash.
-- NULL for snapshots stored before this migration (their hash stays checkable by `ppm verify share`).
ALTER TABLE snapshots ADD COLUMN content jsonb;
