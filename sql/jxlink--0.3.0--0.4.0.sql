/*
 * jxlink 0.3.0 -> 0.4.0: overdue, due-soon and scorecard views for BI
 * dashboards and reporting tools.
 *
 * Read by the joint meeting every quarter (三（四）2–3) and by the supervisors
 * (四（三）).  Every view reads the one ledger, jxlink.obligation, whatever the
 * domain: a later release that adds a kind of obligation adds rows, not cases
 * to these views.  The views are a contract: their names and columns change
 * only through a new version.
 *
 * Each live view is the as-of function applied to now(); the functions are
 * plain SQL that the planner inlines, so EXPLAIN shows the ledger's indexes.
 * Their bodies are parsed at inlining time with the caller's search_path:
 * every operator, function and type in them is schema-qualified.
 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.4.0'" to load this file. \quit

CREATE FUNCTION jxlink.local_midnight(day date) RETURNS timestamptz
AS 'MODULE_PATHNAME', 'jxlink_local_midnight'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION jxlink.local_midnight(date) IS
'该日 00:00（jxlink.timezone 本地时间）的时刻。 The instant of 00:00 on the date in local time (jxlink.timezone).';

------------------------------------------------------------------------------
-- Settings of the warnings
------------------------------------------------------------------------------

CREATE TABLE jxlink.setting (
    name           text PRIMARY KEY CHECK (name ~ '^[a-z_]+$'),
    value          numeric NOT NULL CHECK (value >= 0),
    description_zh text NOT NULL,
    description_en text NOT NULL,
    origin         text NOT NULL DEFAULT 'local' CHECK (origin IN ('shipped', 'edited', 'local'))
);
COMMENT ON TABLE jxlink.setting IS
'机构设置（如临期预警阈值），管理员可用 UPDATE 修改。 Organisation-wide settings (such as the due-soon thresholds); administrators change them with UPDATE.';
COMMENT ON COLUMN jxlink.setting.name IS '设置名。 Setting name.';
COMMENT ON COLUMN jxlink.setting.value IS '取值。 Value.';
COMMENT ON COLUMN jxlink.setting.description_zh IS '说明（中文）。 Description in Chinese.';
COMMENT ON COLUMN jxlink.setting.description_en IS '说明（英文）。 Description in English.';
COMMENT ON COLUMN jxlink.setting.origin IS
'来源：shipped＝随扩展发布未经修改；edited＝管理员修改过的发布行；local＝管理员新增。 shipped: as shipped; edited: a shipped row an administrator changed; local: added by an administrator.';

INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES
    ('due_soon_workdays', 1, '工作日期限剩余不超过该工作日数时预警（黄）', 'warn (yellow) when at most this many working days are left of a working-day period', 'shipped'),
    ('due_soon_hours', 6, '小时期限剩余不超过该小时数时预警（黄）', 'warn (yellow) when at most this many hours are left of an hour period', 'shipped'),
    ('due_soon_fraction', 0.25, '剩余不超过期限的该比例时预警（黄）', 'warn (yellow) when at most this fraction of the period is left', 'shipped');
CREATE TRIGGER setting_guard
    BEFORE INSERT OR UPDATE OR DELETE ON jxlink.setting
    FOR EACH ROW EXECUTE FUNCTION jxlink.shipped_row_guard('name');
CREATE TRIGGER setting_no_truncate
    BEFORE TRUNCATE ON jxlink.setting
    FOR EACH STATEMENT EXECUTE FUNCTION jxlink.shipped_row_guard('name');
ALTER TABLE jxlink.setting ENABLE ALWAYS TRIGGER setting_guard;
SELECT pg_catalog.pg_extension_config_dump('jxlink.setting', 'WHERE origin <> ''shipped''');
GRANT SELECT ON jxlink.setting TO PUBLIC;

------------------------------------------------------------------------------
-- What an obligation is about: its subject's reference and title
------------------------------------------------------------------------------

-- One row per subject of an obligation, whatever its domain.  Later
-- releases add their domains here; the ledger copies the reference and the
-- title when an obligation is opened, so the views need no join per domain.
CREATE VIEW jxlink.subject WITH (security_invoker = true) AS
SELECT r.referral_id AS subject_id,
       'referral'::text AS subject_type,
       coalesce(r.filed_case_no::text, r.letter_no::text) AS reference,
       c.title
FROM jxlink.referral r
JOIN jxlink.case_file c ON c.case_id = r.case_id;
COMMENT ON VIEW jxlink.subject IS
'义务所涉事项的编号与标题（各业务域一行一事项）：移送的立案号或移送函文号、案由。 Reference and title of every subject of an obligation, whatever its domain: for a referral, the case number or the transfer letter number, and the case title.';
COMMENT ON COLUMN jxlink.subject.subject_id IS '事项标识。 Subject identifier.';
COMMENT ON COLUMN jxlink.subject.subject_type IS '事项类型。 Subject type.';
COMMENT ON COLUMN jxlink.subject.reference IS '编号（文号、立案号）。 Reference (document or case number).';
COMMENT ON COLUMN jxlink.subject.title IS '标题（案由）。 Title.';

ALTER TABLE jxlink.obligation
    ADD COLUMN subject_ref text,
    ADD COLUMN subject_title text,
    ADD COLUMN refused boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN jxlink.obligation.refused IS '以拒绝作答（如拒绝提供信息或协助，四（三））：计入该单位的不配合情况。 Answered with a refusal (e.g. refused information or assistance, 四（三）): counts against the unit.';
COMMENT ON COLUMN jxlink.obligation.subject_ref IS '事项编号（移送函文号、立案号等；随事项更新）。 Reference of the subject (letter or case number; follows the subject).';
COMMENT ON COLUMN jxlink.obligation.subject_title IS '事项标题（案由）。 Title of the subject.';

UPDATE jxlink.obligation o
SET subject_ref = s.reference, subject_title = s.title
FROM jxlink.subject s
WHERE s.subject_id = o.subject_id AND s.subject_type = o.subject_type;

-- Copy a subject's reference and title into its obligations.
CREATE FUNCTION jxlink.obligation_refresh_subject(subject_id uuid) RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $$
    UPDATE jxlink.obligation o
    SET subject_ref = s.reference, subject_title = s.title
    FROM jxlink.subject s
    WHERE s.subject_id = obligation_refresh_subject.subject_id
      AND o.subject_id = s.subject_id AND o.subject_type = s.subject_type
      AND (o.subject_ref, o.subject_title) IS DISTINCT FROM (s.reference, s.title)
$$;
COMMENT ON FUNCTION jxlink.obligation_refresh_subject(uuid) IS
'（内部）将事项的编号与标题复制到其义务。 (Internal) Copy a subject''s reference and title into its obligations.';

-- New obligations take their subject's reference and title.
CREATE FUNCTION jxlink.obligation_take_subject() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.subject_ref IS NULL AND NEW.subject_title IS NULL THEN
        SELECT s.reference, s.title INTO NEW.subject_ref, NEW.subject_title
        FROM jxlink.subject s
        WHERE s.subject_id = NEW.subject_id AND s.subject_type = NEW.subject_type;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_take_subject() IS
'触发器：新开立的义务取得其事项的编号与标题。 Trigger: a new obligation takes its subject''s reference and title.';
CREATE TRIGGER obligation_take_subject
    BEFORE INSERT ON jxlink.obligation
    FOR EACH ROW EXECUTE FUNCTION jxlink.obligation_take_subject();

-- A referral's new letter or case number reaches its obligations.
CREATE FUNCTION jxlink.referral_subject_changed() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM jxlink.obligation_refresh_subject(NEW.referral_id);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.referral_subject_changed() IS
'触发器：移送函文号或立案号变化后更新其义务的事项编号。 Trigger: a referral''s new letter or case number reaches its obligations.';
CREATE TRIGGER referral_subject_changed
    AFTER UPDATE OF letter_no, filed_case_no ON jxlink.referral
    FOR EACH ROW
    WHEN (OLD.letter_no IS DISTINCT FROM NEW.letter_no OR OLD.filed_case_no IS DISTINCT FROM NEW.filed_case_no)
    EXECUTE FUNCTION jxlink.referral_subject_changed();
REVOKE ALL ON FUNCTION jxlink.obligation_refresh_subject(uuid), jxlink.obligation_take_subject(),
    jxlink.referral_subject_changed() FROM PUBLIC;

------------------------------------------------------------------------------
-- Indexes for the views
------------------------------------------------------------------------------

-- obligation_open_due (due_at) WHERE status = 'open' serves the open items;
-- obligations met or waived after an instant are open as of that instant.
CREATE INDEX obligation_met_at ON jxlink.obligation (met_at) WHERE met_at IS NOT NULL;
-- the scorecards group by the quarter of the last day
CREATE INDEX obligation_due_date ON jxlink.obligation (due_date);
-- the live scorecard filtered on a quarter
CREATE INDEX obligation_due_quarter ON jxlink.obligation
    ((pg_catalog.date_trunc('quarter', due_date::timestamp without time zone)::date));

------------------------------------------------------------------------------
-- Every obligation with one status, as of an instant (trend charts)
------------------------------------------------------------------------------

CREATE FUNCTION jxlink.obligation_status_at(as_of timestamptz)
RETURNS TABLE (obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid,
               subject_ref text, subject_title text,
               owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text,
               counterpart_unit uuid, counterpart_code text, counterpart_name_zh text,
               rule_code text, clause text, period_unit text, period_amount integer,
               started_at timestamptz, due_at timestamptz, due_date date, provisional boolean,
               met_at timestamptz, status text, late_workdays integer, workdays_left integer,
               hours_left numeric)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, r.period_unit, r.amount,
       o.started_at, o.due_at, o.due_date, o.provisional,
       CASE WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN o.met_at END,
       CASE
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' THEN 'waived'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.refused THEN 'refused'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.met_late THEN 'met_late'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN 'met_on_time'
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of THEN 'overdue'
           WHEN CASE WHEN r.period_unit OPERATOR(pg_catalog.=) 'hours'
                     THEN x.hours_left OPERATOR(pg_catalog.<=) s.hours
                          OR x.hours_left OPERATOR(pg_catalog.<=) (s.fraction OPERATOR(pg_catalog.*) r.amount)
                     ELSE x.workdays_left OPERATOR(pg_catalog.<=) s.workdays
                          OR x.workdays_left OPERATOR(pg_catalog.<=) (s.fraction OPERATOR(pg_catalog.*) r.amount)
                END THEN 'due_soon'
           ELSE 'pending'
       END::pg_catalog.text,
       CASE
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' THEN NULL
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of
               THEN pg_catalog.int4larger(jxlink.workdays_between(o.due_date, jxlink.local_date(o.met_at)), 0)
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of
               THEN pg_catalog.int4larger(jxlink.workdays_between(o.due_date, jxlink.local_date(as_of)), 0)
           ELSE 0
       END,
       CASE WHEN o.due_at OPERATOR(pg_catalog.>) as_of AND NOT coalesce(o.met_at OPERATOR(pg_catalog.<=) as_of, false)
            THEN x.workdays_left END,
       CASE WHEN o.due_at OPERATOR(pg_catalog.>) as_of AND NOT coalesce(o.met_at OPERATOR(pg_catalog.<=) as_of, false)
            THEN x.hours_left END
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
JOIN jxlink.deadline_rule r ON r.rule_code OPERATOR(pg_catalog.=) o.rule_code
CROSS JOIN LATERAL (
    SELECT jxlink.workdays_between(jxlink.local_date(as_of), o.due_date) AS workdays_left,
           pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                            OPERATOR(pg_catalog./) 3600, 1) AS hours_left) x
CROSS JOIN (
    SELECT pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting t) s
WHERE o.started_at OPERATOR(pg_catalog.<=) as_of
$$;
COMMENT ON FUNCTION jxlink.obligation_status_at(timestamptz) IS
'截至某一时刻的每项义务及其唯一状态：pending 未到期、due_soon 临期、overdue 逾期、met_on_time 按时履行、met_late 逾期履行、waived 免除；用于趋势图与历史报表（结果不随今天变化）。 Every obligation as of an instant with one status — pending, due_soon, overdue, met_on_time, met_late, waived — for trend charts and past reports (the answer does not change with today).';

CREATE VIEW jxlink.obligation_status WITH (security_invoker = true) AS
SELECT * FROM jxlink.obligation_status_at(pg_catalog.now());
COMMENT ON VIEW jxlink.obligation_status IS
'每项义务的当前状态（pending、due_soon、overdue、met_on_time、met_late、waived）。 Every obligation with its current status (pending, due_soon, overdue, met_on_time, met_late, waived).';

------------------------------------------------------------------------------
-- Open items: overdue and due soon
------------------------------------------------------------------------------

CREATE FUNCTION jxlink.overdue_as_of(as_of timestamptz)
RETURNS TABLE (obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid,
               subject_ref text, subject_title text,
               owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text,
               counterpart_unit uuid, counterpart_code text, counterpart_name_zh text,
               rule_code text, clause text, period_unit text, period_amount integer,
               started_at timestamptz, due_at timestamptz, due_date date, provisional boolean,
               late_workdays integer, late_hours numeric, warning text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, r.period_unit, r.amount,
       o.started_at, o.due_at, o.due_date, o.provisional,
       pg_catalog.int4larger(jxlink.workdays_between(o.due_date, jxlink.local_date(as_of)), 0),
       pg_catalog.round(pg_catalog.date_part('epoch', as_of OPERATOR(pg_catalog.-) o.due_at)::numeric
                        OPERATOR(pg_catalog./) 3600, 1),
       'red'::pg_catalog.text
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
JOIN jxlink.deadline_rule r ON r.rule_code OPERATOR(pg_catalog.=) o.rule_code
WHERE o.due_at OPERATOR(pg_catalog.<=) as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;
COMMENT ON FUNCTION jxlink.overdue_as_of(timestamptz) IS
'截至某一时刻已逾期未履行的义务（含之后才履行或免除的），及逾期工作日数与小时数。 The obligations overdue and not met as of an instant (including those met or waived later), with how late in working days and in hours.';

CREATE VIEW jxlink.overdue WITH (security_invoker = true) AS
SELECT * FROM jxlink.overdue_as_of(pg_catalog.now());
COMMENT ON VIEW jxlink.overdue IS
'当前已逾期未履行的义务（红色预警）：谁欠谁、何事、依何条款、何时逾期、逾期多久。 Open obligations past due (red): who owes what to whom, under which clause, late since when and by how much.';

CREATE FUNCTION jxlink.due_soon_as_of(as_of timestamptz)
RETURNS TABLE (obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid,
               subject_ref text, subject_title text,
               owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text,
               counterpart_unit uuid, counterpart_code text, counterpart_name_zh text,
               rule_code text, clause text, period_unit text, period_amount integer,
               started_at timestamptz, due_at timestamptz, due_date date, provisional boolean,
               workdays_left integer, hours_left numeric, fraction_left numeric, warning text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, r.period_unit, r.amount,
       o.started_at, o.due_at, o.due_date, o.provisional,
       x.workdays_left, x.hours_left, x.fraction_left,
       CASE WHEN CASE WHEN r.period_unit OPERATOR(pg_catalog.=) 'hours'
                      THEN x.hours_left OPERATOR(pg_catalog.<=) s.hours
                      ELSE x.workdays_left OPERATOR(pg_catalog.<=) s.workdays END
                 OR x.fraction_left OPERATOR(pg_catalog.<=) s.fraction
            THEN 'yellow' ELSE 'green' END::pg_catalog.text
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
JOIN jxlink.deadline_rule r ON r.rule_code OPERATOR(pg_catalog.=) o.rule_code
CROSS JOIN LATERAL (
    SELECT w.workdays_left, w.hours_left,
           pg_catalog.round(CASE WHEN r.period_unit OPERATOR(pg_catalog.=) 'hours' THEN w.hours_left
                                 ELSE w.workdays_left::numeric END
                            OPERATOR(pg_catalog./) r.amount, 3) AS fraction_left
    FROM (SELECT jxlink.workdays_between(jxlink.local_date(as_of), o.due_date) AS workdays_left,
                 pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                                  OPERATOR(pg_catalog./) 3600, 1) AS hours_left) w) x
CROSS JOIN (
    SELECT pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting t) s
WHERE o.due_at OPERATOR(pg_catalog.>) as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;
COMMENT ON FUNCTION jxlink.due_soon_as_of(timestamptz) IS
'截至某一时刻未履行且未到期的义务，及剩余工作日、小时、剩余比例与预警级别（yellow 临期 / green 正常；阈值见 jxlink.setting）。 Obligations open and not yet due as of an instant, with the working days, hours and fraction of the period left and the warning level (yellow when due soon, green otherwise; thresholds in jxlink.setting).';

CREATE VIEW jxlink.due_soon WITH (security_invoker = true) AS
SELECT * FROM jxlink.due_soon_as_of(pg_catalog.now());
COMMENT ON VIEW jxlink.due_soon IS
'当前未履行且未到期的义务及剩余时间与预警级别（yellow：剩余不超过 1 个工作日或期限的 25%，可在 jxlink.setting 中调整；逾期者见 overdue，为 red）。 Open obligations not yet due, with the time left and a warning level (yellow: at most 1 working day or 25% of the period left, adjustable in jxlink.setting; overdue ones are red, in overdue).';

------------------------------------------------------------------------------
-- One row per referral with each leg due and met
------------------------------------------------------------------------------

CREATE VIEW jxlink.referral_overview WITH (security_invoker = true) AS
SELECT r.referral_id, r.jurisdiction, r.case_id, c.title, c.category, c.source, c.discovered_at, r.urgent,
       fu.code AS from_code, fu.name_zh AS from_name_zh, tu.code AS to_code, tu.name_zh AS to_name_zh,
       r.state, st.name_zh AS state_name_zh, st.name_en AS state_name_en, st.terminal,
       r.letter_no::text AS letter_no, r.filed_case_no::text AS filed_case_no,
       r.decision_no::text AS decision_no, r.decision_outcome, r.transfer_count, r.return_count,
       tr.rule_code AS transfer_rule, tr.due_at AS transfer_due_at, tr.met_at AS transfer_met_at, tr.status AS transfer_status,
       ak.due_at AS acknowledge_due_at, ak.met_at AS acknowledge_met_at, ak.status AS acknowledge_status,
       fc.due_at AS file_case_due_at, fc.met_at AS file_case_met_at, fc.status AS file_case_status,
       dh.occurred_at AS decided_at,
       cb.due_at AS copy_back_due_at, cb.met_at AS copy_back_met_at, cb.status AS copy_back_status,
       r.last_event, r.last_event_at
FROM jxlink.referral r
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
JOIN jxlink.unit tu ON tu.unit_id = r.to_unit
JOIN jxlink.referral_states() st ON st.state = r.state
LEFT JOIN LATERAL (SELECT s.rule_code, s.due_at, s.met_at, s.status FROM jxlink.obligation_status s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'transfer'
                   ORDER BY s.started_at DESC LIMIT 1) tr ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM jxlink.obligation_status s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'acknowledge'
                   ORDER BY s.started_at DESC LIMIT 1) ak ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM jxlink.obligation_status s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'file_case'
                   ORDER BY s.started_at DESC LIMIT 1) fc ON true
LEFT JOIN LATERAL (SELECT h.occurred_at FROM jxlink.referral_history h
                   WHERE h.referral_id = r.referral_id AND h.event = 'decide'
                   ORDER BY h.seq DESC LIMIT 1) dh ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM jxlink.obligation_status s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'copy_back'
                   ORDER BY s.started_at DESC LIMIT 1) cb ON true;
COMMENT ON VIEW jxlink.referral_overview IS
'每个移送一行：状态及各环节（移交、书面告知、立案、决定、抄告）的期限、履行时间与状态（后一次告知覆盖前一次）。 One row per referral: its state and each leg (transfer, written notice, filing, decision, copy-back) with due time, time met and status (the latest notice when there were several).';

------------------------------------------------------------------------------
-- Scorecards per unit, quarter and kind
------------------------------------------------------------------------------

CREATE FUNCTION jxlink.unit_scorecard_at(from_date date, to_date date, as_of timestamptz)
RETURNS TABLE (jurisdiction text, unit_id uuid, unit_code text, unit_name_zh text, unit_kind text,
               quarter text, quarter_start date, kind text,
               total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint,
               refused bigint, on_time_rate numeric, avg_late_workdays numeric, max_late_workdays integer)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT g.jurisdiction, g.owner_unit, u.code, u.name_zh, u.kind,
       pg_catalog.to_char(g.quarter_start::timestamp without time zone, 'YYYY-"Q"Q'), g.quarter_start, g.kind,
       g.total, g.met_on_time, g.met_late, g.overdue, g.not_yet_due, g.waived, g.refused,
       CASE WHEN g.judged OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(g.met_on_time::numeric OPERATOR(pg_catalog./) g.judged, 4) END,
       pg_catalog.round(g.avg_late, 2), g.max_late
FROM (
    SELECT s.jurisdiction, s.owner_unit,
           pg_catalog.date_trunc('quarter', s.due_date::timestamp without time zone)::pg_catalog.date AS quarter_start,
           s.kind,
           pg_catalog.count(*) AS total,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'met_on_time') AS met_on_time,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'met_late') AS met_late,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue') AS overdue,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{pending,due_soon}'::pg_catalog.text[])) AS not_yet_due,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'waived') AS waived,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'refused') AS refused,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_on_time,met_late,overdue,refused}'::pg_catalog.text[])) AS judged,
           pg_catalog.avg(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue}'::pg_catalog.text[])) AS avg_late,
           pg_catalog.max(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue}'::pg_catalog.text[])) AS max_late
    FROM jxlink.obligation_status_at(as_of) s
    WHERE s.due_date OPERATOR(pg_catalog.>=) from_date
      AND s.due_date OPERATOR(pg_catalog.<=) to_date
    GROUP BY s.jurisdiction, s.owner_unit,
             pg_catalog.date_trunc('quarter', s.due_date::timestamp without time zone)::pg_catalog.date, s.kind) g
JOIN jxlink.unit u ON u.unit_id OPERATOR(pg_catalog.=) g.owner_unit
$$;
COMMENT ON FUNCTION jxlink.unit_scorecard_at(date, date, timestamptz) IS
'（供报表）期限届满日在 [from_date, to_date] 内的义务，按单位、季度、种类统计截至 as_of 的结果。 (For reports) Obligations whose last day falls in [from_date, to_date], counted per unit, quarter and kind as of an instant.';

CREATE VIEW jxlink.unit_scorecard WITH (security_invoker = true) AS
SELECT * FROM jxlink.unit_scorecard_at('-infinity', 'infinity', pg_catalog.now());
COMMENT ON VIEW jxlink.unit_scorecard IS
'各单位每季度、每种义务的履行情况（按期限届满日所在季度，截至当前）：总数、按时、逾期履行、仍逾期、未到期、免除、按时率、平均与最长逾期工作日。 Per unit, quarter (of the last day) and kind, as of now: total, met on time, met late, still overdue, not yet due, waived, on-time rate, average and worst lateness in working days.';

CREATE FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date)
RETURNS SETOF jxlink.unit_scorecard
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    period_end timestamptz := jxlink.local_midnight(to_date + 1);
BEGIN
    IF from_date IS NULL OR to_date IS NULL OR from_date > to_date THEN
        RAISE EXCEPTION 'invalid period: % to %', from_date, to_date
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Give the first and the last day, the first not after the last.';
    END IF;
    RETURN QUERY SELECT * FROM jxlink.unit_scorecard_at(from_date, to_date, least(period_end, now()));
END
$$;
COMMENT ON FUNCTION jxlink.unit_scorecard_for(date, date) IS
'某一期间（期限届满日在 [from_date, to_date] 内）的单位履行报表，按期末（to_date 次日 00:00 本地时间）状态计算：上季度的报表不随今天变化。 The unit scorecard of a period (last day in [from_date, to_date]) judged as at its end (00:00 local time after to_date): last quarter''s report does not change with today.';

------------------------------------------------------------------------------
-- Column comments of the views and functions (one dictionary)
------------------------------------------------------------------------------

DO $$
DECLARE
    v text;
    c record;
BEGIN
    FOREACH v IN ARRAY ARRAY['obligation_status', 'overdue', 'due_soon', 'referral_overview', 'unit_scorecard'] LOOP
        FOR c IN
            SELECT a.attname, d.comment
            FROM pg_catalog.pg_attribute a
            JOIN (VALUES
                ('obligation_id', '义务标识。 Obligation identifier.'),
                ('jurisdiction', '所属辖区。 Jurisdiction.'),
                ('kind', '义务种类（transfer、acknowledge、file_case、copy_back、licence_followup 等）。 Kind of obligation (transfer, acknowledge, file_case, copy_back, licence_followup...).'),
                ('subject_type', '事项类型。 Type of the subject.'),
                ('subject_id', '事项标识。 Subject identifier.'),
                ('subject_ref', '事项编号（移送函文号、立案号）。 Reference of the subject (letter or case number).'),
                ('subject_title', '事项标题（案由）。 Title of the subject.'),
                ('owner_unit', '负有义务的单位。 The unit that owes it.'),
                ('owner_code', '负有义务单位的代码。 Code of the owing unit.'),
                ('owner_name_zh', '负有义务单位的名称。 Name of the owing unit.'),
                ('owner_kind', '负有义务单位的类别。 Kind of the owing unit.'),
                ('counterpart_unit', '义务指向的单位。 The unit it is owed to.'),
                ('counterpart_code', '义务指向单位的代码。 Code of the unit it is owed to.'),
                ('counterpart_name_zh', '义务指向单位的名称。 Name of the unit it is owed to.'),
                ('rule_code', '期限规则。 Deadline rule.'),
                ('clause', '依据条款。 Clause.'),
                ('period_unit', 'workdays 工作日 / hours 小时。 workdays or hours.'),
                ('period_amount', '期限长度。 Length of the period.'),
                ('started_at', '起算时刻。 When the period started.'),
                ('due_at', '逾期起点。 First late instant.'),
                ('due_date', '期限届满日（本地）。 Last day (local).'),
                ('provisional', '届满日所在年份尚无官方安排（暂定）。 The last day falls in a year without an official schedule (provisional).'),
                ('met_at', '履行或免除时刻。 When it was met or waived.'),
                ('status', '状态：pending 未到期、due_soon 临期、overdue 逾期、met_on_time 按时履行、met_late 逾期履行、refused 以拒绝作答、waived 免除。 pending, due_soon, overdue, met_on_time, met_late, refused, waived.'),
                ('late_workdays', '逾期工作日数（逾期履行者算至履行日，未履行者算至当日）。 Working days late (to the day met, or to the day of the answer if still open).'),
                ('late_hours', '逾期小时数。 Hours late.'),
                ('workdays_left', '剩余工作日（不含当日；0 表示今日为最后一日）。 Working days left after today (0: today is the last day).'),
                ('hours_left', '剩余小时数。 Hours left.'),
                ('fraction_left', '剩余时间占期限的比例。 Fraction of the period left.'),
                ('warning', '预警级别：red 逾期、yellow 临期、green 正常。 Warning level: red overdue, yellow due soon, green.'),
                ('referral_id', '移送标识。 Referral identifier.'),
                ('case_id', '案件标识。 Case identifier.'),
                ('title', '案由。 Case title.'),
                ('category', '事项类别（二（一）至（四））。 Category (二（一）–（四）).'),
                ('source', '案源。 Source of the case.'),
                ('discovered_at', '发现时间。 When the violation was found.'),
                ('urgent', '是否紧急。 Urgent.'),
                ('from_code', '移送单位代码。 Code of the sending unit.'),
                ('from_name_zh', '移送单位名称。 Name of the sending unit.'),
                ('to_code', '接收单位代码。 Code of the receiving unit.'),
                ('to_name_zh', '接收单位名称。 Name of the receiving unit.'),
                ('state', '移送状态。 Referral state.'),
                ('state_name_zh', '状态名称（中文）。 State name in Chinese.'),
                ('state_name_en', '状态名称（英文）。 State name in English.'),
                ('terminal', '是否终态。 Whether the state is final.'),
                ('letter_no', '移送函文号。 Transfer letter number.'),
                ('filed_case_no', '立案号。 Case number.'),
                ('decision_no', '决定书文号。 Decision number.'),
                ('decision_outcome', '决定结果（penalty 处罚 / no_penalty 不予处罚）。 Outcome (penalty / no_penalty).'),
                ('transfer_count', '移交次数。 Number of transfers.'),
                ('return_count', '退回次数。 Number of returns.'),
                ('transfer_rule', '移交所用规则（transfer、transfer_extended、transfer_urgent）。 Rule of the transfer (transfer, transfer_extended, transfer_urgent).'),
                ('transfer_due_at', '移交逾期起点。 Transfer: first late instant.'),
                ('transfer_met_at', '移交时间。 Transfer: when met.'),
                ('transfer_status', '移交义务状态。 Transfer: status.'),
                ('acknowledge_due_at', '书面告知逾期起点（最近一次移交）。 Written notice: first late instant (latest transfer).'),
                ('acknowledge_met_at', '书面告知时间。 Written notice: when met.'),
                ('acknowledge_status', '书面告知义务状态。 Written notice: status.'),
                ('file_case_due_at', '立案逾期起点。 Filing: first late instant.'),
                ('file_case_met_at', '立案时间。 Filing: when met.'),
                ('file_case_status', '立案义务状态。 Filing: status.'),
                ('decided_at', '作出决定时间。 When the decision was made.'),
                ('copy_back_due_at', '抄告逾期起点。 Copy-back: first late instant.'),
                ('copy_back_met_at', '抄告时间。 Copy-back: when met.'),
                ('copy_back_status', '抄告义务状态。 Copy-back: status.'),
                ('last_event', '最近一次事件。 Last event.'),
                ('last_event_at', '最近一次事件时间。 When the last event happened.'),
                ('unit_id', '单位标识。 Unit identifier.'),
                ('unit_code', '单位代码。 Unit code.'),
                ('unit_name_zh', '单位名称。 Unit name.'),
                ('unit_kind', '单位类别。 Unit kind.'),
                ('quarter', '季度（期限届满日所在，如 2024-Q4）。 Quarter of the last day (e.g. 2024-Q4).'),
                ('quarter_start', '季度首日。 First day of the quarter.'),
                ('total', '义务总数。 Number of obligations.'),
                ('met_on_time', '按时履行数。 Met on time.'),
                ('met_late', '逾期履行数。 Met late.'),
                ('overdue', '仍逾期未履行数。 Still overdue.'),
                ('not_yet_due', '未到期数。 Not yet due.'),
                ('waived', '免除数。 Waived.'),
                ('refused', '以拒绝作答数（计入按时率分母）。 Answered with a refusal (counted in the on-time rate''s denominator).'),
                ('on_time_rate', '按时率＝按时履行 ÷（按时＋逾期履行＋仍逾期＋拒绝）。 On-time rate = met on time / (met on time + met late + still overdue + refused).'),
                ('avg_late_workdays', '平均逾期工作日（逾期履行及仍逾期者）。 Average working days late (met late and still overdue).'),
                ('max_late_workdays', '最长逾期工作日。 Worst lateness in working days.')
            ) AS d(attname, comment) ON d.attname = a.attname
            WHERE a.attrelid = ('jxlink.' || v)::regclass AND a.attnum > 0
        LOOP
            EXECUTE format('COMMENT ON COLUMN jxlink.%I.%I IS %L', v, c.attname, c.comment);
        END LOOP;
    END LOOP;
END
$$;

GRANT SELECT ON jxlink.subject, jxlink.obligation_status, jxlink.overdue, jxlink.due_soon,
    jxlink.referral_overview, jxlink.unit_scorecard TO PUBLIC;
