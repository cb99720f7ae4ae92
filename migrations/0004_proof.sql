-- Issue 6 (proof): outbox rows handed to the SMTP server whose outcome is not recorded yet.
-- Set just before a row is sent (in small batches), cleared when it is retried; a pending
-- row that still has it after a restart is "in doubt": the server may have accepted it.
ALTER TABLE outbox ADD COLUMN in_flight_at TEXT;
CREATE INDEX outbox_in_flight ON outbox (id) WHERE in_flight_at IS NOT NULL AND status = 'pending';
