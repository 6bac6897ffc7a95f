-- 0002 outbound follow-up campaigns (SQLite). Same change as sql/postgres and sql/sqlserver 0002.
-- SQLite cannot change a CHECK constraint in place, so callback_tasks is rebuilt (nothing references it yet).

ALTER TABLE campaigns ADD COLUMN mode TEXT NOT NULL DEFAULT 'progressive' CHECK (mode IN ('preview', 'progressive'));
ALTER TABLE campaigns ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai';
ALTER TABLE campaigns ADD COLUMN connect_extension TEXT NULL;
ALTER TABLE campaigns ADD COLUMN retry_no_answer_minutes INTEGER NULL DEFAULT 120 CHECK (retry_no_answer_minutes >= 0);
ALTER TABLE campaigns ADD COLUMN retry_busy_minutes INTEGER NULL DEFAULT 15 CHECK (retry_busy_minutes >= 0);
ALTER TABLE campaigns ADD COLUMN retry_unreachable_minutes INTEGER NULL DEFAULT 30 CHECK (retry_unreachable_minutes >= 0);
ALTER TABLE campaigns ADD COLUMN retry_wrong_number_minutes INTEGER NULL CHECK (retry_wrong_number_minutes >= 0);
ALTER TABLE campaigns ADD COLUMN retry_call_later_minutes INTEGER NOT NULL DEFAULT 60 CHECK (retry_call_later_minutes >= 0);

CREATE TABLE campaign_seats (
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  seat_id     TEXT    NOT NULL REFERENCES seats (id) ON DELETE CASCADE,
  PRIMARY KEY (campaign_id, seat_id)
);

CREATE TABLE do_not_call (
  phone    TEXT NOT NULL PRIMARY KEY,
  reason   TEXT NULL,
  added_at TEXT NOT NULL CHECK (added_at LIKE '____-__-__T__:__:__.______Z')
);

CREATE TABLE callback_tasks_0002 (
  id              INTEGER NOT NULL PRIMARY KEY,
  campaign_id     INTEGER NOT NULL REFERENCES campaigns (id),
  customer_id     INTEGER NULL REFERENCES customers (id),
  phone           TEXT    NOT NULL,
  policy_number   TEXT    NULL REFERENCES policies (policy_number),
  case_id         INTEGER NULL REFERENCES cases (id),
  due_at          TEXT    NOT NULL CHECK (due_at LIKE '____-__-__T__:__:__.______Z'),
  deadline        TEXT    NULL CHECK (deadline LIKE '____-__-__T__:__:__.______Z'),
  priority        INTEGER NOT NULL DEFAULT 0,
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  status          TEXT    NOT NULL CHECK (status IN ('pending', 'dialing', 'completed', 'failed', 'cancelled', 'expired')),
  result          TEXT    NULL CHECK (result IN ('reached', 'refused', 'no-answer', 'busy', 'wrong-number', 'do-not-call', 'call-later', 'unreachable')),
  next_attempt_at TEXT    NULL CHECK (next_attempt_at LIKE '____-__-__T__:__:__.______Z'),
  dialed_site     TEXT    NULL REFERENCES sites (code),
  version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  source          TEXT    NOT NULL DEFAULT 'automatic' CHECK (source IN ('automatic', 'import', 'manual', 'follow-up')),
  time_zone       TEXT    NULL,
  call_id         TEXT    NULL,
  seat_id         TEXT    NULL REFERENCES seats (id),
  external_ref    TEXT    NULL,
  claimed_at      TEXT    NULL CHECK (claimed_at LIKE '____-__-__T__:__:__.______Z'),
  -- The deadline, or 9999-12-31 when there is none, so "earliest deadline first" is one index order on every provider.
  deadline_key    TEXT    NOT NULL DEFAULT '9999-12-31T00:00:00.000000Z' CHECK (deadline_key LIKE '____-__-__T__:__:__.______Z')
);
INSERT INTO callback_tasks_0002 (id, campaign_id, customer_id, phone, policy_number, case_id, due_at, deadline, priority, attempts, status, result,
  next_attempt_at, dialed_site, version, deadline_key)
SELECT id, campaign_id, customer_id, phone, policy_number, case_id, due_at, deadline, priority, attempts, status, result,
  CASE WHEN next_attempt_at IS NULL AND status = 'pending' THEN due_at ELSE next_attempt_at END, dialed_site, version,
  COALESCE(deadline, '9999-12-31T00:00:00.000000Z')
FROM callback_tasks;
DROP TABLE callback_tasks;
ALTER TABLE callback_tasks_0002 RENAME TO callback_tasks;
CREATE INDEX ix_callback_tasks_campaign ON callback_tasks (campaign_id);
CREATE INDEX ix_callback_tasks_due ON callback_tasks (status, next_attempt_at, priority);
CREATE UNIQUE INDEX uq_callback_tasks_external_ref ON callback_tasks (campaign_id, external_ref) WHERE external_ref IS NOT NULL;
CREATE UNIQUE INDEX uq_callback_tasks_call_id ON callback_tasks (call_id) WHERE call_id IS NOT NULL;
-- The dialer's claim: pending tasks of one campaign, highest priority, then earliest deadline, then due first.
CREATE INDEX ix_callback_tasks_claim ON callback_tasks (campaign_id, priority DESC, deadline_key, next_attempt_at) WHERE status = 'pending';
CREATE INDEX ix_callback_tasks_dialing ON callback_tasks (claimed_at) WHERE status = 'dialing';

CREATE TABLE callback_attempts (
  id           INTEGER NOT NULL PRIMARY KEY,
  task_id      INTEGER NOT NULL REFERENCES callback_tasks (id),
  attempt      INTEGER NOT NULL CHECK (attempt >= 1),
  call_id      TEXT    NOT NULL UNIQUE,
  site_code    TEXT    NOT NULL REFERENCES sites (code),
  seat_id      TEXT    NULL REFERENCES seats (id),
  overflowed   INTEGER NOT NULL DEFAULT 0 CHECK (overflowed IN (0, 1)),
  started_at   TEXT    NOT NULL CHECK (started_at LIKE '____-__-__T__:__:__.______Z'),
  dial_status  TEXT    NULL CHECK (dial_status IN ('answered', 'no-answer', 'busy', 'congestion', 'failed')),
  hangup_cause INTEGER NULL,
  ended_at     TEXT    NULL CHECK (ended_at LIKE '____-__-__T__:__:__.______Z'),
  result       TEXT    NULL CHECK (result IN ('reached', 'refused', 'no-answer', 'busy', 'wrong-number', 'do-not-call', 'call-later', 'unreachable')),
  answers      TEXT    NULL,
  notes        TEXT    NULL
);
CREATE INDEX ix_callback_attempts_task ON callback_attempts (task_id, attempt);

CREATE TABLE callback_kpi_daily (
  day         TEXT    NOT NULL CHECK (day LIKE '____-__-__'),
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
  due         INTEGER NOT NULL CHECK (due >= 0),
  reached     INTEGER NOT NULL CHECK (reached >= 0),
  computed_at TEXT    NOT NULL CHECK (computed_at LIKE '____-__-__T__:__:__.______Z'),
  PRIMARY KEY (day, campaign_id)
);
