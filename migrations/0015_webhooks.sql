-- Issue 14 item 5: signed webhooks. A delivery is queued in the transaction of the event it
-- reports (a case opened, made urgent, climbing a rung, answered), keyed so that the same
-- decision replayed queues nothing new, and drained by its own sender with retries, like the
-- outbox's mail. `delivery_id` is the X-Qmark-Delivery header: the same on every attempt, so
-- a receiver that saw it before can drop a repeat. `body` is the JSON sent, fixed when
-- queued; each attempt signs it afresh with its own timestamp.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT    NOT NULL UNIQUE,
    delivery_id     TEXT    NOT NULL UNIQUE,
    url             TEXT    NOT NULL,
    event           TEXT    NOT NULL,
    case_id         INTEGER REFERENCES cases (id),
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT,
    created_at      TEXT    NOT NULL,
    delivered_at    TEXT
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_case ON webhook_deliveries (case_id);
