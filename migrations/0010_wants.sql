-- What the customer wants (`refund`, `replacement`, …, `unknown`) and the sentence of their own
-- words that states the problem, read once when the case opens (src/wants.rs). NULL for cases
-- opened before this migration: the digest then reads the problem from the stored complaint.
ALTER TABLE cases ADD COLUMN wants TEXT;
ALTER TABLE cases ADD COLUMN problem TEXT;
