-- Which process claimed an outbox row: a process whose claim was cut off by a lost database takes the row again
-- only if the claim is its own (not one another process made meanwhile).
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
