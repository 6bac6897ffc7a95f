-- 0004 complaint lifecycle (SQL Server). Same change as sql/sqlite and sql/postgres 0004; see the SQLite script
-- for what each group of columns is for. Batches are separated by GO lines; the runner runs them in one transaction.

-- The status and channel CHECKs of 0001 have generated names: look them up and replace them.
DECLARE @status sysname = (
  SELECT cc.name FROM sys.check_constraints cc
  JOIN sys.columns c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
  WHERE cc.parent_object_id = OBJECT_ID(N'cases') AND c.name = N'status');
DECLARE @channel sysname = (
  SELECT cc.name FROM sys.check_constraints cc
  JOIN sys.columns c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
  WHERE cc.parent_object_id = OBJECT_ID(N'cases') AND c.name = N'channel');
DECLARE @drop nvarchar(400);
IF @status IS NOT NULL
BEGIN
  SET @drop = N'ALTER TABLE cases DROP CONSTRAINT ' + QUOTENAME(@status);
  EXEC sp_executesql @drop;
END
IF @channel IS NOT NULL
BEGIN
  SET @drop = N'ALTER TABLE cases DROP CONSTRAINT ' + QUOTENAME(@channel);
  EXEC sp_executesql @drop;
END
GO
ALTER TABLE cases ADD CONSTRAINT ck_cases_status
  CHECK (status IN (N'registered', N'accepted', N'rejected', N'forwarded', N'in-progress', N'decided', N'under-review', N'closed', N'merged'));
ALTER TABLE cases ADD CONSTRAINT ck_cases_channel CHECK (channel IN (N'phone', N'online', N'letter', N'visit', N'email', N'regulator', N'fax'));
GO

ALTER TABLE cases ADD
  complainant_kind                 nvarchar(40)      NULL CONSTRAINT ck_cases_complainant_kind CHECK (complainant_kind IN (N'person', N'organisation')),
  complainant_name                 nvarchar(200)     NULL,
  complainant_id_number            nvarchar(64)      NULL,
  complainant_phone                nvarchar(32)      NULL,
  complainant_email                nvarchar(200)     NULL,
  complainant_address              nvarchar(500)     NULL,
  complainant_credit_code          nvarchar(18)      NULL,
  complainant_legal_representative nvarchar(200)     NULL,
  agent_name                       nvarchar(200)     NULL,
  agent_id_number                  nvarchar(64)      NULL,
  agent_phone                      nvarchar(32)      NULL,
  agent_relationship               nvarchar(200)     NULL,
  agent_authority_proof            nvarchar(500)     NULL,
  request                          nvarchar(max)     NULL,
  facts                            nvarchar(max)     NULL,
  basis                            nvarchar(max)     NULL,
  target_institution               nvarchar(200)     NULL,
  target_staff                     nvarchar(200)     NULL,
  regulator_reference              nvarchar(200)     NULL,
  material_complete                bit               NOT NULL CONSTRAINT df_cases_material_complete DEFAULT 1,
  material_complete_at             datetimeoffset(6) NULL,
  clock_started_at                 datetimeoffset(6) NULL,
  acknowledge_by                   date              NULL,
  accept_by                        date              NULL,
  decide_by                        date              NULL,
  review_apply_by                  date              NULL,
  review_decide_by                 date              NULL,
  extension_level                  int               NOT NULL CONSTRAINT df_cases_extension_level DEFAULT 0 CONSTRAINT ck_cases_extension_level CHECK (extension_level BETWEEN 0 AND 2),
  suspended_since                  datetimeoffset(6) NULL,
  suspension_reason                nvarchar(40)      NULL CONSTRAINT ck_cases_suspension_reason CHECK (suspension_reason IN (N'outside-appraisal', N'mediation')),
  suspended_days                   int               NOT NULL CONSTRAINT df_cases_suspended_days DEFAULT 0 CONSTRAINT ck_cases_suspended_days CHECK (suspended_days >= 0),
  owner_user_id                    int               NULL CONSTRAINT fk_cases_owner_user_id REFERENCES users (id),
  accepted_at                      datetimeoffset(6) NULL,
  rejected_at                      datetimeoffset(6) NULL,
  rejection_ground                 nvarchar(40)      NULL CONSTRAINT ck_cases_rejection_ground CHECK (rejection_ground IN (N'not-by-consumer-or-agent', N'repeat-in-handling', N'repeat-after-decision')),
  rejection_reason                 nvarchar(max)     NULL,
  forward_kind                     nvarchar(40)      NULL CONSTRAINT ck_cases_forward_kind CHECK (forward_kind IN (N'external', N'internal')),
  forwarded_to                     nvarchar(200)     NULL,
  forwarded_at                     datetimeoffset(6) NULL,
  responsible_unit                 nvarchar(200)     NULL,
  investigator_user_id             int               NULL CONSTRAINT fk_cases_investigator_user_id REFERENCES users (id),
  investigation_findings           nvarchar(max)     NULL,
  investigated_at                  datetimeoffset(6) NULL,
  decision_facts                   nvarchar(max)     NULL,
  decision_basis                   nvarchar(max)     NULL,
  decision_remedies                nvarchar(max)     NULL,
  decided_at                       datetimeoffset(6) NULL,
  notice_method                    nvarchar(40)      NULL CONSTRAINT ck_cases_notice_method CHECK (notice_method IN (N'written', N'sms', N'email', N'phone')),
  notice_at                        datetimeoffset(6) NULL,
  notice_proof                     nvarchar(500)     NULL,
  review_applied_at                datetimeoffset(6) NULL,
  review_request                   nvarchar(max)     NULL,
  review_facts                     nvarchar(max)     NULL,
  review_basis                     nvarchar(max)     NULL,
  review_remedies                  nvarchar(max)     NULL,
  review_upheld                    bit               NULL,
  review_decided_at                datetimeoffset(6) NULL,
  review_notice_method             nvarchar(40)      NULL CONSTRAINT ck_cases_review_notice_method CHECK (review_notice_method IN (N'written', N'sms', N'email', N'phone')),
  review_notice_at                 datetimeoffset(6) NULL,
  review_notice_proof              nvarchar(500)     NULL,
  regulator_reported_at            datetimeoffset(6) NULL,
  regulator_report_reference       nvarchar(200)     NULL,
  is_major                         bit               NOT NULL CONSTRAINT df_cases_is_major DEFAULT 0,
  major_reason                     nvarchar(40)      NULL CONSTRAINT ck_cases_major_reason CHECK (major_reason IN (N'disaster-or-public-health-event', N'group-of-twenty-or-more', N'regulator-designated')),
  major_group_size                 int               NULL CONSTRAINT ck_cases_major_group_size CHECK (major_group_size > 0),
  validity                         nvarchar(40)      NULL CONSTRAINT ck_cases_validity CHECK (validity IN (N'valid', N'invalid')),
  cause                            nvarchar(40)      NULL CONSTRAINT ck_cases_cause CHECK (cause IN (N'claims', N'mis-selling', N'surrender', N'service-attitude', N'underwriting', N'policy-administration', N'premiums', N'other')),
  attributed_unit                  nvarchar(200)     NULL,
  closed_at                        datetimeoffset(6) NULL,
  merged_into_case_id              int               NULL CONSTRAINT fk_cases_merged_into_case_id REFERENCES cases (id),
  site_code                        nvarchar(32)      NULL CONSTRAINT fk_cases_site_code REFERENCES sites (code),
  registered_by_user_id            int               NULL CONSTRAINT fk_cases_registered_by_user_id REFERENCES users (id),
  received_on                      date              NULL,
  answer_due_on                    date              NULL,
  answered_on                      date              NULL,
  handling_days                    int               NULL CONSTRAINT ck_cases_handling_days CHECK (handling_days >= 0),
  next_due_on                      date              NULL,
  next_due_kind                    nvarchar(40)      NULL CONSTRAINT ck_cases_next_due_kind CHECK (next_due_kind IN (N'acknowledge', N'accept', N'decide', N'notice', N'review-decide')),
  due_soon_notified_on             date              NULL,
  escalated_on                     date              NULL;
GO

-- Existing rows: the clock starts at receipt; the decision is due 15 days after the China date of receipt.
UPDATE cases SET
  clock_started_at = received_at,
  received_on = CAST(SWITCHOFFSET(received_at, '+08:00') AS date),
  decide_by = DATEADD(day, 15, CAST(SWITCHOFFSET(received_at, '+08:00') AS date)),
  answer_due_on = DATEADD(day, 15, CAST(SWITCHOFFSET(received_at, '+08:00') AS date)),
  next_due_on = CASE WHEN status IN (N'registered', N'accepted', N'in-progress') THEN DATEADD(day, 15, CAST(SWITCHOFFSET(received_at, '+08:00') AS date)) END,
  next_due_kind = CASE WHEN status IN (N'registered', N'accepted', N'in-progress') THEN N'decide' END;
GO
ALTER TABLE cases ALTER COLUMN clock_started_at datetimeoffset(6) NOT NULL;
ALTER TABLE cases ALTER COLUMN decide_by date NOT NULL;
ALTER TABLE cases ALTER COLUMN received_on date NOT NULL;
ALTER TABLE cases ADD CONSTRAINT ck_cases_next_due CHECK ((next_due_on IS NULL AND next_due_kind IS NULL) OR (next_due_on IS NOT NULL AND next_due_kind IS NOT NULL));
GO

DROP INDEX ix_cases_open ON cases;
CREATE INDEX ix_cases_open ON cases (status) WHERE status IN (N'registered', N'accepted', N'forwarded', N'in-progress', N'under-review');
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
GO

-- The timeline. No CHECK on type: the vocabulary grows with the lifecycle (Core CaseEventType codes).
CREATE TABLE case_events (
  id            bigint            IDENTITY(1,1) NOT NULL CONSTRAINT pk_case_events PRIMARY KEY,
  case_id       int               NOT NULL CONSTRAINT fk_case_events_case REFERENCES cases (id),
  type          nvarchar(40)      NOT NULL,
  at            datetimeoffset(6) NOT NULL,
  actor_user_id int               NULL CONSTRAINT fk_case_events_actor REFERENCES users (id),
  detail        nvarchar(2000)    NULL
);
CREATE INDEX ix_case_events_case ON case_events (case_id, at, id);
GO

CREATE TABLE case_rectifications (
  id                   bigint            IDENTITY(1,1) NOT NULL CONSTRAINT pk_case_rectifications PRIMARY KEY,
  case_id              int               NOT NULL CONSTRAINT fk_case_rectifications_case REFERENCES cases (id),
  number               int               NOT NULL CONSTRAINT ck_case_rectifications_number CHECK (number >= 1),
  problem              nvarchar(2000)    NOT NULL,
  owner_user_id        int               NOT NULL CONSTRAINT fk_case_rectifications_owner REFERENCES users (id),
  due_on               date              NOT NULL,
  status               nvarchar(16)      NOT NULL CONSTRAINT ck_case_rectifications_status CHECK (status IN (N'open', N'done', N'verified')),
  created_at           datetimeoffset(6) NOT NULL,
  completed_at         datetimeoffset(6) NULL,
  completion_note      nvarchar(2000)    NULL,
  rechecked_at         datetimeoffset(6) NULL,
  rechecked_by_user_id int               NULL CONSTRAINT fk_case_rectifications_rechecker REFERENCES users (id),
  recheck_passed       bit               NULL,
  recheck_note         nvarchar(2000)    NULL,
  CONSTRAINT uq_case_rectifications_number UNIQUE (case_id, number)
);
CREATE INDEX ix_case_rectifications_open ON case_rectifications (due_on) WHERE status = N'open';
GO

-- Premium (yuan) and in-force policy counts per branch and period ('2025', '2025-Q1' or '2025-03'), imported.
CREATE TABLE complaint_volume_bases (
  branch   nvarchar(100)  NOT NULL,
  period   nvarchar(16)   NOT NULL,
  premium  decimal(18,2)  NOT NULL CONSTRAINT ck_complaint_volume_bases_premium CHECK (premium >= 0),
  policies int            NOT NULL CONSTRAINT ck_complaint_volume_bases_policies CHECK (policies >= 0),
  CONSTRAINT pk_complaint_volume_bases PRIMARY KEY (branch, period)
);
