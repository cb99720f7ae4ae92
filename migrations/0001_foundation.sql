-- The foundation schema. Migrations are append-only: never edit this file once it has shipped.
-- Timestamps are TEXT in one fixed-width UTC format (YYYY-MM-DDTHH:MM:SS.mmmZ) so that
-- string comparison is time comparison.

-- Facts about this installation, e.g. the secret that signs reply tokens.
CREATE TABLE settings (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Where ingest stopped in each mailbox. A UIDVALIDITY change resets last_uid.
CREATE TABLE mailbox_cursor (
    mailbox     TEXT    NOT NULL PRIMARY KEY,
    uidvalidity INTEGER NOT NULL,
    last_uid    INTEGER NOT NULL
) STRICT;

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    token            TEXT    NOT NULL UNIQUE,
    status           TEXT    NOT NULL CHECK (status IN ('open', 'answered', 'waiting', 'closed')),
    route            TEXT    NOT NULL,
    owner            TEXT    NOT NULL,
    priority         TEXT    NOT NULL,
    customer_address TEXT    NOT NULL,
    customer_name    TEXT,
    subject          TEXT    NOT NULL,
    opened_at        TEXT    NOT NULL,
    deadline         TEXT    NOT NULL,
    escalate_to      TEXT    NOT NULL,
    rung             INTEGER NOT NULL DEFAULT 0,
    first_answered_at TEXT,
    answered_at      TEXT,
    updated_at       TEXT    NOT NULL
) STRICT;
-- The escalation pass and `cases list --status` both select by status then deadline.
CREATE INDEX cases_status_deadline ON cases (status, deadline);
CREATE INDEX cases_customer ON cases (customer_address, opened_at);
CREATE INDEX cases_opened ON cases (opened_at);

-- Every message that reached the inbox, raw bytes always kept, stored before it is acted on.
CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    sha256       TEXT    NOT NULL UNIQUE,
    message_id   TEXT    UNIQUE,
    mailbox      TEXT,
    uidvalidity  INTEGER,
    uid          INTEGER,
    raw          BLOB    NOT NULL,
    received_at  TEXT    NOT NULL,
    processed_at TEXT,
    kind         TEXT,
    case_id      INTEGER REFERENCES cases (id),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT
) STRICT;
CREATE INDEX messages_unprocessed ON messages (id) WHERE processed_at IS NULL;
CREATE INDEX messages_case ON messages (case_id);
CREATE INDEX messages_received ON messages (received_at);

-- The history of a case: routing decisions with reasons, messages in and out, answers,
-- escalations, ignored replies.
CREATE TABLE case_events (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    at         TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    actor      TEXT,
    message_id INTEGER REFERENCES messages (id),
    detail     TEXT    NOT NULL
) STRICT;
CREATE INDEX case_events_case ON case_events (case_id, id);

-- Mail to send. Composed in the same transaction as the decision that wants it; the sender
-- loop drains it. dedupe_key makes "send this once" a unique constraint.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT    NOT NULL UNIQUE,
    case_id         INTEGER REFERENCES cases (id),
    purpose         TEXT    NOT NULL,
    message_id      TEXT    NOT NULL UNIQUE,
    envelope_from   TEXT    NOT NULL,
    recipients      TEXT    NOT NULL,
    body            BLOB    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT,
    created_at      TEXT    NOT NULL,
    sent_at         TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_case ON outbox (case_id);

-- One row per digest instant and recipient that has been queued, so each is sent once.
CREATE TABLE digests (
    scheduled_at TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    outbox_id    INTEGER NOT NULL REFERENCES outbox (id),
    PRIMARY KEY (scheduled_at, recipient)
) STRICT;
