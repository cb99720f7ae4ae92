-- Benchmarks (issue 6, docs/benchmarks.md): when a case was last reopened is asked for every
-- open case on every reminder / escalation pass (`Store::reopened_at`, `open_reopenings`).
-- Without this index SQLite may answer from case_events_kind_at and read every `reopened`
-- event of every case each time; with it, one seek per case.
CREATE INDEX case_events_case_kind ON case_events (case_id, kind, at);
