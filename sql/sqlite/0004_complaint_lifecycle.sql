-- 0004 complaint lifecycle (SQLite). Same change as sql/postgres and sql/sqlserver 0004.
-- Every stored field of a case (Core CaseRecord: Art 13 registration, clock and deadlines, steps and owners,
-- decision, review, regulator report, major flag, classification, merge), the 'under-review' status and the
-- 'fax' channel, the case timeline (case_events) and rectifications (case_rectifications), and the columns the
-- data layer keeps for scope, reports and the deadline watch:
--   site_code                           the seat center that handles the case (supervisor scope);
--   received_on, answer_due_on,
--   answered_on, handling_days          China dates of the timeliness figures (Core ComplaintTimeliness);
--   next_due_on, next_due_kind          the earliest deadline still running (null: nothing due, or clock paused);
--   due_soon_notified_on, escalated_on  the deadline already announced / escalated, so the watch acts once.
-- Premium and policy counts per branch and period (imported) are in complaint_volume_bases.
--
-- SQLite cannot change a CHECK in place, so cases is rebuilt. callback_tasks refers to it, and foreign keys are
-- on; the runner's transaction cannot switch them off, so they are deferred to the commit: dropping the old
-- table leaves the referring rows counted as violations, and inserting the same ids into the new table (same
-- name) counts them resolved again. The commit fails if any reference is left dangling.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE cases_0004_copy AS SELECT * FROM cases;
DROP TABLE cases;

CREATE TABLE cases (
  id                               INTEGER NOT NULL PRIMARY KEY,
  case_number                      TEXT    NOT NULL,
  status                           TEXT    NOT NULL CHECK (status IN ('registered', 'accepted', 'rejected', 'forwarded', 'in-progress', 'decided', 'under-review', 'closed', 'merged')),
  channel                          TEXT    NOT NULL CHECK (channel IN ('phone', 'online', 'letter', 'visit', 'email', 'regulator', 'fax')),
  customer_id                      INTEGER NULL REFERENCES customers (id),
  call_id                          TEXT    NULL REFERENCES contacts (call_id),
  subject                          TEXT    NOT NULL,
  received_at                      TEXT    NOT NULL CHECK (received_at LIKE '____-__-__T__:__:__.______Z'),
  rule_set                         TEXT    NOT NULL CHECK (rule_set IN ('cbirc-2020', 'company')),
  branch                           TEXT    NULL,
  product_line                     TEXT    NULL CHECK (product_line IN ('life', 'health', 'accident', 'auto', 'property')),
  version                          INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  complainant_kind                 TEXT    NULL CHECK (complainant_kind IN ('person', 'organisation')),
  complainant_name                 TEXT    NULL,
  complainant_id_number            TEXT    NULL,
  complainant_phone                TEXT    NULL,
  complainant_email                TEXT    NULL,
  complainant_address              TEXT    NULL,
  complainant_credit_code          TEXT    NULL,
  complainant_legal_representative TEXT    NULL,
  agent_name                       TEXT    NULL,
  agent_id_number                  TEXT    NULL,
  agent_phone                      TEXT    NULL,
  agent_relationship               TEXT    NULL,
  agent_authority_proof            TEXT    NULL,
  request                          TEXT    NULL,
  facts                            TEXT    NULL,
  basis                            TEXT    NULL,
  target_institution               TEXT    NULL,
  target_staff                     TEXT    NULL,
  regulator_reference              TEXT    NULL,
  material_complete                INTEGER NOT NULL DEFAULT 1 CHECK (material_complete IN (0, 1)),
  material_complete_at             TEXT    NULL CHECK (material_complete_at LIKE '____-__-__T__:__:__.______Z'),
  clock_started_at                 TEXT    NOT NULL CHECK (clock_started_at LIKE '____-__-__T__:__:__.______Z'),
  acknowledge_by                   TEXT    NULL CHECK (acknowledge_by LIKE '____-__-__'),
  accept_by                        TEXT    NULL CHECK (accept_by LIKE '____-__-__'),
  decide_by                        TEXT    NOT NULL CHECK (decide_by LIKE '____-__-__'),
  review_apply_by                  TEXT    NULL CHECK (review_apply_by LIKE '____-__-__'),
  review_decide_by                 TEXT    NULL CHECK (review_decide_by LIKE '____-__-__'),
  extension_level                  INTEGER NOT NULL DEFAULT 0 CHECK (extension_level BETWEEN 0 AND 2),
  suspended_since                  TEXT    NULL CHECK (suspended_since LIKE '____-__-__T__:__:__.______Z'),
  suspension_reason                TEXT    NULL CHECK (suspension_reason IN ('outside-appraisal', 'mediation')),
  suspended_days                   INTEGER NOT NULL DEFAULT 0 CHECK (suspended_days >= 0),
  owner_user_id                    INTEGER NULL REFERENCES users (id),
  accepted_at                      TEXT    NULL CHECK (accepted_at LIKE '____-__-__T__:__:__.______Z'),
  rejected_at                      TEXT    NULL CHECK (rejected_at LIKE '____-__-__T__:__:__.______Z'),
  rejection_ground                 TEXT    NULL CHECK (rejection_ground IN ('not-by-consumer-or-agent', 'repeat-in-handling', 'repeat-after-decision')),
  rejection_reason                 TEXT    NULL,
  forward_kind                     TEXT    NULL CHECK (forward_kind IN ('external', 'internal')),
  forwarded_to                     TEXT    NULL,
  forwarded_at                     TEXT    NULL CHECK (forwarded_at LIKE '____-__-__T__:__:__.______Z'),
  responsible_unit                 TEXT    NULL,
  investigator_user_id             INTEGER NULL REFERENCES users (id),
  investigation_findings           TEXT    NULL,
  investigated_at                  TEXT    NULL CHECK (investigated_at LIKE '____-__-__T__:__:__.______Z'),
  decision_facts                   TEXT    NULL,
  decision_basis                   TEXT    NULL,
  decision_remedies                TEXT    NULL,
  decided_at                       TEXT    NULL CHECK (decided_at LIKE '____-__-__T__:__:__.______Z'),
  notice_method                    TEXT    NULL CHECK (notice_method IN ('written', 'sms', 'email', 'phone')),
  notice_at                        TEXT    NULL CHECK (notice_at LIKE '____-__-__T__:__:__.______Z'),
  notice_proof                     TEXT    NULL,
  review_applied_at                TEXT    NULL CHECK (review_applied_at LIKE '____-__-__T__:__:__.______Z'),
  review_request                   TEXT    NULL,
  review_facts                     TEXT    NULL,
  review_basis                     TEXT    NULL,
  review_remedies                  TEXT    NULL,
  review_upheld                    INTEGER NULL CHECK (review_upheld IN (0, 1)),
  review_decided_at                TEXT    NULL CHECK (review_decided_at LIKE '____-__-__T__:__:__.______Z'),
  review_notice_method             TEXT    NULL CHECK (review_notice_method IN ('written', 'sms', 'email', 'phone')),
  review_notice_at                 TEXT    NULL CHECK (review_notice_at LIKE '____-__-__T__:__:__.______Z'),
  review_notice_proof              TEXT    NULL,
  regulator_reported_at            TEXT    NULL CHECK (regulator_reported_at LIKE '____-__-__T__:__:__.______Z'),
  regulator_report_reference       TEXT    NULL,
  is_major                         INTEGER NOT NULL DEFAULT 0 CHECK (is_major IN (0, 1)),
  major_reason                     TEXT    NULL CHECK (major_reason IN ('disaster-or-public-health-event', 'group-of-twenty-or-more', 'regulator-designated')),
  major_group_size                 INTEGER NULL CHECK (major_group_size > 0),
  validity                         TEXT    NULL CHECK (validity IN ('valid', 'invalid')),
  cause                            TEXT    NULL CHECK (cause IN ('claims', 'mis-selling', 'surrender', 'service-attitude', 'underwriting', 'policy-administration', 'premiums', 'other')),
  attributed_unit                  TEXT    NULL,
  closed_at                        TEXT    NULL CHECK (closed_at LIKE '____-__-__T__:__:__.______Z'),
  merged_into_case_id              INTEGER NULL REFERENCES cases (id),
  site_code                        TEXT    NULL REFERENCES sites (code),
  registered_by_user_id            INTEGER NULL REFERENCES users (id),
  received_on                      TEXT    NOT NULL CHECK (received_on LIKE '____-__-__'),
  answer_due_on                    TEXT    NULL CHECK (answer_due_on LIKE '____-__-__'),
  answered_on                      TEXT    NULL CHECK (answered_on LIKE '____-__-__'),
  handling_days                    INTEGER NULL CHECK (handling_days >= 0),
  next_due_on                      TEXT    NULL CHECK (next_due_on LIKE '____-__-__'),
  next_due_kind                    TEXT    NULL CHECK (next_due_kind IN ('acknowledge', 'accept', 'decide', 'notice', 'review-decide')),
  due_soon_notified_on             TEXT    NULL CHECK (due_soon_notified_on LIKE '____-__-__'),
  escalated_on                     TEXT    NULL CHECK (escalated_on LIKE '____-__-__'),
  CONSTRAINT uq_cases_case_number UNIQUE (case_number),
  CONSTRAINT ck_cases_next_due CHECK ((next_due_on IS NULL) = (next_due_kind IS NULL))
);

-- Existing rows: the clock starts at receipt; the decision is due 15 days after the China date of receipt.
INSERT INTO cases (id, case_number, status, channel, customer_id, call_id, subject, received_at, rule_set, branch, product_line, version,
  clock_started_at, decide_by, received_on, answer_due_on, next_due_on, next_due_kind)
SELECT id, case_number, status, channel, customer_id, call_id, subject, received_at, rule_set, branch, product_line, version,
  received_at,
  date(received_at, '+8 hours', '+15 days'),
  date(received_at, '+8 hours'),
  date(received_at, '+8 hours', '+15 days'),
  CASE WHEN status IN ('registered', 'accepted', 'in-progress') THEN date(received_at, '+8 hours', '+15 days') END,
  CASE WHEN status IN ('registered', 'accepted', 'in-progress') THEN 'decide' END
FROM cases_0004_copy;
DROP TABLE cases_0004_copy;

CREATE INDEX ix_cases_customer ON cases (customer_id);
CREATE INDEX ix_cases_open ON cases (status) WHERE status IN ('registered', 'accepted', 'forwarded', 'in-progress', 'under-review');
-- The deadline watch: one range scan over the running deadlines only.
CREATE INDEX ix_cases_next_due ON cases (next_due_on) WHERE next_due_on IS NOT NULL;
-- Duplicate detection on registration.
CREATE INDEX ix_cases_complainant_id_number ON cases (complainant_id_number) WHERE complainant_id_number IS NOT NULL;
CREATE INDEX ix_cases_complainant_phone ON cases (complainant_phone) WHERE complainant_phone IS NOT NULL;
-- The desk list (scope, newest first) and the reports (by receipt, by answer deadline, by answer).
CREATE INDEX ix_cases_site_received ON cases (site_code, received_at);
CREATE INDEX ix_cases_owner ON cases (owner_user_id) WHERE owner_user_id IS NOT NULL;
CREATE INDEX ix_cases_registered_by ON cases (registered_by_user_id);
CREATE INDEX ix_cases_received_on ON cases (received_on);
CREATE INDEX ix_cases_answer_due_on ON cases (answer_due_on);
CREATE INDEX ix_cases_answered_on ON cases (answered_on);
CREATE INDEX ix_cases_merged_into ON cases (merged_into_case_id) WHERE merged_into_case_id IS NOT NULL;

-- The timeline. No CHECK on type: the vocabulary grows with the lifecycle (Core CaseEventType codes).
CREATE TABLE case_events (
  id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  case_id       INTEGER NOT NULL REFERENCES cases (id),
  type          TEXT    NOT NULL,
  at            TEXT    NOT NULL CHECK (at LIKE '____-__-__T__:__:__.______Z'),
  actor_user_id INTEGER NULL REFERENCES users (id),
  detail        TEXT    NULL
);
CREATE INDEX ix_case_events_case ON case_events (case_id, at, id);

CREATE TABLE case_rectifications (
  id                   INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  case_id              INTEGER NOT NULL REFERENCES cases (id),
  number               INTEGER NOT NULL CHECK (number >= 1),
  problem              TEXT    NOT NULL,
  owner_user_id        INTEGER NOT NULL REFERENCES users (id),
  due_on               TEXT    NOT NULL CHECK (due_on LIKE '____-__-__'),
  status               TEXT    NOT NULL CHECK (status IN ('open', 'done', 'verified')),
  created_at           TEXT    NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
  completed_at         TEXT    NULL CHECK (completed_at LIKE '____-__-__T__:__:__.______Z'),
  completion_note      TEXT    NULL,
  rechecked_at         TEXT    NULL CHECK (rechecked_at LIKE '____-__-__T__:__:__.______Z'),
  rechecked_by_user_id INTEGER NULL REFERENCES users (id),
  recheck_passed       INTEGER NULL CHECK (recheck_passed IN (0, 1)),
  recheck_note         TEXT    NULL,
  CONSTRAINT uq_case_rectifications_number UNIQUE (case_id, number)
);
CREATE INDEX ix_case_rectifications_open ON case_rectifications (due_on) WHERE status = 'open';

-- Premium (yuan) and in-force policy counts per branch and period ('2025', '2025-Q1' or '2025-03'), imported.
CREATE TABLE complaint_volume_bases (
  branch   TEXT    NOT NULL,
  period   TEXT    NOT NULL,
  premium  NUMERIC NOT NULL CHECK (premium >= 0),
  policies INTEGER NOT NULL CHECK (policies >= 0),
  PRIMARY KEY (branch, period)
);
