-- 0003 Quartz.NET job store tables: nothing to do on SQLite.
-- With SQLite the server is a single node and Quartz uses its in-memory job store (the schedule is code, rebuilt
-- at every start), so no Quartz tables exist here. The number is kept so that every dialect has the same
-- migrations (see sql/postgres/0003_quartz_job_store.sql and sql/sqlserver/0003_quartz_job_store.sql).
SELECT 1;
