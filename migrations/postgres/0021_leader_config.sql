-- Issue 15: the leader's config, section by section (`config::fingerprint`), so a standby
-- started with another config says so before it takes over, and `qmark check` shows it.
-- NULL for a command that runs once, or a leader from before this column.
ALTER TABLE run_leader ADD COLUMN config TEXT COLLATE "C";
