-- 0002 outbound follow-up campaigns (SQL Server). Same change as sql/postgres and sql/sqlite 0002.
-- Batches are separated by GO lines; the migration runner runs them in one transaction.

ALTER TABLE campaigns ADD
  mode                       nvarchar(16) NOT NULL CONSTRAINT df_campaigns_mode DEFAULT N'progressive' CONSTRAINT ck_campaigns_mode CHECK (mode IN (N'preview', N'progressive')),
  time_zone                  nvarchar(64) NOT NULL CONSTRAINT df_campaigns_time_zone DEFAULT N'Asia/Shanghai',
  connect_extension          nvarchar(64) NULL,
  retry_no_answer_minutes    int NULL CONSTRAINT df_campaigns_retry_no_answer DEFAULT 120,
  retry_busy_minutes         int NULL CONSTRAINT df_campaigns_retry_busy DEFAULT 15,
  retry_unreachable_minutes  int NULL CONSTRAINT df_campaigns_retry_unreachable DEFAULT 30,
  retry_wrong_number_minutes int NULL,
  retry_call_later_minutes   int NOT NULL CONSTRAINT df_campaigns_retry_call_later DEFAULT 60;
GO
ALTER TABLE campaigns ADD CONSTRAINT ck_campaigns_retry CHECK (
  (retry_no_answer_minutes IS NULL OR retry_no_answer_minutes >= 0) AND (retry_busy_minutes IS NULL OR retry_busy_minutes >= 0)
  AND (retry_unreachable_minutes IS NULL OR retry_unreachable_minutes >= 0) AND (retry_wrong_number_minutes IS NULL OR retry_wrong_number_minutes >= 0)
  AND retry_call_later_minutes >= 0);
GO

CREATE TABLE campaign_seats (
  campaign_id int          NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  seat_id     nvarchar(64) NOT NULL REFERENCES seats (id) ON DELETE CASCADE,
  CONSTRAINT pk_campaign_seats PRIMARY KEY (campaign_id, seat_id)
);
GO

CREATE TABLE do_not_call (
  phone    nvarchar(32)      NOT NULL CONSTRAINT pk_do_not_call PRIMARY KEY,
  reason   nvarchar(400)     NULL,
  added_at datetimeoffset(6) NOT NULL
);
GO

-- The result CHECK of 0001 has a generated name: look it up and replace it.
DECLARE @name sysname = (
  SELECT cc.name FROM sys.check_constraints cc
  JOIN sys.columns c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
  WHERE cc.parent_object_id = OBJECT_ID(N'callback_tasks') AND c.name = N'result');
DECLARE @drop nvarchar(400) = N'ALTER TABLE callback_tasks DROP CONSTRAINT ' + QUOTENAME(@name);
IF @name IS NOT NULL EXEC sp_executesql @drop;
GO
ALTER TABLE callback_tasks ADD CONSTRAINT ck_callback_tasks_result
  CHECK (result IN (N'reached', N'refused', N'no-answer', N'busy', N'wrong-number', N'do-not-call', N'call-later', N'unreachable'));
GO
ALTER TABLE callback_tasks ADD
  source       nvarchar(16)      NOT NULL CONSTRAINT df_callback_tasks_source DEFAULT N'automatic'
                                 CONSTRAINT ck_callback_tasks_source CHECK (source IN (N'automatic', N'import', N'manual', N'follow-up')),
  time_zone    nvarchar(64)      NULL,
  call_id      nvarchar(64)      NULL,
  seat_id      nvarchar(64)      NULL CONSTRAINT fk_callback_tasks_seat REFERENCES seats (id),
  external_ref nvarchar(128)     NULL,
  claimed_at   datetimeoffset(6) NULL,
  -- The deadline, or 9999-12-31 when there is none, so "earliest deadline first" is one index order on every provider.
  deadline_key datetimeoffset(6) NOT NULL CONSTRAINT df_callback_tasks_deadline_key DEFAULT '9999-12-31T00:00:00+00:00';
GO
UPDATE callback_tasks SET deadline_key = deadline WHERE deadline IS NOT NULL;
UPDATE callback_tasks SET next_attempt_at = due_at WHERE next_attempt_at IS NULL AND status = N'pending';
CREATE UNIQUE INDEX uq_callback_tasks_external_ref ON callback_tasks (campaign_id, external_ref) WHERE external_ref IS NOT NULL;
CREATE UNIQUE INDEX uq_callback_tasks_call_id ON callback_tasks (call_id) WHERE call_id IS NOT NULL;
-- The dialer's claim: pending tasks of one campaign, highest priority, then earliest deadline, then due first.
CREATE INDEX ix_callback_tasks_claim ON callback_tasks (campaign_id, priority DESC, deadline_key, next_attempt_at) WHERE status = N'pending';
CREATE INDEX ix_callback_tasks_dialing ON callback_tasks (claimed_at) WHERE status = N'dialing';
GO

CREATE TABLE callback_attempts (
  id           bigint            IDENTITY(1,1) NOT NULL CONSTRAINT pk_callback_attempts PRIMARY KEY,
  task_id      int               NOT NULL REFERENCES callback_tasks (id),
  attempt      int               NOT NULL CHECK (attempt >= 1),
  call_id      nvarchar(64)      NOT NULL CONSTRAINT uq_callback_attempts_call_id UNIQUE,
  site_code    nvarchar(32)      NOT NULL REFERENCES sites (code),
  seat_id      nvarchar(64)      NULL REFERENCES seats (id),
  overflowed   bit               NOT NULL DEFAULT 0,
  started_at   datetimeoffset(6) NOT NULL,
  dial_status  nvarchar(16)      NULL CHECK (dial_status IN (N'answered', N'no-answer', N'busy', N'congestion', N'failed')),
  hangup_cause int               NULL,
  ended_at     datetimeoffset(6) NULL,
  result       nvarchar(16)      NULL CHECK (result IN (N'reached', N'refused', N'no-answer', N'busy', N'wrong-number', N'do-not-call', N'call-later', N'unreachable')),
  answers      nvarchar(max)     NULL,
  notes        nvarchar(2000)    NULL
);
CREATE INDEX ix_callback_attempts_task ON callback_attempts (task_id, attempt);
GO

CREATE TABLE callback_kpi_daily (
  day         date              NOT NULL,
  campaign_id int               NOT NULL REFERENCES campaigns (id),
  due         int               NOT NULL CHECK (due >= 0),
  reached     int               NOT NULL CHECK (reached >= 0),
  computed_at datetimeoffset(6) NOT NULL,
  CONSTRAINT pk_callback_kpi_daily PRIMARY KEY (day, campaign_id)
);
GO
