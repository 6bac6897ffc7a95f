-- 0005 policy cooling-off index (SQLite). Same change as sql/postgres and sql/sqlserver 0005.
-- The every-minute new-policy callback scan (Data CallbackTaskQueries.ListNewPolicyCallbackGapsAsync) reads
--   WHERE status = 'in-force' AND cooling_off_end IS NOT NULL AND cooling_off_end >= @Today ...
--   ORDER BY cooling_off_end, policy_number
-- so the index leads with the equality column, then the range and sort column, then the tie-break; policies
-- without a cooling-off period are never scanned and are left out.
CREATE INDEX ix_policies_cooling_off ON policies (status, cooling_off_end, policy_number) WHERE cooling_off_end IS NOT NULL;
