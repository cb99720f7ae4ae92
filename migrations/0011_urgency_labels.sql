-- People's urgency corrections: `#urgent` / `#normal` on a reply to a forward, and a digest
-- `bump`, label a case's complaint urgent or normal. The router learns urgency from them
-- (src/urgency_memory.rs); a later label of the same message replaces the earlier one with a
-- new seq, so the learner sees corrections in order.

CREATE TABLE urgency_labels (
    seq        INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL UNIQUE REFERENCES messages (id),
    case_id    INTEGER NOT NULL,
    urgent     INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    source     TEXT    NOT NULL,
    by_whom    TEXT    NOT NULL,
    at         TEXT    NOT NULL
) STRICT;
