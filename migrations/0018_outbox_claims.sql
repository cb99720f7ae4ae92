-- Issue 15: an outbox row is claimed before it is handed to the SMTP server by bumping its
-- claim count from the value the sender read (compare and set), so two senders can never both
-- claim one row. On PostgreSQL the claim also skips rows another sender is claiming right now
-- (FOR UPDATE SKIP LOCKED). The leader table of several `qmark run` on one database is
-- PostgreSQL's alone (migrations/postgres/0018): on SQLite the run lock is a flock.
ALTER TABLE outbox ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
