-- 0006 contact outcome 'failed' (SQL Server). Same change as sql/sqlite and sql/postgres 0006.
-- A call cut by the system before a seat answered (its site's Asterisk restarted under it) is recorded as
-- 'failed', not as an abandon by the caller: Core ContactOutcome.Failed.
-- Batches are separated by GO lines; the runner runs them in one transaction.
-- The outcome CHECK of 0001 has a generated name: look it up and replace it.
DECLARE @outcome sysname = (
  SELECT cc.name FROM sys.check_constraints cc
  JOIN sys.columns c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
  WHERE cc.parent_object_id = OBJECT_ID(N'contacts') AND c.name = N'outcome');
DECLARE @drop nvarchar(400);
IF @outcome IS NOT NULL
BEGIN
  SET @drop = N'ALTER TABLE contacts DROP CONSTRAINT ' + QUOTENAME(@outcome);
  EXEC sp_executesql @drop;
END
GO
ALTER TABLE contacts ADD CONSTRAINT ck_contacts_outcome
  CHECK (outcome IN (N'answered', N'abandoned', N'timeout', N'overflowed', N'full', N'joinempty', N'leaveempty', N'closed', N'transferred', N'failed'));
GO
