-- 0006 contact outcome 'failed' (PostgreSQL). Same change as sql/sqlite and sql/sqlserver 0006.
-- A call cut by the system before a seat answered (its site's Asterisk restarted under it) is recorded as
-- 'failed', not as an abandon by the caller: Core ContactOutcome.Failed.
ALTER TABLE contacts DROP CONSTRAINT contacts_outcome_check;
ALTER TABLE contacts ADD CONSTRAINT ck_contacts_outcome
  CHECK (outcome IN ('answered', 'abandoned', 'timeout', 'overflowed', 'full', 'joinempty', 'leaveempty', 'closed', 'transferred', 'failed'));
