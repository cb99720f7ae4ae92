-- The learned router: the model as last trained, and the labels it learns from. Answers
-- confirm a case's route; #reassign corrects it.

CREATE TABLE model (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    trained_at TEXT    NOT NULL,
    examples   INTEGER NOT NULL,
    -- What the model was built from (example folders), to know when to rebuild.
    source     TEXT    NOT NULL,
    -- The labels.seq learned up to.
    label_seq  INTEGER NOT NULL,
    data       BLOB    NOT NULL
) STRICT;

CREATE TABLE labels (
    seq        INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL UNIQUE REFERENCES messages (id),
    route      TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    at         TEXT    NOT NULL
) STRICT;
