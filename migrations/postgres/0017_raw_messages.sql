-- The PostgreSQL twin of SQLite's 0017 (issue 15, SQLite at the limit): a message's raw bytes
-- in a table of their own, written once when the message is stored and never updated, so a
-- processed mark does not rewrite them. Existing rows move over in this migration's
-- transaction.
CREATE TABLE raw_messages (
    message_id BIGINT PRIMARY KEY REFERENCES messages (id),
    raw        BYTEA  NOT NULL
);

INSERT INTO raw_messages (message_id, raw) SELECT id, raw FROM messages;

ALTER TABLE messages DROP COLUMN raw;
