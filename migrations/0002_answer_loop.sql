-- The answer loop: how each message was tied to its case, languages, waiting, and what the
-- circuit breaker and acknowledgment window count.

ALTER TABLE messages ADD COLUMN sender TEXT;
ALTER TABLE messages ADD COLUMN thread_key TEXT;
ALTER TABLE messages ADD COLUMN subject_key TEXT;
ALTER TABLE messages ADD COLUMN language TEXT;
-- "reply token (high)", "references (high)", "thread-index (medium)", ...
ALTER TABLE messages ADD COLUMN matched_by TEXT;
CREATE INDEX messages_thread_key ON messages (thread_key) WHERE thread_key IS NOT NULL;
CREATE INDEX messages_sender ON messages (sender, received_at);

ALTER TABLE cases ADD COLUMN language TEXT;
ALTER TABLE cases ADD COLUMN subject_key TEXT;
-- For status 'waiting': when the case comes back by itself.
ALTER TABLE cases ADD COLUMN waiting_until TEXT;
CREATE INDEX cases_waiting ON cases (waiting_until) WHERE status = 'waiting';
CREATE INDEX cases_customer_subject ON cases (customer_address, subject_key);

-- The first recipient of each mail, for the per-recipient circuit breaker and the
-- acknowledgment window.
ALTER TABLE outbox ADD COLUMN primary_recipient TEXT;
CREATE INDEX outbox_recipient ON outbox (primary_recipient, created_at);
CREATE INDEX outbox_case_created ON outbox (case_id, created_at);
