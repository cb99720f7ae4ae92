-- Issue 14: `qmark backfill`, a first install on a mailbox that already holds mail.
-- A message it stores is marked, and processing opens its case quietly: no `?` forward, no
-- acknowledgment, no urgent notice; its automatic mail is recorded, not acted on. The case is
-- instead due in its owner's one summary mail (`summary_due`), cleared in the transaction that
-- queues that summary, so a case is listed once however often the backfill is interrupted.
ALTER TABLE messages ADD COLUMN backfill INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN summary_due INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_summary_due ON cases (owner, id) WHERE summary_due = 1;
