-- Issue 15 (scale of history): the digest reads the cases first answered in its period
-- (`Store::cases_answered_between`, `first_answered_at >= $1 AND < $2`). Without an index that
-- is a scan of every case ever opened: 0.2 s at 1,000,000 cases on SQLite, 1.9 s of a 3.6 s
-- digest at 10,000,000 on PostgreSQL (docs/benchmarks.md). With it, one range seek.
CREATE INDEX cases_first_answered ON cases (first_answered_at);
