-- 0001 initial schema (SQL Server). Same tables as sql/postgres/0001_initial.sql and sql/sqlite/0001_initial.sql.
-- Times are datetimeoffset(6) (UTC, microseconds like PostgreSQL), money decimal(18,2).
-- Records people edit carry `version` (optimistic concurrency).
-- Enum columns hold lowercase (kebab-case) names; the CHECK lists are the agreed values.
-- Batches are separated by GO lines; the migration runner runs them in one transaction.

CREATE TABLE sites (
  code        nvarchar(32)  NOT NULL CONSTRAINT pk_sites PRIMARY KEY CHECK (code <> N''),
  name        nvarchar(100) NOT NULL,
  time_zone   nvarchar(64)  NOT NULL,
  ami_host    nvarchar(255) NULL,
  ami_port    int           NULL CHECK (ami_port BETWEEN 1 AND 65535)
);

CREATE TABLE queues (
  id                                  nvarchar(97)  NOT NULL CONSTRAINT pk_queues PRIMARY KEY,
  site_code                           nvarchar(32)  NOT NULL REFERENCES sites (code),
  name                                nvarchar(64)  NOT NULL,
  display_name                        nvarchar(100) NOT NULL,
  service_level_seconds               int           NOT NULL DEFAULT 20 CHECK (service_level_seconds > 0),
  service_level_target                decimal(5,4)  NOT NULL DEFAULT 0.80 CHECK (service_level_target > 0 AND service_level_target <= 1),
  short_abandon_seconds               int           NOT NULL DEFAULT 5 CHECK (short_abandon_seconds >= 0),
  overflow_max_wait_seconds           int           NULL CHECK (overflow_max_wait_seconds > 0),
  overflow_max_estimated_wait_seconds int           NULL CHECK (overflow_max_estimated_wait_seconds > 0),
  overflow_max_waiting_per_seat       decimal(6,2)  NULL CHECK (overflow_max_waiting_per_seat > 0),
  overflow_targets                    nvarchar(400) NOT NULL DEFAULT N'',
  CONSTRAINT uq_queues_site_name UNIQUE (site_code, name),
  CONSTRAINT ck_queues_id CHECK (id = site_code + N'/' + name)
);
GO

CREATE TABLE users (
  id            int           IDENTITY(1,1) NOT NULL CONSTRAINT pk_users PRIMARY KEY,
  login         nvarchar(64) NOT NULL,
  display_name  nvarchar(100) NOT NULL,
  password_hash nvarchar(512) NOT NULL,
  role          nvarchar(16)  NOT NULL CHECK (role IN (N'seat', N'supervisor', N'admin')),
  site_code     nvarchar(32)  NULL REFERENCES sites (code),
  seat_id       nvarchar(64)  NULL,
  version       int           NOT NULL DEFAULT 1 CHECK (version >= 1),
  CONSTRAINT uq_users_login UNIQUE (login),
  CONSTRAINT ck_users_scope CHECK (
    (role = N'admin' AND site_code IS NULL AND seat_id IS NULL)
    OR (role = N'supervisor' AND site_code IS NOT NULL AND seat_id IS NULL)
    OR (role = N'seat' AND site_code IS NOT NULL AND seat_id IS NOT NULL))
);

CREATE TABLE seats (
  id           nvarchar(64)  NOT NULL CONSTRAINT pk_seats PRIMARY KEY,
  site_code    nvarchar(32)  NOT NULL REFERENCES sites (code),
  extension    nvarchar(32)  NOT NULL,
  display_name nvarchar(100) NOT NULL,
  user_id      int           NULL REFERENCES users (id),
  CONSTRAINT uq_seats_site_extension UNIQUE (site_code, extension)
);

ALTER TABLE users ADD CONSTRAINT fk_users_seat FOREIGN KEY (seat_id) REFERENCES seats (id);

CREATE TABLE seat_queues (
  seat_id  nvarchar(64) NOT NULL REFERENCES seats (id) ON DELETE CASCADE,
  queue_id nvarchar(97) NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
  penalty  int          NOT NULL DEFAULT 0 CHECK (penalty >= 0),
  CONSTRAINT pk_seat_queues PRIMARY KEY (seat_id, queue_id)
);
CREATE INDEX ix_seat_queues_queue ON seat_queues (queue_id);
GO

CREATE TABLE customers (
  id         int               IDENTITY(1,1) NOT NULL CONSTRAINT pk_customers PRIMARY KEY,
  name       nvarchar(100)     NOT NULL,
  gender     nvarchar(8)       NOT NULL CHECK (gender IN (N'unknown', N'male', N'female')),
  id_number  nvarchar(32)      NULL,
  mobile     nvarchar(32)      NULL,
  phone2     nvarchar(32)      NULL,
  city       nvarchar(100)     NULL,
  created_at datetimeoffset(6) NOT NULL,
  version    int               NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE INDEX ix_customers_mobile ON customers (mobile);
CREATE INDEX ix_customers_phone2 ON customers (phone2);
CREATE INDEX ix_customers_id_number ON customers (id_number);

CREATE TABLE policies (
  policy_number   nvarchar(64)  NOT NULL CONSTRAINT pk_policies PRIMARY KEY,
  customer_id     int           NOT NULL REFERENCES customers (id),
  product_line    nvarchar(16)  NOT NULL CHECK (product_line IN (N'life', N'health', N'accident', N'auto', N'property')),
  product_name    nvarchar(200) NOT NULL,
  premium         decimal(18,2) NOT NULL CHECK (premium >= 0),
  start_date      date          NOT NULL,
  term_years      int           NOT NULL CHECK (term_years > 0),
  cooling_off_end date          NULL,
  status          nvarchar(16)  NOT NULL CHECK (status IN (N'in-force', N'lapsed', N'surrendered', N'expired', N'cancelled')),
  branch          nvarchar(100) NOT NULL
);
CREATE INDEX ix_policies_customer ON policies (customer_id);
GO

CREATE TABLE contacts (
  call_id        nvarchar(128)      NOT NULL CONSTRAINT pk_contacts PRIMARY KEY,
  direction      nvarchar(8)       NOT NULL CHECK (direction IN (N'inbound', N'outbound')),
  site_code      nvarchar(32)      NOT NULL REFERENCES sites (code),
  queue_id       nvarchar(97)      NULL REFERENCES queues (id),
  seat_id        nvarchar(64)      NULL REFERENCES seats (id),
  caller_number  nvarchar(32)      NULL,
  customer_id    int               NULL REFERENCES customers (id),
  policy_number  nvarchar(64)      NULL,
  ivr_path       nvarchar(1000)    NULL,
  ivr_data       nvarchar(max)     NULL,
  recording_file nvarchar(500)     NULL,
  ivr_entered_at datetimeoffset(6) NULL,
  enqueued_at    datetimeoffset(6) NULL,
  ringing_at     datetimeoffset(6) NULL,
  answered_at    datetimeoffset(6) NULL,
  ended_at       datetimeoffset(6) NULL,
  outcome        nvarchar(16)      NULL CHECK (outcome IN (N'answered', N'abandoned', N'timeout', N'overflowed', N'full', N'joinempty', N'leaveempty', N'closed', N'transferred')),
  short_abandon  bit               NOT NULL DEFAULT 0,
  wrap_up_code   nvarchar(64)      NULL,
  notes          nvarchar(max)     NULL,
  after_call_work_ms int NULL CHECK (after_call_work_ms >= 0),
  version        int               NOT NULL DEFAULT 1 CHECK (version >= 1),
  CONSTRAINT ck_contacts_outcome_when_ended CHECK (outcome IS NULL OR ended_at IS NOT NULL)
);
CREATE INDEX ix_contacts_caller_number ON contacts (caller_number, ended_at);
CREATE INDEX ix_contacts_customer ON contacts (customer_id, ended_at);
CREATE INDEX ix_contacts_ended_at ON contacts (ended_at);
CREATE INDEX ix_contacts_open ON contacts (site_code, enqueued_at) WHERE ended_at IS NULL;

CREATE TABLE contact_overflow_hops (
  call_id    nvarchar(128)      NOT NULL REFERENCES contacts (call_id) ON DELETE CASCADE,
  seq        int               NOT NULL CHECK (seq >= 1),
  from_site  nvarchar(32)      NOT NULL REFERENCES sites (code),
  to_site    nvarchar(32)      NOT NULL REFERENCES sites (code),
  reason     nvarchar(200) NOT NULL CHECK (reason IN (N'waited-too-long', N'estimated-wait-too-long', N'too-many-waiting-per-seat', N'site-unavailable', N'manual')),
  decided_at datetimeoffset(6) NOT NULL,
  CONSTRAINT pk_contact_overflow_hops PRIMARY KEY (call_id, seq),
  CONSTRAINT ck_hops_different_sites CHECK (from_site <> to_site)
);

CREATE TABLE survey_results (
  call_id     nvarchar(128)      NOT NULL CONSTRAINT pk_survey_results PRIMARY KEY REFERENCES contacts (call_id),
  seat_id     nvarchar(64)      NULL REFERENCES seats (id),
  queue_id    nvarchar(97)      NULL REFERENCES queues (id),
  site_code   nvarchar(32)      NOT NULL REFERENCES sites (code),
  scale       int               NOT NULL CHECK (scale IN (3, 5)),
  score       int               NULL,
  status      nvarchar(16)      NOT NULL CHECK (status IN (N'rated', N'not-rated')),
  recorded_at datetimeoffset(6) NOT NULL,
  CONSTRAINT ck_survey_score CHECK ((status = N'rated' AND score BETWEEN 1 AND scale) OR (status = N'not-rated' AND score IS NULL))
);
CREATE INDEX ix_survey_results_site_recorded ON survey_results (site_code, recorded_at);
GO

CREATE TABLE cases (
  id           int               IDENTITY(1,1) NOT NULL CONSTRAINT pk_cases PRIMARY KEY,
  case_number  nvarchar(64)      NOT NULL,
  status       nvarchar(16)      NOT NULL CHECK (status IN (N'registered', N'accepted', N'rejected', N'forwarded', N'in-progress', N'decided', N'closed', N'merged')),
  channel      nvarchar(16)      NOT NULL CHECK (channel IN (N'phone', N'online', N'letter', N'visit', N'email', N'regulator')),
  customer_id  int               NULL REFERENCES customers (id),
  call_id      nvarchar(128)      NULL REFERENCES contacts (call_id),
  subject      nvarchar(500)     NOT NULL,
  received_at  datetimeoffset(6) NOT NULL,
  rule_set     nvarchar(16)      NOT NULL CHECK (rule_set IN (N'cbirc-2020', N'company')),
  branch       nvarchar(100)     NULL,
  product_line nvarchar(16)      NULL CHECK (product_line IN (N'life', N'health', N'accident', N'auto', N'property')),
  version      int               NOT NULL DEFAULT 1 CHECK (version >= 1),
  CONSTRAINT uq_cases_case_number UNIQUE (case_number)
);
CREATE INDEX ix_cases_customer ON cases (customer_id);
CREATE INDEX ix_cases_open ON cases (status) WHERE status IN (N'registered', N'accepted', N'forwarded', N'in-progress');

CREATE TABLE campaigns (
  id           int           IDENTITY(1,1) NOT NULL CONSTRAINT pk_campaigns PRIMARY KEY,
  name         nvarchar(200) NOT NULL,
  kind         nvarchar(32)  NOT NULL CHECK (kind IN (N'satisfaction', N'new-policy', N'mis-selling-check', N'complaint-resolution', N'claims', N'risk-management', N'consumer-protection')),
  home_site    nvarchar(32)  NOT NULL REFERENCES sites (code),
  window_start time(0)       NOT NULL,
  window_end   time(0)       NOT NULL,
  max_attempts int           NOT NULL CHECK (max_attempts > 0),
  version      int           NOT NULL DEFAULT 1 CHECK (version >= 1),
  CONSTRAINT ck_campaigns_window CHECK (window_start < window_end)
);

CREATE TABLE callback_tasks (
  id              int               IDENTITY(1,1) NOT NULL CONSTRAINT pk_callback_tasks PRIMARY KEY,
  campaign_id     int               NOT NULL REFERENCES campaigns (id),
  customer_id     int               NULL REFERENCES customers (id),
  phone           nvarchar(32)      NOT NULL,
  policy_number   nvarchar(64)      NULL REFERENCES policies (policy_number),
  case_id         int               NULL REFERENCES cases (id),
  due_at          datetimeoffset(6) NOT NULL,
  deadline        datetimeoffset(6) NULL,
  priority        int               NOT NULL DEFAULT 0,
  attempts        int               NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  status          nvarchar(16)      NOT NULL CHECK (status IN (N'pending', N'dialing', N'completed', N'failed', N'cancelled', N'expired')),
  result          nvarchar(400)     NULL CHECK (result IN (N'reached', N'refused', N'no-answer', N'busy', N'wrong-number', N'do-not-call')),
  next_attempt_at datetimeoffset(6) NULL,
  dialed_site     nvarchar(32)      NULL REFERENCES sites (code),
  version         int               NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE INDEX ix_callback_tasks_campaign ON callback_tasks (campaign_id);
CREATE INDEX ix_callback_tasks_due ON callback_tasks (status, next_attempt_at, priority);
GO

CREATE TABLE audit_log (
  id        bigint            IDENTITY(1,1) NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
  at        datetimeoffset(6) NOT NULL,
  user_id   int               NULL REFERENCES users (id),
  action    nvarchar(100)     NOT NULL,
  entity    nvarchar(64)      NOT NULL,
  entity_id nvarchar(128)     NULL,
  detail    nvarchar(2000)    NULL
);
CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_id, at);
CREATE INDEX ix_audit_log_at ON audit_log (at);
GO
