-- Scale of state (issue 6, docs/benchmarks.md): with a million cases, what the daemon asks on
-- every wake and what the digest reads must not grow with the whole table.

-- When an open case next needs reminder or rung work: the next reminder point of its current
-- stage not yet handled, or its current stage's deadline, worked out by the ladder's pure
-- functions (`CaseClock::next_work`) on the owner's calendar. The passes read only the open
-- cases with `next_due_at <= now` and re-check each one exactly, so a value that is too early
-- costs a re-check and never a mail; one that is too late would lose a reminder or a rung.
--   ''    not worked out yet: due now, the next pass works it out (sorts before any time);
--   NULL  nothing more can fall due (the case is on its top rung);
--   time  nothing is due before then.
-- Every existing row starts at '' (the backfill: the first pass works out the open ones).
ALTER TABLE cases ADD COLUMN next_due_at TEXT DEFAULT '';
CREATE INDEX cases_next_due ON cases (next_due_at) WHERE status = 'open';

-- Whatever changes a case's clock (a new owner or route means another calendar; a new
-- deadline, status or rung another stage) puts it back to '' unless the same statement set
-- `next_due_at` itself. A write path that forgets the ladder can then only cause a re-check.
CREATE TRIGGER cases_clock_changed
AFTER UPDATE OF status, owner, route, opened_at, deadline, rung ON cases
WHEN NEW.next_due_at IS OLD.next_due_at
BEGIN
    UPDATE cases SET next_due_at = '' WHERE id = NEW.id;
END;

