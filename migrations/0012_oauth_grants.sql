-- Issue 13: OAuth2 grants, one per account qmark logs in as (the IMAP or SMTP username).
-- The refresh token and the access token it bought are written by one UPDATE, before the
-- access token is used: a provider that rotates refresh tokens has already killed the old one,
-- so the new one must be on disk before anything can fail. The database file is 0600
-- (dbfiles.rs), as it already holds the reply secret.
CREATE TABLE IF NOT EXISTS oauth_grants (
    username          TEXT PRIMARY KEY,
    client_id         TEXT NOT NULL,
    refresh_token     TEXT,
    access_token      TEXT,
    access_expires_at TEXT,
    scope             TEXT NOT NULL DEFAULT '',
    granted_at        TEXT NOT NULL,
    refreshed_at      TEXT,
    -- Set when the provider refused the grant (consent revoked, password changed): the
    -- executives are told once a day and `qmark check` names the fix, until a new login.
    refused_at        TEXT,
    refused_reason    TEXT,
    failures          INTEGER NOT NULL DEFAULT 0
) STRICT;
