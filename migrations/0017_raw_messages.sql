-- Issue 15 (SQLite at the limit): a message's raw bytes in a table of their own. Marking a
-- message processed updates a handful of short columns; with the ~5 KB raw bytes in the same
-- row, SQLite rewrote the whole record (its overflow pages included) on every such update.
-- Now `messages` holds what processing learns and changes, and `raw_messages` the bytes,
-- written once when the message is stored and never updated.
--
-- Existing rows move over in this migration's transaction; `DROP COLUMN` rewrites `messages`
-- without the column (the column is in no index, constraint or view). Portable SQL: a second
-- backend's migration is the same with BYTEA for BLOB.
CREATE TABLE raw_messages (
    message_id INTEGER PRIMARY KEY REFERENCES messages (id),
    raw        BLOB    NOT NULL
) STRICT;

INSERT INTO raw_messages (message_id, raw) SELECT id, raw FROM messages;

ALTER TABLE messages DROP COLUMN raw;
