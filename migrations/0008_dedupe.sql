-- no-transaction
-- Issue 11 (duplicates are the same message): a second message that reuses an earlier
-- Message-ID is a copy only when its sender and content agree (`content_key`, see
-- `mail::content_key`); otherwise it is its own message and becomes its own case. So
-- `message_id` can no longer be UNIQUE, and SQLite drops a constraint only by rebuilding the
-- table (https://www.sqlite.org/lang_altertable.html#otheralter, the 12 steps).
--
-- The first line above runs this file outside sqlx's transaction: foreign keys (case_events
-- and labels point at messages) can only be switched off outside a transaction, and with them
-- on, dropping the old table would fail or leave them dangling. The rebuild itself is one
-- transaction. If the process dies after COMMIT but before sqlx records this migration, the
-- next start runs it again: every step below is safe to repeat (content keys start empty
-- again and are worked out when needed).
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

DROP TABLE IF EXISTS messages_new;
CREATE TABLE messages_new (
    id           INTEGER PRIMARY KEY,
    sha256       TEXT    NOT NULL UNIQUE,
    message_id   TEXT,
    mailbox      TEXT,
    uidvalidity  INTEGER,
    uid          INTEGER,
    raw          BLOB    NOT NULL,
    received_at  TEXT    NOT NULL,
    processed_at TEXT,
    kind         TEXT,
    case_id      INTEGER REFERENCES cases (id),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    sender       TEXT,
    thread_key   TEXT,
    subject_key  TEXT,
    language     TEXT,
    matched_by   TEXT,
    -- `mail::content_key`: From, subject and body without trace headers. NULL for messages
    -- stored before this migration; ingest works theirs out from `raw` when it needs it.
    content_key  TEXT
) STRICT;

INSERT INTO messages_new (id, sha256, message_id, mailbox, uidvalidity, uid, raw, received_at,
                          processed_at, kind, case_id, attempts, last_error, sender, thread_key,
                          subject_key, language, matched_by)
SELECT id, sha256, message_id, mailbox, uidvalidity, uid, raw, received_at,
       processed_at, kind, case_id, attempts, last_error, sender, thread_key,
       subject_key, language, matched_by
FROM messages;

DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;

-- Every index the table had (0001, 0002), under the same names.
CREATE INDEX messages_unprocessed ON messages (id) WHERE processed_at IS NULL;
CREATE INDEX messages_case ON messages (case_id);
CREATE INDEX messages_received ON messages (received_at);
CREATE INDEX messages_thread_key ON messages (thread_key) WHERE thread_key IS NOT NULL;
CREATE INDEX messages_sender ON messages (sender, received_at);
-- Lookups by Message-ID (threading, the journal) use its first column; the pair is unique so
-- storing the same copy twice stays a no-op (`ON CONFLICT DO NOTHING`). Rows without a
-- Message-ID or without a content key never conflict here (NULLs are distinct).
CREATE UNIQUE INDEX messages_message_id ON messages (message_id, content_key);

COMMIT;
PRAGMA foreign_keys = ON;
