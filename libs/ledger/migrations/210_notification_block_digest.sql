-- Pool-block and self-block mails go out as an hourly digest by default (a recipient may ask for each one): a
-- delivery held for that digest has held_reason 'digest'. Warnings and critical alerts are never held this way.
ALTER TABLE notification_deliveries DROP CONSTRAINT IF EXISTS notification_deliveries_held_reason_check;
ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_held_reason_check
  CHECK (held_reason IN ('quiet', 'rate', 'digest'));
