-- Issue 15: the outbox claim count (see migrations/0018) and the leader of several
-- `qmark run` on one PostgreSQL database.
ALTER TABLE outbox ADD COLUMN claims BIGINT NOT NULL DEFAULT 0;

-- Who leads: written by the process that takes the run lock (a session advisory lock), its
-- heartbeat refreshed every two seconds on the lock's own session. Times are the server's
-- (now()), so machines with skewed clocks still agree on how old a heartbeat is. `token` is
-- new at every takeover: a write transaction of a process whose token is no longer here
-- fails (the fence), so a leader that lost its lock without knowing it cannot write.
CREATE TABLE run_leader (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    token        TEXT COLLATE "C" NOT NULL,
    holder       TEXT COLLATE "C" NOT NULL,
    since        TIMESTAMPTZ NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL,
    takeovers    BIGINT NOT NULL DEFAULT 0,
    last_reason  TEXT COLLATE "C"
);
