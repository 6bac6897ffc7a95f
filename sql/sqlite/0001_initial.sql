-- 0001 initial schema (SQLite). Same tables as sql/postgres/0001_initial.sql and sql/sqlserver/0001_initial.sql.
-- Times are TEXT in ISO-8601 UTC with six fractional digits ('2025-01-31T08:00:00.000000Z'), written only
-- through the Dapper type handler; the fixed width keeps text order equal to time order, which the LIKE
-- checks below guard. Dates are 'yyyy-MM-dd', times of day 'HH:mm:ss', booleans 0/1.
-- Enum columns hold lowercase (kebab-case) names; the CHECK lists are the agreed values.

CREATE TABLE sites (
  code        TEXT    NOT NULL PRIMARY KEY CHECK (code <> ''),
  name        TEXT    NOT NULL,
  time_zone   TEXT    NOT NULL,
  ami_host    TEXT    NULL,
  ami_port    INTEGER NULL CHECK (ami_port BETWEEN 1 AND 65535)
);

CREATE TABLE queues (
  id                                  TEXT    NOT NULL PRIMARY KEY,
  site_code                           TEXT    NOT NULL REFERENCES sites (code),
  name                                TEXT    NOT NULL,
  display_name                        TEXT    NOT NULL,
  service_level_seconds               INTEGER NOT NULL DEFAULT 20 CHECK (service_level_seconds > 0),
  service_level_target                NUMERIC NOT NULL DEFAULT 0.80 CHECK (service_level_target > 0 AND service_level_target <= 1),
  short_abandon_seconds               INTEGER NOT NULL DEFAULT 5 CHECK (short_abandon_seconds >= 0),
  overflow_max_wait_seconds           INTEGER NULL CHECK (overflow_max_wait_seconds > 0),
  overflow_max_estimated_wait_seconds INTEGER NULL CHECK (overflow_max_estimated_wait_seconds > 0),
  overflow_max_waiting_per_seat       NUMERIC NULL CHECK (overflow_max_waiting_per_seat > 0),
  overflow_targets                    TEXT    NOT NULL DEFAULT '',
  CONSTRAINT uq_queues_site_name UNIQUE (site_code, name),
  CONSTRAINT ck_queues_id CHECK (id = site_code || '/' || name)
);

CREATE TABLE users (
  id            INTEGER NOT NULL PRIMARY KEY,
  login         TEXT    NOT NULL,
  display_name  TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('seat', 'supervisor', 'admin')),
  site_code     TEXT    NULL REFERENCES sites (code),
  seat_id       TEXT    NULL REFERENCES seats (id),
  version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  CONSTRAINT uq_users_login UNIQUE (login),
  CONSTRAINT ck_users_scope CHECK (
    (role = 'admin' AND site_code IS NULL AND seat_id IS NULL)
    OR (role = 'supervisor' AND site_code IS NOT NULL AND seat_id IS NULL)
    OR (role = 'seat' AND site_code IS NOT NULL AND seat_id IS NOT NULL))
);

CREATE TABLE seats (
  id           TEXT    NOT NULL PRIMARY KEY,
  site_code    TEXT    NOT NULL REFERENCES sites (code),
  extension    TEXT    NOT NULL,
  display_name TEXT    NOT NULL,
  user_id      INTEGER NULL REFERENCES users (id),
  CONSTRAINT uq_seats_site_extension UNIQUE (site_code, extension)
);

CREATE TABLE seat_queues (
  seat_id  TEXT    NOT NULL REFERENCES seats (id) ON DELETE CASCADE,
  queue_id TEXT    NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
  penalty  INTEGER NOT NULL DEFAULT 0 CHECK (penalty >= 0),
  PRIMARY KEY (seat_id, queue_id)
);
CREATE INDEX ix_seat_queues_queue ON seat_queues (queue_id);

CREATE TABLE customers (
  id         INTEGER NOT NULL PRIMARY KEY,
  name       TEXT    NOT NULL,
  gender     TEXT    NOT NULL CHECK (gender IN ('unknown', 'male', 'female')),
  id_number  TEXT    NULL,
  mobile     TEXT    NULL,
  phone2     TEXT    NULL,
  city       TEXT    NULL,
  created_at TEXT    NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
  version    INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE INDEX ix_customers_mobile ON customers (mobile);
CREATE INDEX ix_customers_phone2 ON customers (phone2);
CREATE INDEX ix_customers_id_number ON customers (id_number);

CREATE TABLE policies (
  policy_number   TEXT    NOT NULL PRIMARY KEY,
  customer_id     INTEGER NOT NULL REFERENCES customers (id),
  product_line    TEXT    NOT NULL CHECK (product_line IN ('life', 'health', 'accident', 'auto', 'property')),
  product_name    TEXT    NOT NULL,
  premium         NUMERIC NOT NULL CHECK (premium >= 0),
  start_date      TEXT    NOT NULL CHECK (start_date LIKE '____-__-__'),
  term_years      INTEGER NOT NULL CHECK (term_years > 0),
  cooling_off_end TEXT    NULL CHECK (cooling_off_end LIKE '____-__-__'),
  status          TEXT    NOT NULL CHECK (status IN ('in-force', 'lapsed', 'surrendered', 'expired', 'cancelled')),
  branch          TEXT    NOT NULL
);
CREATE INDEX ix_policies_customer ON policies (customer_id);

CREATE TABLE contacts (
  call_id        TEXT    NOT NULL PRIMARY KEY,
  direction      TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  site_code      TEXT    NOT NULL REFERENCES sites (code),
  queue_id       TEXT    NULL REFERENCES queues (id),
  seat_id        TEXT    NULL REFERENCES seats (id),
  caller_number  TEXT    NULL,
  customer_id    INTEGER NULL REFERENCES customers (id),
  policy_number  TEXT    NULL,
  ivr_path       TEXT    NULL,
  ivr_data       TEXT    NULL,
  recording_file TEXT    NULL,
  ivr_entered_at TEXT    NULL CHECK (ivr_entered_at LIKE '____-__-__T__:__:__.______Z'),
  enqueued_at    TEXT    NULL CHECK (enqueued_at LIKE '____-__-__T__:__:__.______Z'),
  ringing_at     TEXT    NULL CHECK (ringing_at LIKE '____-__-__T__:__:__.______Z'),
  answered_at    TEXT    NULL CHECK (answered_at LIKE '____-__-__T__:__:__.______Z'),
  ended_at       TEXT    NULL CHECK (ended_at LIKE '____-__-__T__:__:__.______Z'),
  outcome        TEXT    NULL CHECK (outcome IN ('answered', 'abandoned', 'timeout', 'overflowed', 'full', 'joinempty', 'leaveempty', 'closed', 'transferred')),
  short_abandon  INTEGER NOT NULL DEFAULT 0 CHECK (short_abandon IN (0, 1)),
  wrap_up_code   TEXT    NULL,
  notes          TEXT    NULL,
  after_call_work_ms INTEGER NULL CHECK (after_call_work_ms >= 0),
  version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  CONSTRAINT ck_contacts_outcome_when_ended CHECK (outcome IS NULL OR ended_at IS NOT NULL)
);
CREATE INDEX ix_contacts_caller_number ON contacts (caller_number, ended_at);
CREATE INDEX ix_contacts_customer ON contacts (customer_id, ended_at);
CREATE INDEX ix_contacts_ended_at ON contacts (ended_at);
CREATE INDEX ix_contacts_open ON contacts (site_code, enqueued_at) WHERE ended_at IS NULL;

CREATE TABLE contact_overflow_hops (
  call_id    TEXT    NOT NULL REFERENCES contacts (call_id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL CHECK (seq >= 1),
  from_site  TEXT    NOT NULL REFERENCES sites (code),
  to_site    TEXT    NOT NULL REFERENCES sites (code),
  reason     TEXT NOT NULL CHECK (reason IN ('waited-too-long', 'estimated-wait-too-long', 'too-many-waiting-per-seat', 'site-unavailable', 'manual')),
  decided_at TEXT    NOT NULL CHECK (decided_at LIKE '____-__-__T__:__:__.______Z'),
  PRIMARY KEY (call_id, seq),
  CONSTRAINT ck_hops_different_sites CHECK (from_site <> to_site)
);

CREATE TABLE survey_results (
  call_id     TEXT    NOT NULL PRIMARY KEY REFERENCES contacts (call_id),
  seat_id     TEXT    NULL REFERENCES seats (id),
  queue_id    TEXT    NULL REFERENCES queues (id),
  site_code   TEXT    NOT NULL REFERENCES sites (code),
  scale       INTEGER NOT NULL CHECK (scale IN (3, 5)),
  score       INTEGER NULL,
  status      TEXT    NOT NULL CHECK (status IN ('rated', 'not-rated')),
  recorded_at TEXT    NOT NULL CHECK (recorded_at LIKE '____-__-__T__:__:__.______Z'),
  CONSTRAINT ck_survey_score CHECK ((status = 'rated' AND score BETWEEN 1 AND scale) OR (status = 'not-rated' AND score IS NULL))
);
CREATE INDEX ix_survey_results_site_recorded ON survey_results (site_code, recorded_at);

CREATE TABLE cases (
  id           INTEGER NOT NULL PRIMARY KEY,
  case_number  TEXT    NOT NULL,
  status       TEXT    NOT NULL CHECK (status IN ('registered', 'accepted', 'rejected', 'forwarded', 'in-progress', 'decided', 'closed', 'merged')),
  channel      TEXT    NOT NULL CHECK (channel IN ('phone', 'online', 'letter', 'visit', 'email', 'regulator')),
  customer_id  INTEGER NULL REFERENCES customers (id),
  call_id      TEXT    NULL REFERENCES contacts (call_id),
  subject      TEXT    NOT NULL,
  received_at  TEXT    NOT NULL CHECK (received_at LIKE '____-__-__T__:__:__.______Z'),
  rule_set     TEXT    NOT NULL CHECK (rule_set IN ('cbirc-2020', 'company')),
  branch       TEXT    NULL,
  product_line TEXT    NULL CHECK (product_line IN ('life', 'health', 'accident', 'auto', 'property')),
  version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  CONSTRAINT uq_cases_case_number UNIQUE (case_number)
);
CREATE INDEX ix_cases_customer ON cases (customer_id);
CREATE INDEX ix_cases_open ON cases (status) WHERE status IN ('registered', 'accepted', 'forwarded', 'in-progress');

CREATE TABLE campaigns (
  id           INTEGER NOT NULL PRIMARY KEY,
  name         TEXT    NOT NULL,
  kind         TEXT    NOT NULL CHECK (kind IN ('satisfaction', 'new-policy', 'mis-selling-check', 'complaint-resolution', 'claims', 'risk-management', 'consumer-protection')),
  home_site    TEXT    NOT NULL REFERENCES sites (code),
  window_start TEXT    NOT NULL CHECK (window_start LIKE '__:__:__'),
  window_end   TEXT    NOT NULL CHECK (window_end LIKE '__:__:__'),
  max_attempts INTEGER NOT NULL CHECK (max_attempts > 0),
  version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  CONSTRAINT ck_campaigns_window CHECK (window_start < window_end)
);

CREATE TABLE callback_tasks (
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
  result          TEXT    NULL CHECK (result IN ('reached', 'refused', 'no-answer', 'busy', 'wrong-number', 'do-not-call')),
  next_attempt_at TEXT    NULL CHECK (next_attempt_at LIKE '____-__-__T__:__:__.______Z'),
  dialed_site     TEXT    NULL REFERENCES sites (code),
  version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE INDEX ix_callback_tasks_campaign ON callback_tasks (campaign_id);
CREATE INDEX ix_callback_tasks_due ON callback_tasks (status, next_attempt_at, priority);

CREATE TABLE audit_log (
  id        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  at        TEXT    NOT NULL CHECK (at LIKE '____-__-__T__:__:__.______Z'),
  user_id   INTEGER NULL REFERENCES users (id),
  action    TEXT    NOT NULL,
  entity    TEXT    NOT NULL,
  entity_id TEXT    NULL,
  detail    TEXT    NULL
);
CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_id, at);
CREATE INDEX ix_audit_log_at ON audit_log (at);
