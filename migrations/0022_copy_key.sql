-- A re-delivered copy of a message without a Message-ID (a second Received path, the same
-- bytes otherwise) was stored and taken twice: the owner got it again as a follow-up. Such mail
-- now carries `mail::copy_key` (its content key with its Date) and a copy is one already
-- stored with that key. NULL for every message with a Message-ID, so the index is as small as
-- that mail is rare and costs nothing on the common insert.
ALTER TABLE messages ADD COLUMN copy_key TEXT;
CREATE INDEX messages_copy_key ON messages (copy_key) WHERE copy_key IS NOT NULL;
