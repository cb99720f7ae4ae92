-- The PostgreSQL twin of SQLite's 0019 (issue 15, scale of history): the digest's read of the
-- cases first answered in its period (`Store::cases_answered_between`) was a parallel
-- sequential scan of every case, 1.9 s at 10,000,000 cases; with this index a range seek.
CREATE INDEX cases_first_answered ON cases (first_answered_at);
