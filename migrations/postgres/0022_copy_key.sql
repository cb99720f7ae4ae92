-- The PostgreSQL twin of SQLite's 0022: how a re-delivered copy of a message without a
-- Message-ID is known (`mail::copy_key`); NULL for every message with one.
ALTER TABLE messages ADD COLUMN copy_key TEXT COLLATE "C";
CREATE INDEX messages_copy_key ON messages (copy_key) WHERE copy_key IS NOT NULL;
