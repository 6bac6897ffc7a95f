-- 0004 complaint lifecycle (PostgreSQL). Same change as sql/sqlite and sql/sqlserver 0004; see the SQLite script
-- for what each group of columns is for. Enum columns hold the kebab-case codes; dates are China dates.

ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ADD CONSTRAINT ck_cases_status
  CHECK (status IN ('registered', 'accepted', 'rejected', 'forwarded', 'in-progress', 'decided', 'under-review', 'closed', 'merged'));
ALTER TABLE cases DROP CONSTRAINT cases_channel_check;
ALTER TABLE cases ADD CONSTRAINT ck_cases_channel CHECK (channel IN ('phone', 'online', 'letter', 'visit', 'email', 'regulator', 'fax'));

ALTER TABLE cases
  ADD COLUMN complainant_kind                 text        NULL CHECK (complainant_kind IN ('person', 'organisation')),
  ADD COLUMN complainant_name                 text        NULL,
  ADD COLUMN complainant_id_number            text        NULL,
  ADD COLUMN complainant_phone                text        NULL,
  ADD COLUMN complainant_email                text        NULL,
  ADD COLUMN complainant_address              text        NULL,
  ADD COLUMN complainant_credit_code          text        NULL,
  ADD COLUMN complainant_legal_representative text        NULL,
  ADD COLUMN agent_name                       text        NULL,
  ADD COLUMN agent_id_number                  text        NULL,
  ADD COLUMN agent_phone                      text        NULL,
  ADD COLUMN agent_relationship               text        NULL,
  ADD COLUMN agent_authority_proof            text        NULL,
  ADD COLUMN request                          text        NULL,
  ADD COLUMN facts                            text        NULL,
  ADD COLUMN basis                            text        NULL,
  ADD COLUMN target_institution               text        NULL,
  ADD COLUMN target_staff                     text        NULL,
  ADD COLUMN regulator_reference              text        NULL,
  ADD COLUMN material_complete                boolean     NOT NULL DEFAULT true,
  ADD COLUMN material_complete_at             timestamptz NULL,
  ADD COLUMN clock_started_at                 timestamptz NULL,
  ADD COLUMN acknowledge_by                   date        NULL,
  ADD COLUMN accept_by                        date        NULL,
  ADD COLUMN decide_by                        date        NULL,
  ADD COLUMN review_apply_by                  date        NULL,
  ADD COLUMN review_decide_by                 date        NULL,
  ADD COLUMN extension_level                  integer     NOT NULL DEFAULT 0 CHECK (extension_level BETWEEN 0 AND 2),
  ADD COLUMN suspended_since                  timestamptz NULL,
  ADD COLUMN suspension_reason                text        NULL CHECK (suspension_reason IN ('outside-appraisal', 'mediation')),
  ADD COLUMN suspended_days                   integer     NOT NULL DEFAULT 0 CHECK (suspended_days >= 0),
  ADD COLUMN owner_user_id                    integer     NULL REFERENCES users (id),
  ADD COLUMN accepted_at                      timestamptz NULL,
  ADD COLUMN rejected_at                      timestamptz NULL,
  ADD COLUMN rejection_ground                 text        NULL CHECK (rejection_ground IN ('not-by-consumer-or-agent', 'repeat-in-handling', 'repeat-after-decision')),
  ADD COLUMN rejection_reason                 text        NULL,
  ADD COLUMN forward_kind                     text        NULL CHECK (forward_kind IN ('external', 'internal')),
  ADD COLUMN forwarded_to                     text        NULL,
  ADD COLUMN forwarded_at                     timestamptz NULL,
  ADD COLUMN responsible_unit                 text        NULL,
  ADD COLUMN investigator_user_id             integer     NULL REFERENCES users (id),
  ADD COLUMN investigation_findings           text        NULL,
  ADD COLUMN investigated_at                  timestamptz NULL,
  ADD COLUMN decision_facts                   text        NULL,
  ADD COLUMN decision_basis                   text        NULL,
  ADD COLUMN decision_remedies                text        NULL,
  ADD COLUMN decided_at                       timestamptz NULL,
  ADD COLUMN notice_method                    text        NULL CHECK (notice_method IN ('written', 'sms', 'email', 'phone')),
  ADD COLUMN notice_at                        timestamptz NULL,
  ADD COLUMN notice_proof                     text        NULL,
  ADD COLUMN review_applied_at                timestamptz NULL,
  ADD COLUMN review_request                   text        NULL,
  ADD COLUMN review_facts                     text        NULL,
  ADD COLUMN review_basis                     text        NULL,
  ADD COLUMN review_remedies                  text        NULL,
  ADD COLUMN review_upheld                    boolean     NULL,
  ADD COLUMN review_decided_at                timestamptz NULL,
  ADD COLUMN review_notice_method             text        NULL CHECK (review_notice_method IN ('written', 'sms', 'email', 'phone')),
  ADD COLUMN review_notice_at                 timestamptz NULL,
  ADD COLUMN review_notice_proof              text        NULL,
  ADD COLUMN regulator_reported_at            timestamptz NULL,
  ADD COLUMN regulator_report_reference       text        NULL,
  ADD COLUMN is_major                         boolean     NOT NULL DEFAULT false,
  ADD COLUMN major_reason                     text        NULL CHECK (major_reason IN ('disaster-or-public-health-event', 'group-of-twenty-or-more', 'regulator-designated')),
  ADD COLUMN major_group_size                 integer     NULL CHECK (major_group_size > 0),
  ADD COLUMN validity                         text        NULL CHECK (validity IN ('valid', 'invalid')),
  ADD COLUMN cause                            text        NULL CHECK (cause IN ('claims', 'mis-selling', 'surrender', 'service-attitude', 'underwriting', 'policy-administration', 'premiums', 'other')),
  ADD COLUMN attributed_unit                  text        NULL,
  ADD COLUMN closed_at                        timestamptz NULL,
  ADD COLUMN merged_into_case_id              integer     NULL REFERENCES cases (id),
  ADD COLUMN site_code                        text        NULL REFERENCES sites (code),
  ADD COLUMN registered_by_user_id            integer     NULL REFERENCES users (id),
  ADD COLUMN received_on                      date        NULL,
  ADD COLUMN answer_due_on                    date        NULL,
  ADD COLUMN answered_on                      date        NULL,
  ADD COLUMN handling_days                    integer     NULL CHECK (handling_days >= 0),
  ADD COLUMN next_due_on                      date        NULL,
  ADD COLUMN next_due_kind                    text        NULL CHECK (next_due_kind IN ('acknowledge', 'accept', 'decide', 'notice', 'review-decide')),
  ADD COLUMN due_soon_notified_on             date        NULL,
  ADD COLUMN escalated_on                     date        NULL;

-- Existing rows: the clock starts at receipt; the decision is due 15 days after the China date of receipt.
UPDATE cases SET
  clock_started_at = received_at,
  received_on = (received_at AT TIME ZONE 'Asia/Shanghai')::date,
  decide_by = (received_at AT TIME ZONE 'Asia/Shanghai')::date + 15,
  answer_due_on = (received_at AT TIME ZONE 'Asia/Shanghai')::date + 15,
  next_due_on = CASE WHEN status IN ('registered', 'accepted', 'in-progress') THEN (received_at AT TIME ZONE 'Asia/Shanghai')::date + 15 END,
  next_due_kind = CASE WHEN status IN ('registered', 'accepted', 'in-progress') THEN 'decide' END;
ALTER TABLE cases ALTER COLUMN clock_started_at SET NOT NULL;
ALTER TABLE cases ALTER COLUMN decide_by SET NOT NULL;
ALTER TABLE cases ALTER COLUMN received_on SET NOT NULL;
ALTER TABLE cases ADD CONSTRAINT ck_cases_next_due CHECK ((next_due_on IS NULL) = (next_due_kind IS NULL));

DROP INDEX ix_cases_open;
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
  id            bigint      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id       integer     NOT NULL REFERENCES cases (id),
  type          text        NOT NULL,
  at            timestamptz NOT NULL,
  actor_user_id integer     NULL REFERENCES users (id),
  detail        text        NULL
);
CREATE INDEX ix_case_events_case ON case_events (case_id, at, id);

CREATE TABLE case_rectifications (
  id                   bigint      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id              integer     NOT NULL REFERENCES cases (id),
  number               integer     NOT NULL CHECK (number >= 1),
  problem              text        NOT NULL,
  owner_user_id        integer     NOT NULL REFERENCES users (id),
  due_on               date        NOT NULL,
  status               text        NOT NULL CHECK (status IN ('open', 'done', 'verified')),
  created_at           timestamptz NOT NULL,
  completed_at         timestamptz NULL,
  completion_note      text        NULL,
  rechecked_at         timestamptz NULL,
  rechecked_by_user_id integer     NULL REFERENCES users (id),
  recheck_passed       boolean     NULL,
  recheck_note         text        NULL,
  CONSTRAINT uq_case_rectifications_number UNIQUE (case_id, number)
);
CREATE INDEX ix_case_rectifications_open ON case_rectifications (due_on) WHERE status = 'open';

-- Premium (yuan) and in-force policy counts per branch and period ('2025', '2025-Q1' or '2025-03'), imported.
CREATE TABLE complaint_volume_bases (
  branch   text          NOT NULL,
  period   text          NOT NULL,
  premium  numeric(18,2) NOT NULL CHECK (premium >= 0),
  policies integer       NOT NULL CHECK (policies >= 0),
  PRIMARY KEY (branch, period)
);
