-- Issue 13: several public addresses ([[inbox]]). Each inbox keeps its own IMAP cursor, and a
-- message and a case remember the public address they came in on.

-- The cursor, keyed by inbox (its public address, lower-case) and mailbox: two inboxes both
-- read "INBOX", on different accounts. A database from before keeps its one cursor under
-- inbox '', which the first configured inbox adopts (store::cursor), so an upgrade re-reads
-- no old mail.
CREATE TABLE inbox_cursor (
    inbox       TEXT    NOT NULL,
    mailbox     TEXT    NOT NULL,
    uidvalidity INTEGER NOT NULL,
    last_uid    INTEGER NOT NULL,
    PRIMARY KEY (inbox, mailbox)
) STRICT;

INSERT INTO inbox_cursor (inbox, mailbox, uidvalidity, last_uid)
SELECT '', mailbox, uidvalidity, last_uid FROM mailbox_cursor;

DROP TABLE mailbox_cursor;

-- The public address a message was read from (NULL: read before 0014, or not from IMAP;
-- taken as the first inbox's).
ALTER TABLE messages ADD COLUMN inbox TEXT;

-- The public address a case came in on: every mail to its customer goes out From it (NULL:
-- opened before 0014, the first inbox's).
ALTER TABLE cases ADD COLUMN inbox TEXT;
