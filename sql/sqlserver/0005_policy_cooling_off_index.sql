-- 0005 policy cooling-off index (SQL Server). Same change as sql/sqlite and sql/postgres 0005; see the SQLite
-- script for the query it serves (the every-minute new-policy callback scan). A filtered index: policies without
-- a cooling-off period are left out.
CREATE INDEX ix_policies_cooling_off ON policies (status, cooling_off_end, policy_number) WHERE cooling_off_end IS NOT NULL;
GO
