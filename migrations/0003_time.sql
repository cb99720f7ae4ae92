-- Time: reminders, the escalation ladder and the digest's reports. Reminders and rungs are
-- derived from cases and their outbox keys, so no new table is needed; these indexes serve
-- the digest's queries (follow-ups in a period, cases due in a period).
CREATE INDEX case_events_kind_at ON case_events (kind, at);
CREATE INDEX cases_deadline ON cases (deadline);
