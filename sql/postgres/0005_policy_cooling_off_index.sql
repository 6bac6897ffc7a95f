-- 0005 policy cooling-off index (PostgreSQL). Same change as sql/sqlite and sql/sqlserver 0005; see the SQLite
-- script for the query it serves (the every-minute new-policy callback scan).
CREATE INDEX ix_policies_cooling_off ON policies (status, cooling_off_end, policy_number) WHERE cooling_off_end IS NOT NULL;
