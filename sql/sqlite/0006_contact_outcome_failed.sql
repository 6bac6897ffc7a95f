-- 0006 contact outcome 'failed' (SQLite). Same change as sql/postgres and sql/sqlserver 0006.
-- A call cut by the system before a seat answered (its site's Asterisk restarted under it) is recorded as
-- 'failed', not as an abandon by the caller: Core ContactOutcome.Failed.
--
-- SQLite cannot change a CHECK in place, so contacts is rebuilt as in 0004. survey_results, callbacks and cases
-- refer to it and foreign keys are on; the runner's transaction cannot switch them off, so they are deferred to
-- the commit (dropping the table counts the referring rows as violations; the same ids in the new table resolve
-- them). Dropping contacts also runs the ON DELETE CASCADE of contact_overflow_hops, so the hops are kept aside
-- and put back.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE contacts_0006_copy AS SELECT * FROM contacts;
CREATE TEMP TABLE contact_overflow_hops_0006_copy AS SELECT * FROM contact_overflow_hops;
DROP TABLE contacts;

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
  outcome        TEXT    NULL CHECK (outcome IN ('answered', 'abandoned', 'timeout', 'overflowed', 'full', 'joinempty', 'leaveempty', 'closed', 'transferred', 'failed')),
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

INSERT INTO contacts (call_id, direction, site_code, queue_id, seat_id, caller_number, customer_id, policy_number, ivr_path, ivr_data, recording_file, ivr_entered_at, enqueued_at, ringing_at, answered_at, ended_at, outcome, short_abandon, wrap_up_code, notes, after_call_work_ms, version)
SELECT call_id, direction, site_code, queue_id, seat_id, caller_number, customer_id, policy_number, ivr_path, ivr_data, recording_file, ivr_entered_at, enqueued_at, ringing_at, answered_at, ended_at, outcome, short_abandon, wrap_up_code, notes, after_call_work_ms, version
FROM contacts_0006_copy;
INSERT INTO contact_overflow_hops (call_id, seq, from_site, to_site, reason, decided_at)
SELECT call_id, seq, from_site, to_site, reason, decided_at FROM contact_overflow_hops_0006_copy;
DROP TABLE contacts_0006_copy;
DROP TABLE contact_overflow_hops_0006_copy;
