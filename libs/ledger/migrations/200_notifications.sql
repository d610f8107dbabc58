-- Notifier delivery records: one row per (outbox message, recipient). The outbox row is the message; this table is
-- the outcome per recipient. Rows are claimed atomically (state 'sending' + claimed_by/claimed_at) so N notifier
-- replicas send each message once; a claim older than the lease may be retaken (a replica died mid-send).
--   pending -> sending -> sent
--   pending -> held (quiet hours / rate limit) -> sending (as part of one digest) -> sent
--   sending -> retry (SMTP down, auth refused: retried with backoff, never dropped) -> sending ...
--   sending -> failed (permanent: the server refused the recipient or the message, or the payload cannot render)
CREATE TABLE notification_deliveries (
  message_id       bigint NOT NULL REFERENCES outbox (id),
  recipient        text NOT NULL,
  state            text NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'retry', 'sending', 'sent', 'held', 'failed')),
  -- Why a row is held: 'quiet' (recipient's quiet hours) or 'rate' (recipient's maxPerHour reached).
  held_reason      text CHECK (held_reason IN ('quiet', 'rate')),
  attempts         integer NOT NULL DEFAULT 0,
  -- When a pending/retry row is due (backoff); the sweeper picks due rows.
  next_attempt_at  timestamptz NOT NULL,
  claimed_by       text,
  claimed_at       timestamptz,
  -- Set while the row travels in a digest; the digest owns it until it is sent or released back to held.
  digest_id        bigint,
  last_error       text,
  smtp_response    text,
  smtp_message_id  text,
  sent_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, recipient)
);
-- The sweeper's scan: due rows and stale claims only.
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at)
  WHERE state IN ('pending', 'retry', 'sending');
CREATE INDEX notification_deliveries_held ON notification_deliveries (recipient) WHERE state = 'held';
-- Rate limit: mails sent to a recipient in the last hour.
CREATE INDEX notification_deliveries_sent ON notification_deliveries (recipient, sent_at) WHERE state = 'sent';

-- One digest mail: the held messages of one recipient, sent together when their quiet hours end (or the rate
-- window frees up). Claimed and leased like a delivery.
CREATE TABLE notification_digests (
  id               bigserial PRIMARY KEY,
  recipient        text NOT NULL,
  state            text NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
  messages         integer NOT NULL,
  claimed_by       text NOT NULL,
  claimed_at       timestamptz NOT NULL,
  last_error       text,
  smtp_response    text,
  smtp_message_id  text,
  sent_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_digests_recipient ON notification_digests (recipient, sent_at);
