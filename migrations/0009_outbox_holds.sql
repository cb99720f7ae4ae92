-- The hourly caps count, per recipient and per case, mail of the last hour (the existing
-- (primary_recipient, created_at) and (case_id, created_at) indexes) plus older mail still
-- held for later. These indexes answer the second part without reading the rows themselves:
-- the status and due time sit after the body in the row, and reading past an 11 KB body
-- for every earlier mail made queueing a backlog quadratic.
CREATE INDEX IF NOT EXISTS outbox_recipient_held
    ON outbox (primary_recipient, next_attempt_at, created_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS outbox_case_held
    ON outbox (case_id, next_attempt_at, created_at) WHERE status = 'pending';
