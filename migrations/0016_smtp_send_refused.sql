-- Issue 13, per-inbox SMTP: a mail server may take an account's token for IMAP and refuse it
-- for SMTP AUTH (Microsoft 365 without the SMTP.Send scope, or with SMTP AUTH turned off for
-- the mailbox). That is not a refused grant — the inbox is still read — so it is kept apart:
-- set when SMTP refuses a fresh token, cleared when SMTP takes one or a new consent is saved.
-- The executives are told once a day and `qmark check` names it "missing SMTP send permission".
ALTER TABLE oauth_grants ADD COLUMN send_refused_at TEXT;
ALTER TABLE oauth_grants ADD COLUMN send_refused_reason TEXT;
