-- jxlink 0.9.0 -> 0.10.0: BI tools and DBAs as they really work (issue 15, in progress).
-- Restates, with CREATE OR REPLACE or ALTER, every object whose definition in
-- the concept files sql/NN_*.sql changed; test/t/002_upgrade.pl compares the
-- result with a fresh install.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.10.0'" to load this file. \quit

-- ===== F. the guarded DROP =====
-- (section F) The event trigger and its function, as in sql/90_guard.sql.
-- Refuse DROP EXTENSION jxlink, DROP SCHEMA jxlink CASCADE and DROP OWNED BY the
-- extension's owner while records exist, unless the session that drops set
-- jxlink.drop_records to the database's name (src/drop_guard.c).
CREATE FUNCTION jxlink.guard_drop() RETURNS event_trigger
    LANGUAGE c
    AS '$libdir/jxlink', 'jxlink_guard_drop';
COMMENT ON FUNCTION jxlink.guard_drop() IS '（内部）事件触发器函数：记录表中有数据时拒绝删除扩展（DROP EXTENSION jxlink、DROP SCHEMA jxlink CASCADE、DROP OWNED BY 扩展属主），除非删除的会话已 SET jxlink.drop_records = ''库名''（2BP01）。 (Internal) Event trigger function: refuses to drop the extension (DROP EXTENSION jxlink, DROP SCHEMA jxlink CASCADE, DROP OWNED BY its owner) while the record tables hold rows, unless the session that drops SET jxlink.drop_records = ''<database name>'' (2BP01).';
REVOKE ALL ON FUNCTION jxlink.guard_drop() FROM PUBLIC;

CREATE EVENT TRIGGER jxlink_guard_drop ON ddl_command_start
    WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA', 'DROP OWNED')
    EXECUTE FUNCTION jxlink.guard_drop();
COMMENT ON EVENT TRIGGER jxlink_guard_drop IS '删除扩展的保护：记录表中有数据时拒绝 DROP EXTENSION jxlink，除非删除的会话已 SET jxlink.drop_records = ''库名''。 The guarded DROP: refuses DROP EXTENSION jxlink while the record tables hold rows, unless the session that drops SET jxlink.drop_records = ''<database name>''.';

-- ===== end F =====


-- ===== G. the data dictionary =====
-- The data dictionary (0.10.0): psqlODBC returns empty REMARKS, so the
-- comments reach a BI tool as rows of a view.  One row per relation and per
-- set-returning function of the schema the reading role may read, and one per
-- column it may read (has_column_privilege: the personal columns of case_file
-- are not listed for jxlink_bi).  Every comment of jxlink is written
-- '中文。 English.': the Chinese part ends at the first '。' followed by a
-- space (test/sql/data_dictionary.sql checks every comment of the schema).
CREATE VIEW jxlink.data_dictionary WITH (security_invoker = true) AS
WITH rel AS (
    SELECT c.oid, c.relname,
           CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                          WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'jxlink' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND pg_catalog.has_any_column_privilege(c.oid, 'SELECT')
), col AS (
    SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull,
           row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum)::integer AS ordinal
    FROM pg_catalog.pg_attribute a JOIN rel ON rel.oid = a.attrelid
    WHERE a.attnum > 0 AND NOT a.attisdropped
), entry AS (
    SELECT rel.relname AS object_name, rel.kind AS object_kind, NULL::text AS arguments,
           NULL::name AS column_name, NULL::integer AS ordinal, NULL::text AS data_type, NULL::boolean AS nullable,
           pg_catalog.obj_description(rel.oid, 'pg_class') AS comment
    FROM rel
    UNION ALL
    SELECT rel.relname, rel.kind, NULL, col.attname, col.ordinal, pg_catalog.format_type(col.atttypid, col.atttypmod),
           NOT col.attnotnull, pg_catalog.col_description(rel.oid, col.attnum)
    FROM rel JOIN col ON col.attrelid = rel.oid
    WHERE pg_catalog.has_column_privilege(rel.oid, col.attnum, 'SELECT')
    UNION ALL
    SELECT p.proname, 'function', pg_catalog.pg_get_function_arguments(p.oid), NULL, NULL,
           pg_catalog.pg_get_function_result(p.oid), NULL, pg_catalog.obj_description(p.oid, 'pg_proc')
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'jxlink' AND p.prokind = 'f' AND p.proretset
      AND pg_catalog.has_function_privilege(p.oid, 'EXECUTE')
)
SELECT 'jxlink'::name AS schema_name, e.object_name, e.object_kind, e.arguments, e.column_name, e.ordinal,
       e.data_type, e.nullable,
       CASE WHEN strpos(e.comment, '。 ') > 0 THEN left(e.comment, strpos(e.comment, '。 ')) END AS meaning_zh,
       CASE WHEN strpos(e.comment, '。 ') > 0 THEN substr(e.comment, strpos(e.comment, '。 ') + 2) END AS meaning_en,
       e.comment
FROM entry e;
COMMENT ON VIEW jxlink.data_dictionary IS '数据字典：调用角色可读的每个表、视图、报表函数（返回行集者）及其每一列，附类型与中英文含义（取自 COMMENT ON；ODBC 不返回注释，BI 工具可直接读本视图）。无权读取的列（如 BI 不可读的案件个人信息列）不列出。 The data dictionary: every table, view and report function (set-returning) the calling role may read, and each of their columns it may read, with the type and the meaning in Chinese and English (from COMMENT ON; ODBC returns no comments, so a BI tool reads this view). Columns the role may not read (e.g. the personal columns of cases for BI) are not listed.';
COMMENT ON COLUMN jxlink.data_dictionary.schema_name IS '模式（jxlink）。 Schema (jxlink).';
COMMENT ON COLUMN jxlink.data_dictionary.object_name IS '对象名称（表、视图或函数）。 Object name (table, view or function).';
COMMENT ON COLUMN jxlink.data_dictionary.object_kind IS '对象类别：table 表、view 视图、function 报表函数（返回行集）。 Object kind: table, view, or function (a set-returning report function).';
COMMENT ON COLUMN jxlink.data_dictionary.arguments IS '函数的参数（含默认值）；表、视图为空。 The function''s arguments (with defaults); null for a table or view.';
COMMENT ON COLUMN jxlink.data_dictionary.column_name IS '列名；对象本身一行为空。 Column name; null on the row of the object itself.';
COMMENT ON COLUMN jxlink.data_dictionary.ordinal IS '列在对象中的位置（自 1 起，同 SELECT * 的次序）；对象本身一行为空。 Position of the column in the object (from 1, the order of SELECT *); null on the row of the object itself.';
COMMENT ON COLUMN jxlink.data_dictionary.data_type IS '数据类型（format_type，如 timestamp with time zone、jxlink.docno）；函数一行为其返回类型。 Data type as a tool shows it (format_type, e.g. timestamp with time zone, jxlink.docno); for a function, what it returns.';
COMMENT ON COLUMN jxlink.data_dictionary.nullable IS '列可否为空（视图的列一律为真）；对象本身一行为空。 Whether the column may be null (always true for a view''s columns); null on the row of the object itself.';
COMMENT ON COLUMN jxlink.data_dictionary.meaning_zh IS '中文含义（注释中第一个“。”及其后空格之前的部分）。 Meaning in Chinese (the comment up to its first ''。'' followed by a space).';
COMMENT ON COLUMN jxlink.data_dictionary.meaning_en IS '英文含义（注释中该空格之后的部分）。 Meaning in English (the comment after that space).';
COMMENT ON COLUMN jxlink.data_dictionary.comment IS '注释原文（COMMENT ON）。 The comment as written (COMMENT ON).';
GRANT SELECT ON TABLE jxlink.data_dictionary TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- ===== end G =====


-- ===== H. reporting over SQL (三（四）) =====

-- The on-time rate of a scorecard row (one definition for every reader):
-- met on time over everything judged — met on time or late, still overdue,
-- refused, waived after it was due; null when nothing is judged yet.
CREATE FUNCTION jxlink.on_time_rate(met_on_time bigint, met_late bigint, overdue bigint, refused bigint, waived_late bigint) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
SELECT CASE WHEN met_on_time OPERATOR(pg_catalog.+) met_late OPERATOR(pg_catalog.+) overdue
                 OPERATOR(pg_catalog.+) refused OPERATOR(pg_catalog.+) waived_late OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(met_on_time::numeric OPERATOR(pg_catalog./)
                                  (met_on_time OPERATOR(pg_catalog.+) met_late OPERATOR(pg_catalog.+) overdue
                                   OPERATOR(pg_catalog.+) refused OPERATOR(pg_catalog.+) waived_late), 4) END
$$;
COMMENT ON FUNCTION jxlink.on_time_rate(met_on_time bigint, met_late bigint, overdue bigint, refused bigint, waived_late bigint) IS '按时率＝按时履行 ÷（按时＋逾期履行＋仍逾期＋拒绝＋逾期后免除），保留四位小数；分母为 0 时为空（各记分卡共用的唯一定义）。 On-time rate = met on time / (met on time + met late + still overdue + refused + waived after due), to four places; null when that is 0 (the one definition every scorecard uses).';

-- The scorecard takes its rate from on_time_rate.
CREATE OR REPLACE FUNCTION jxlink.unit_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, unit_id uuid, unit_code text, unit_name_zh text, unit_kind text, quarter text, quarter_start date, kind text, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, on_time_rate numeric, avg_late_workdays numeric, max_late_workdays integer, waived_late bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT g.jurisdiction, g.owner_unit, u.code, u.name_zh, u.kind,
       pg_catalog.to_char(g.quarter_start::timestamp without time zone, 'YYYY-"Q"Q'), g.quarter_start, g.kind,
       g.total, g.met_on_time, g.met_late, g.overdue, g.not_yet_due, g.waived, g.refused,
       jxlink.on_time_rate(g.met_on_time, g.met_late, g.overdue, g.refused, g.waived_late),
       pg_catalog.round(g.avg_late, 2), g.max_late, g.waived_late
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
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'waived_late') AS waived_late,
           pg_catalog.avg(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue,waived_late}'::pg_catalog.text[])) AS avg_late,
           pg_catalog.max(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue,waived_late}'::pg_catalog.text[])) AS max_late
    FROM jxlink.obligation_status_at(as_of) s
    WHERE s.due_date OPERATOR(pg_catalog.>=) from_date
      AND s.due_date OPERATOR(pg_catalog.<=) to_date
    GROUP BY s.jurisdiction, s.owner_unit,
             pg_catalog.date_trunc('quarter', s.due_date::timestamp without time zone)::pg_catalog.date, s.kind) g
JOIN jxlink.unit u ON u.unit_id OPERATOR(pg_catalog.=) g.owner_unit
$$;

-- The minutes' number reaches the obligations of the meeting's resolutions:
-- their subject_ref is the same text before and after the minutes.
CREATE FUNCTION jxlink.joint_meeting_minutes_issued() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    PERFORM jxlink.obligation_refresh_subject(r.resolution_id)
    FROM jxlink.resolution r WHERE r.meeting_id = NEW.meeting_id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.joint_meeting_minutes_issued() IS '触发器：会议纪要印发（纪要文号确定）后，更新该会议全部议定事项的义务的事项编号（纪要文号 第N项），此前、此后开立的通报义务编号一致。 Trigger: when the minutes of a meeting are issued (their number known), every obligation of the meeting''s resolutions takes the new reference (minutes number 第N项), so reports owed before and after the minutes carry the same subject_ref.';
REVOKE ALL ON FUNCTION jxlink.joint_meeting_minutes_issued() FROM PUBLIC;

CREATE TRIGGER joint_meeting_minutes_issued AFTER UPDATE OF minutes_no ON jxlink.joint_meeting FOR EACH ROW WHEN (NEW.minutes_no IS DISTINCT FROM OLD.minutes_no) EXECUTE FUNCTION jxlink.joint_meeting_minutes_issued();

-- the obligations of resolutions whose minutes were issued before 0.10.0 take
-- the minutes number now, as new ones do
SELECT count(jxlink.obligation_refresh_subject(r.resolution_id)) AS refreshed
FROM jxlink.resolution r JOIN jxlink.joint_meeting m ON m.meeting_id = r.meeting_id
WHERE m.minutes_no IS NOT NULL;

------------------------------------------------------------------------------
-- Reporting over SQL (三（四）): labels, per-unit totals, resolution follow-up
------------------------------------------------------------------------------

CREATE VIEW jxlink.obligation_kind_label WITH (security_invoker = true) AS
SELECT v.kind, v.label_zh, v.label_en, v.clause
FROM (VALUES
    ('transfer', '案件移送（移交）', 'transfer of a case', '三（三）2'),
    ('acknowledge', '书面告知受理情况', 'written notice of acceptance', '三（三）2④'),
    ('file_case', '立案', 'filing the case', '三（二）、二（一）'),
    ('copy_back', '抄告处理结果', 'copying the decision back', '二（一）'),
    ('licence_followup', '抄告后续办证情况', 'licensing follow-up', '二（二）'),
    ('complaint_reply', '答复举报投诉', 'reply to a complaint', '三（二）'),
    ('quarterly_meeting', '召开联席会议', 'holding the quarterly joint meeting', '三（四）3'),
    ('resolution_report', '通报议定事项落实情况', 'report on a resolution', '三（四）4'),
    ('share_request', '提供共享信息', 'providing shared information', '三（一）4'),
    ('assistance_request', '答复执法协助请求', 'answer to a request for assistance', '二、四（三）'),
    ('resubmit', '补充材料后重新移交', 'resubmission of a returned referral', '三（三）2②、3')
) AS v(kind, label_zh, label_en, clause);
COMMENT ON VIEW jxlink.obligation_kind_label IS '义务种类的中英文名称及依据条款（obligation.kind 允许的每个值一行），供报表关联。 The Chinese and English name and the clause of every obligation kind (one row per value obligation.kind allows), for reports to join.';
COMMENT ON COLUMN jxlink.obligation_kind_label.kind IS '义务种类（obligation.kind）。 Obligation kind (obligation.kind).';
COMMENT ON COLUMN jxlink.obligation_kind_label.label_zh IS '中文名称。 Chinese name.';
COMMENT ON COLUMN jxlink.obligation_kind_label.label_en IS '英文名称。 English name.';
COMMENT ON COLUMN jxlink.obligation_kind_label.clause IS '依据条款。 Clause of the provisions.';
GRANT SELECT ON TABLE jxlink.obligation_kind_label TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE VIEW jxlink.unit_kind_label WITH (security_invoker = true) AS
SELECT v.kind, v.label_zh, v.label_en
FROM (VALUES
    ('functional_section', '职能科室', 'functional section'),
    ('dispatched_agency', '市直派驻机构', 'city-level dispatched agency'),
    ('enforcement_team', '综合执法队', 'enforcement team'),
    ('community_work_group', '包社区工作组', 'community work group'),
    ('community', '社区', 'community'),
    ('grid', '网格', 'grid'),
    ('judicial_office', '司法所', 'judicial office'),
    ('discipline_commission', '纪工委', 'discipline commission'),
    ('leadership', '街道领导', 'leadership')
) AS v(kind, label_zh, label_en);
COMMENT ON VIEW jxlink.unit_kind_label IS '单位类别的中英文名称（unit.kind 允许的每个值一行，二），供报表关联。 The Chinese and English name of every unit kind (one row per value unit.kind allows, 二), for reports to join.';
COMMENT ON COLUMN jxlink.unit_kind_label.kind IS '单位类别（unit.kind）。 Unit kind (unit.kind).';
COMMENT ON COLUMN jxlink.unit_kind_label.label_zh IS '中文名称。 Chinese name.';
COMMENT ON COLUMN jxlink.unit_kind_label.label_en IS '英文名称。 English name.';
GRANT SELECT ON TABLE jxlink.unit_kind_label TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE VIEW jxlink.unit_totals WITH (security_invoker = true) AS
SELECT s.jurisdiction, s.unit_id, s.unit_code, s.unit_name_zh, s.unit_kind, s.quarter, s.quarter_start,
       sum(s.total)::bigint AS total, sum(s.met_on_time)::bigint AS met_on_time, sum(s.met_late)::bigint AS met_late,
       sum(s.overdue)::bigint AS overdue, sum(s.not_yet_due)::bigint AS not_yet_due, sum(s.refused)::bigint AS refused,
       sum(s.waived)::bigint AS waived, sum(s.waived_late)::bigint AS waived_late,
       jxlink.on_time_rate(sum(s.met_on_time)::bigint, sum(s.met_late)::bigint, sum(s.overdue)::bigint,
                           sum(s.refused)::bigint, sum(s.waived_late)::bigint) AS on_time_rate
FROM jxlink.unit_scorecard s
GROUP BY s.jurisdiction, s.unit_id, s.unit_code, s.unit_name_zh, s.unit_kind, s.quarter, s.quarter_start;
COMMENT ON VIEW jxlink.unit_totals IS '各单位每季度（按期限届满日所在季度，截至当前）全部种类义务的合计：unit_scorecard 各种类之和。按时率 = 按时履行 ÷（按时履行 + 逾期履行 + 仍逾期 + 以拒绝作答 + 逾期后免除），与 unit_scorecard 相同：以拒绝作答（refused）计入分母；未到期与到期前免除不计。 Per unit and quarter (of the last day), as of now, the totals over every kind: the sum of unit_scorecard''s rows. On-time rate = met on time / (met on time + met late + still overdue + refused + waived late), as in unit_scorecard: refused answers count in the denominator; not yet due and waived before due do not.';
COMMENT ON COLUMN jxlink.unit_totals.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.unit_totals.unit_id IS '单位标识。 Unit identifier.';
COMMENT ON COLUMN jxlink.unit_totals.unit_code IS '单位代码。 Unit code.';
COMMENT ON COLUMN jxlink.unit_totals.unit_name_zh IS '单位名称。 Unit name.';
COMMENT ON COLUMN jxlink.unit_totals.unit_kind IS '单位类别（名称见 unit_kind_label）。 Unit kind (names in unit_kind_label).';
COMMENT ON COLUMN jxlink.unit_totals.quarter IS '季度（期限届满日所在，如 2024-Q4）。 Quarter of the last day (e.g. 2024-Q4).';
COMMENT ON COLUMN jxlink.unit_totals.quarter_start IS '季度首日。 First day of the quarter.';
COMMENT ON COLUMN jxlink.unit_totals.total IS '义务总数。 Number of obligations.';
COMMENT ON COLUMN jxlink.unit_totals.met_on_time IS '按时履行数。 Met on time.';
COMMENT ON COLUMN jxlink.unit_totals.met_late IS '逾期履行数。 Met late.';
COMMENT ON COLUMN jxlink.unit_totals.overdue IS '仍逾期数。 Still overdue.';
COMMENT ON COLUMN jxlink.unit_totals.not_yet_due IS '未到期数。 Not yet due.';
COMMENT ON COLUMN jxlink.unit_totals.refused IS '以拒绝作答数（如拒绝提供共享信息、拒绝协助；计入按时率分母）。 Answered with a refusal (e.g. a share or assistance request refused; in the on-time rate''s denominator).';
COMMENT ON COLUMN jxlink.unit_totals.waived IS '到期前免除数。 Waived before due.';
COMMENT ON COLUMN jxlink.unit_totals.waived_late IS '逾期后免除数（计为逾期）。 Waived after due (counted late).';
COMMENT ON COLUMN jxlink.unit_totals.on_time_rate IS '按时率 = 按时履行 ÷（按时履行 + 逾期履行 + 仍逾期 + 以拒绝作答 + 逾期后免除）；分母为 0 时为空。 On-time rate = met on time / (met on time + met late + overdue + refused + waived late); null when that is 0.';
GRANT SELECT ON TABLE jxlink.unit_totals TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.unit_totals_for(from_date date, to_date date) RETURNS TABLE(jurisdiction text, unit_id uuid, unit_code text, unit_name_zh text, unit_kind text, period_from date, period_to date, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, refused bigint, waived bigint, waived_late bigint, on_time_rate numeric)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT s.jurisdiction, s.unit_id, s.unit_code, s.unit_name_zh, s.unit_kind, from_date, to_date,
       sum(s.total)::bigint, sum(s.met_on_time)::bigint, sum(s.met_late)::bigint,
       sum(s.overdue)::bigint, sum(s.not_yet_due)::bigint, sum(s.refused)::bigint,
       sum(s.waived)::bigint, sum(s.waived_late)::bigint,
       jxlink.on_time_rate(sum(s.met_on_time)::bigint, sum(s.met_late)::bigint, sum(s.overdue)::bigint,
                           sum(s.refused)::bigint, sum(s.waived_late)::bigint)
FROM jxlink.unit_scorecard_for(from_date, to_date) s
GROUP BY s.jurisdiction, s.unit_id, s.unit_code, s.unit_name_zh, s.unit_kind
$$;
COMMENT ON FUNCTION jxlink.unit_totals_for(from_date date, to_date date) IS '某一期间（期限届满日在 [from_date, to_date] 内）各单位全部种类义务的合计，每单位一行，按期末（to_date 次日 00:00 本地时间）状态：unit_scorecard_for 各行之和，上季度的报表不随今天变化。按时率定义同 unit_totals（以拒绝作答计入分母）。 Per unit, one row, the totals over every kind of the obligations whose last day is in [from_date, to_date], judged as at the period''s end (00:00 local time after to_date): the sum of unit_scorecard_for''s rows, so last quarter''s report does not change with today. On-time rate as in unit_totals (refused counts in the denominator).';
REVOKE ALL ON FUNCTION jxlink.unit_totals_for(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.unit_totals_for(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.resolution_followup WITH (security_invoker = true) AS
SELECT r.resolution_id, r.jurisdiction, m.meeting_id, m.kind AS meeting_kind, m.held_at AS meeting_held_at,
       m.minutes_no::text AS minutes_no, r.number AS resolution_number, r.title AS resolution_title,
       r.status AS resolution_status, u.unit_id, u.code AS unit_code, u.name_zh AS unit_name_zh,
       ob.report_due_at, ob.report_status, rp.reported_at IS NOT NULL AS reported, rp.reported_at, rp.progress,
       ob.last_report_on_time, coalesce(ob.reports_owed, 0) AS reports_owed,
       coalesce(ob.reports_on_time, 0) AS reports_on_time, coalesce(ob.reports_late, 0) AS reports_late,
       coalesce(ob.overdue_now, false) AS overdue_now
FROM jxlink.resolution r
JOIN jxlink.joint_meeting m ON m.meeting_id = r.meeting_id
JOIN jxlink.resolution_owner o ON o.resolution_id = r.resolution_id
JOIN jxlink.unit u ON u.unit_id = o.unit_id
LEFT JOIN LATERAL (
    SELECT (array_agg(s.due_at ORDER BY s.started_at DESC))[1] AS report_due_at,
           (array_agg(s.status ORDER BY s.started_at DESC))[1] AS report_status,
           (array_agg(s.status = 'met_on_time' ORDER BY s.met_at DESC)
                FILTER (WHERE s.status IN ('met_on_time', 'met_late')))[1] AS last_report_on_time,
           count(*) AS reports_owed,
           count(*) FILTER (WHERE s.status = 'met_on_time') AS reports_on_time,
           count(*) FILTER (WHERE s.status IN ('met_late', 'overdue', 'waived_late')) AS reports_late,
           bool_or(s.status = 'overdue') AS overdue_now
    FROM jxlink.obligation_status s
    WHERE s.subject_id = r.resolution_id AND s.kind = 'resolution_report' AND s.owner_unit = o.unit_id) ob ON true
LEFT JOIN LATERAL (
    SELECT p.reported_at, p.progress FROM jxlink.resolution_report p
    WHERE p.resolution_id = r.resolution_id AND p.unit_id = o.unit_id
    ORDER BY p.reported_at DESC LIMIT 1) rp ON true;
COMMENT ON VIEW jxlink.resolution_followup IS '议定事项落实情况（三（四）4）：每个议定事项的每个责任单位一行——议定会议（时间、类型、纪要文号）、事项编号与标题、责任单位、当前应通报的期限与状态、是否已通报、最近通报时间与进度（in_progress 落实中 / done 已办结），最近一次通报是否按时、逾期次数、当前是否逾期（均取自台账）。 Follow-up of resolutions (决议落实, 三（四）4): one row per resolution and assigned unit — the adopting meeting (time, kind, minutes number), the resolution''s number and title, the unit, the due time and status of its latest report obligation, whether it reported, its latest report (time and progress: in_progress or done), whether that report was on time, how many reports were late, and whether one is overdue now (all from the ledger).';
COMMENT ON COLUMN jxlink.resolution_followup.resolution_id IS '议定事项标识。 Resolution identifier.';
COMMENT ON COLUMN jxlink.resolution_followup.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.resolution_followup.meeting_id IS '议定的会议。 The meeting that adopted it.';
COMMENT ON COLUMN jxlink.resolution_followup.meeting_kind IS '会议类型：regular 例会、special 专题会议。 Kind of the meeting: regular or special.';
COMMENT ON COLUMN jxlink.resolution_followup.meeting_held_at IS '会议召开时间。 When the meeting was held.';
COMMENT ON COLUMN jxlink.resolution_followup.minutes_no IS '会议纪要文号（纪要印发前为空）。 Number of the minutes (null until issued).';
COMMENT ON COLUMN jxlink.resolution_followup.resolution_number IS '会内编号（第N项）。 Number within the meeting.';
COMMENT ON COLUMN jxlink.resolution_followup.resolution_title IS '事项。 Title.';
COMMENT ON COLUMN jxlink.resolution_followup.resolution_status IS '事项状态：open 落实中、done 已办结。 open or done.';
COMMENT ON COLUMN jxlink.resolution_followup.unit_id IS '责任单位标识。 Assigned unit.';
COMMENT ON COLUMN jxlink.resolution_followup.unit_code IS '责任单位代码。 Code of the assigned unit.';
COMMENT ON COLUMN jxlink.resolution_followup.unit_name_zh IS '责任单位名称。 Name of the assigned unit.';
COMMENT ON COLUMN jxlink.resolution_followup.report_due_at IS '最近一项通报义务的逾期起点（下次会议当日 24:00）。 First late instant of the latest report obligation (24:00 of the next meeting''s day).';
COMMENT ON COLUMN jxlink.resolution_followup.report_status IS '最近一项通报义务的状态（pending、due_soon、overdue、met_on_time、met_late 等，同 obligation_status）。 Status of the latest report obligation (pending, due_soon, overdue, met_on_time, met_late..., as in obligation_status).';
COMMENT ON COLUMN jxlink.resolution_followup.reported IS '是否已通报过。 Whether the unit has reported at all.';
COMMENT ON COLUMN jxlink.resolution_followup.reported_at IS '最近一次通报时间（通报所在会议的时间）。 When it last reported (the time of that meeting).';
COMMENT ON COLUMN jxlink.resolution_followup.progress IS '最近一次通报的进度：in_progress 落实中、done 已办结。 Progress of the latest report: in_progress or done.';
COMMENT ON COLUMN jxlink.resolution_followup.last_report_on_time IS '最近一次通报是否按时（台账判定；未通报为空）。 Whether the latest report was on time (judged by the ledger; null when none).';
COMMENT ON COLUMN jxlink.resolution_followup.reports_owed IS '已开立的通报义务数。 Report obligations opened.';
COMMENT ON COLUMN jxlink.resolution_followup.reports_on_time IS '按时通报数。 Reports made on time.';
COMMENT ON COLUMN jxlink.resolution_followup.reports_late IS '逾期的通报义务数（逾期通报、仍逾期、逾期后免除）。 Report obligations late (met late, still overdue, waived after due).';
COMMENT ON COLUMN jxlink.resolution_followup.overdue_now IS '当前是否有逾期未通报。 Whether a report is overdue now.';
GRANT SELECT ON TABLE jxlink.resolution_followup TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- as-of forms of the supervision views; the live views are them at now()
CREATE FUNCTION jxlink.supervision_bounced_at(as_of timestamp with time zone) RETURNS TABLE(case_id uuid, jurisdiction text, title text, discovering_code text, declines bigint, returns bigint, referrals bigint, last_bounce_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT c.case_id, c.jurisdiction, c.title, u.code,
       count(*) FILTER (WHERE h.event = 'decline'),
       count(*) FILTER (WHERE h.event = 'return'),
       count(DISTINCT r.referral_id),
       max(h.occurred_at)
FROM jxlink.case_file c
JOIN jxlink.unit u ON u.unit_id = c.discovering_unit
JOIN jxlink.referral r ON r.case_id = c.case_id
JOIN jxlink.referral_history h ON h.referral_id = r.referral_id AND h.event IN ('decline', 'return')
WHERE h.occurred_at <= as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
GROUP BY c.case_id, c.jurisdiction, c.title, u.code
HAVING count(*) >= 2
$$;
COMMENT ON FUNCTION jxlink.supervision_bounced_at(as_of timestamp with time zone) IS '截至某一时刻的推诿扯皮（四（三））：至该时刻（按事件所称时间）被不予受理或退回两次以上的案件；用于重现以往的报表。 Buck-passing (四（三）) as of an instant: cases declined or returned two or more times by then (by the time each event claims); reproduces a past report.';
REVOKE ALL ON FUNCTION jxlink.supervision_bounced_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.supervision_bounced_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE OR REPLACE VIEW jxlink.supervision_bounced WITH (security_invoker = true) AS
SELECT * FROM jxlink.supervision_bounced_at(pg_catalog.now());

CREATE FUNCTION jxlink.supervision_cooperation_at(as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, unit_id uuid, unit_code text, unit_name_zh text, unit_kind text, share_requests_overdue bigint, share_requests_refused bigint, assistance_unanswered bigint, assistance_refused bigint, acknowledgements_overdue bigint, acknowledgements_late bigint, signals bigint)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT u.jurisdiction, u.unit_id, u.code AS unit_code, u.name_zh AS unit_name_zh, u.kind AS unit_kind,
       count(*) FILTER (WHERE s.kind = 'share_request' AND s.status = 'overdue') AS share_requests_overdue,
       count(*) FILTER (WHERE s.kind = 'share_request' AND s.status = 'refused') AS share_requests_refused,
       count(*) FILTER (WHERE s.kind = 'assistance_request' AND s.status = 'overdue') AS assistance_unanswered,
       count(*) FILTER (WHERE s.kind = 'assistance_request' AND s.status = 'refused') AS assistance_refused,
       count(*) FILTER (WHERE s.kind = 'acknowledge' AND s.status = 'overdue') AS acknowledgements_overdue,
       count(*) FILTER (WHERE s.kind = 'acknowledge' AND s.status = 'met_late') AS acknowledgements_late,
       count(*) FILTER (WHERE s.status IN ('overdue', 'refused')
                          AND s.kind IN ('share_request', 'assistance_request', 'acknowledge')) AS signals
FROM jxlink.unit u
JOIN jxlink.obligation_status_at(as_of) s ON s.owner_unit = u.unit_id
GROUP BY u.jurisdiction, u.unit_id, u.code, u.name_zh, u.kind
HAVING count(*) FILTER (WHERE s.kind IN ('share_request', 'assistance_request', 'acknowledge')
                          AND s.status IN ('overdue', 'refused', 'met_late')) > 0
$$;
COMMENT ON FUNCTION jxlink.supervision_cooperation_at(as_of timestamp with time zone) IS '截至某一时刻的拒绝或拖延配合（四（三））：各单位届时逾期或拒绝的信息共享请求、未答复或拒绝的协助请求、逾期或迟延的书面告知（状态同 obligation_status_at）；用于重现以往的报表。 Refused or delayed cooperation (四（三）) per unit as of an instant (statuses as in obligation_status_at); reproduces a past report.';
REVOKE ALL ON FUNCTION jxlink.supervision_cooperation_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.supervision_cooperation_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE OR REPLACE VIEW jxlink.supervision_cooperation WITH (security_invoker = true) AS
SELECT * FROM jxlink.supervision_cooperation_at(pg_catalog.now());

-- ===== end H =====

-- ===== J. set-up as written =====
-- A new staff mapping names a role that exists (42704), checked where the
-- mapping is recorded: a restored row the record already holds passes even if
-- its role was dropped since.
CREATE OR REPLACE FUNCTION jxlink.staff_record() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    old_v      jsonb;
    new_v      jsonb;
    latest     jxlink.staff_change;
    change     bigint;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'jxlink.staff is not truncated: every change of a mapping is recorded'
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Delete the rows: each removal is recorded in jxlink.staff_change.';
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_v := to_jsonb(OLD) - 'last_change';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_v := to_jsonb(NEW) - 'last_change';
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT c.* INTO latest FROM jxlink.staff_change c
        WHERE (c.jurisdiction = NEW.jurisdiction AND c.role_name = NEW.role_name)
           OR (c.old_values->>'jurisdiction' = NEW.jurisdiction AND c.old_values->>'role_name' = NEW.role_name)
        ORDER BY c.change_no DESC LIMIT 1;
        IF FOUND AND latest.change_no = NEW.last_change AND latest.op <> 'delete'
           AND latest.role_name = NEW.role_name AND latest.new_values = new_v THEN
            RETURN NEW;  -- restored: the record already holds this row
        END IF;
    ELSIF TG_OP = 'UPDATE' AND old_v = new_v THEN
        NEW.last_change := OLD.last_change;
        RETURN NEW;
    END IF;
    -- a new mapping names a role that exists (a restored one was mapped when recorded)
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.role_name IS DISTINCT FROM OLD.role_name)
       AND NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = NEW.role_name) THEN
        RAISE EXCEPTION 'role "%" does not exist', NEW.role_name
            USING ERRCODE = 'undefined_object',
                  DETAIL = 'jxlink.staff maps database roles to units; the role must exist before its mapping.',
                  HINT = 'CREATE ROLE it first (roles are cluster-wide: before a restore, restore them with pg_dumpall --roles-only).';
    END IF;
    INSERT INTO jxlink.staff_change (jurisdiction, op, role_name, unit_id, old_values, new_values,
                                     changed_by_role, changed_by_login)
    VALUES (coalesce(NEW.jurisdiction, OLD.jurisdiction), lower(TG_OP), coalesce(NEW.role_name, OLD.role_name),
            coalesce(NEW.unit_id, OLD.unit_id), old_v, new_v, jxlink.calling_role()::text, session_user::text)
    RETURNING change_no INTO change;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    NEW.last_change := change;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.staff_record() IS '触发器：jxlink.staff 的每次新增、修改、删除写入 staff_change（恢复备份时记录中已有的行不重复记录）；新的对应须指向已存在的数据库角色（42704）；拒绝 TRUNCATE。 Trigger: record every insert, update and delete of jxlink.staff in staff_change (a restored row the record already holds is not recorded twice); a new mapping must name an existing database role (42704); refuse TRUNCATE.';

-- ===== end J =====


-- ===== I. ODBC: per-login time zone and search path =====
-- varchar becomes docno implicitly (0.10.0): JDBC sends string parameters as
-- varchar and BI tools cast filter values to varchar, so letter_no = ? and
-- letter_no = '…'::varchar compare document numbers (a value that is not one
-- is refused, 22P02).  text stays explicit: docno = text is still an error.
CREATE CAST (character varying AS jxlink.docno) WITH FUNCTION jxlink.docno(text) AS IMPLICIT;
COMMENT ON CAST (character varying AS jxlink.docno) IS
'varchar 转为发文字号（隐式：BI 工具与 JDBC 以 varchar 传入的筛选值按发文字号比较）。 varchar to document number (implicit: filter values BI tools and JDBC send as varchar compare as document numbers).';

-- Per-login preparation of a BI (ODBC/JDBC) login (0.10.0).  psqlODBC drops
-- the offset of a timestamptz and Excel or Power BI cannot set a session
-- time zone; docno's operators and min/max are found only through the search
-- path.  Role settings of group roles are not inherited, so a DBA runs this
-- once per login role: ALTER ROLE ... IN DATABASE <this one> SET timezone
-- and search_path (jxlink first: psqlODBC lists the columns of the first
-- schema only).  Runs as the caller: ALTER ROLE needs CREATEROLE.
CREATE FUNCTION jxlink.prepare_bi_login(login regrole) RETURNS text[]
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    result text[];
BEGIN
    IF login IS NULL THEN
        RAISE EXCEPTION 'the login role must not be null' USING ERRCODE = '22004';
    END IF;
    IF NOT (pg_has_role(login, 'jxlink_bi', 'MEMBER') OR pg_has_role(login, 'jxlink_clerk', 'MEMBER')
            OR pg_has_role(login, 'jxlink_supervisor', 'MEMBER') OR pg_has_role(login, 'jxlink_admin', 'MEMBER')) THEN
        RAISE EXCEPTION 'role % is not a member of a jxlink group role', login
            USING ERRCODE = '22023',
                  HINT = 'GRANT jxlink_bi TO ' || quote_ident(login::text) || '; then prepare the login.';
    END IF;
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET timezone TO %L', login::text, current_database(), jxlink.local_timezone());
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET search_path TO jxlink, "$user", public', login::text, current_database());
    SELECT s.setconfig INTO result FROM pg_db_role_setting s
    WHERE s.setrole = login AND s.setdatabase = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database());
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.prepare_bi_login(login regrole) IS '为一个登录角色（BI 工具经 ODBC/JDBC 连接所用）在本数据库设置时区（本街道时区，使不带时区偏移的客户端显示本地时间）与 search_path（jxlink 居首，使发文字号的比较与 min/max 可用，ODBC 列出视图的列）；组角色的设置不被继承，故每个登录角色执行一次。以调用者身份运行（需 CREATEROLE）；返回该角色在本库的设置。 Sets, for one login role (used by a BI tool over ODBC/JDBC) in this database, the time zone (the street''s, so a client that drops offsets shows local times) and a search_path with jxlink first (so document-number comparisons and min/max work and ODBC lists the columns of views); settings of group roles are not inherited, so run it once per login role. Runs as the caller (needs CREATEROLE); returns the role''s settings in this database.';
REVOKE ALL ON FUNCTION jxlink.prepare_bi_login(login regrole) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.prepare_bi_login(login regrole) TO jxlink_admin;

-- ===== end I =====

-- ===== K. as-of forms =====
-- referral_overview_at(as_of) and supervision_unfiled_at(as_of): reproduce a past report.

CREATE FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) RETURNS TABLE(referral_id uuid, jurisdiction text, case_id uuid, title text, category text, source text, discovered_at timestamp with time zone, urgent boolean, from_code text, from_name_zh text, to_code text, to_name_zh text, state text, state_name_zh text, state_name_en text, terminal boolean, letter_no text, filed_case_no text, decision_no text, decision_outcome text, transfer_count integer, return_count integer, transfer_rule text, transfer_due_at timestamp with time zone, transfer_met_at timestamp with time zone, transfer_status text, acknowledge_due_at timestamp with time zone, acknowledge_met_at timestamp with time zone, acknowledge_status text, file_case_due_at timestamp with time zone, file_case_met_at timestamp with time zone, file_case_status text, decided_at timestamp with time zone, copy_back_due_at timestamp with time zone, copy_back_met_at timestamp with time zone, copy_back_status text, last_event text, last_event_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
WITH s AS MATERIALIZED (
    SELECT s.subject_id, s.kind, s.rule_code, s.started_at, s.due_at, s.met_at, s.status
    FROM jxlink.obligation_status_at(as_of) s
    WHERE s.kind IN ('transfer', 'acknowledge', 'file_case', 'copy_back'))
SELECT r.referral_id, r.jurisdiction, r.case_id, c.title, c.category, c.source, c.discovered_at, r.urgent,
       fu.code, fu.name_zh, tu.code, tu.name_zh,
       h.to_state, st.name_zh, st.name_en, st.terminal,
       CASE WHEN ev.letter IS NULL THEN NULL
            WHEN jxlink.docno_check(ev.letter) IS NULL THEN ev.letter::jxlink.docno::text
            ELSE r.letter_no::text END,
       CASE WHEN ev.case_no IS NULL THEN NULL
            WHEN jxlink.docno_check(ev.case_no) IS NULL THEN ev.case_no::jxlink.docno::text
            ELSE r.filed_case_no::text END,
       CASE WHEN ev.decided_at IS NULL THEN NULL
            WHEN jxlink.docno_check(dn.m[1]) IS NULL THEN dn.m[1]::jxlink.docno::text
            ELSE r.decision_no::text END,
       CASE WHEN ev.decided_at IS NULL THEN NULL ELSE coalesce(dn.m[2], r.decision_outcome) END,
       ev.transfers::integer, ev.returns::integer,
       tr.rule_code, tr.due_at, tr.met_at, tr.status,
       ak.due_at, ak.met_at, ak.status,
       fc.due_at, fc.met_at, fc.status,
       ev.decided_at,
       cb.due_at, cb.met_at, cb.status,
       h.event, h.occurred_at
FROM jxlink.referral r
JOIN LATERAL (SELECT h.to_state, h.event, h.occurred_at FROM jxlink.referral_history h
              WHERE h.referral_id = r.referral_id AND h.occurred_at <= as_of
              ORDER BY h.seq DESC LIMIT 1) h ON true
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
JOIN jxlink.unit tu ON tu.unit_id = r.to_unit
JOIN jxlink.referral_states() st ON st.state = h.to_state
CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE e.event = 'transfer') AS transfers,
           count(*) FILTER (WHERE e.event = 'return') AS returns,
           (array_agg(coalesce(e.note, r.letter_no::text) ORDER BY e.seq DESC) FILTER (WHERE e.event = 'transfer'))[1] AS letter,
           (array_agg(coalesce(e.note, r.filed_case_no::text) ORDER BY e.seq DESC) FILTER (WHERE e.event = 'file'))[1] AS case_no,
           (array_agg(e.note ORDER BY e.seq DESC) FILTER (WHERE e.event = 'decide'))[1] AS decision,
           max(e.occurred_at) FILTER (WHERE e.event = 'decide') AS decided_at
    FROM jxlink.referral_history e
    WHERE e.referral_id = r.referral_id AND e.occurred_at <= as_of) ev
CROSS JOIN LATERAL (SELECT regexp_match(ev.decision, '^(.*\S)\s+(penalty|no_penalty)\s*$') AS m) dn
LEFT JOIN LATERAL (SELECT s.rule_code, s.due_at, s.met_at, s.status FROM s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'transfer'
                   ORDER BY s.started_at DESC LIMIT 1) tr ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'acknowledge'
                   ORDER BY s.started_at DESC LIMIT 1) ak ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'file_case'
                   ORDER BY s.started_at DESC LIMIT 1) fc ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'copy_back'
                   ORDER BY s.started_at DESC LIMIT 1) cb ON true
WHERE jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
$$;
COMMENT ON FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) IS '截至某一时刻的移送一览（列同 referral_overview）：状态、最近事件、移交与退回次数由移送历史中该时刻（按事件所称时间）以前的最后一行重建，该时刻以后才创建的移送不列出；各环节的期限、履行时间与状态同 obligation_status_at；移送函、立案号、决定书文号取届时历史所记，历史未记（早期数据）时取当前值；用于重现以往的报表。 The referral overview as of an instant (columns as in referral_overview): the state, last event and transfer and return counts rebuilt from the referral history up to that instant (by the time each event claims), referrals created later absent; each leg''s due time, time met and status as in obligation_status_at; letter, case and decision numbers as the history recorded them by then, the current ones where the history holds none (early data); reproduces a past report.';
REVOKE ALL ON FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.supervision_unfiled_at(as_of timestamp with time zone) RETURNS TABLE(referral_id uuid, jurisdiction text, title text, from_code text, filed_case_no text, obligation_id uuid, file_case_due_at timestamp with time zone, late_workdays integer, late_hours numeric)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT r.referral_id, r.jurisdiction, c.title, fu.code,
       (SELECT CASE WHEN jxlink.docno_check(e.note) IS NULL THEN e.note::jxlink.docno::text ELSE r.filed_case_no::text END
        FROM jxlink.referral_history e
        WHERE e.referral_id = r.referral_id AND e.event = 'file' AND e.occurred_at <= as_of
        ORDER BY e.seq DESC LIMIT 1),
       o.obligation_id, o.due_at, o.late_workdays, o.late_hours
FROM jxlink.overdue_as_of(as_of) o
JOIN jxlink.referral r ON r.referral_id = o.subject_id
JOIN LATERAL (SELECT h.to_state FROM jxlink.referral_history h
              WHERE h.referral_id = r.referral_id AND h.occurred_at <= as_of
              ORDER BY h.seq DESC LIMIT 1) h ON h.to_state = 'accepted'
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
WHERE o.kind = 'file_case'
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
$$;
COMMENT ON FUNCTION jxlink.supervision_unfiled_at(as_of timestamp with time zone) IS '截至某一时刻的应立不立（四（三））：届时（按事件所称时间）已受理而立案义务逾期的移送（列同 supervision_unfiled，逾期同 overdue_as_of）；用于重现以往的报表。 Cases that should be filed and were not (四（三）) as of an instant: referrals accepted by then (by the time each event claims) whose filing was overdue (columns as in supervision_unfiled, lateness as in overdue_as_of); reproduces a past report.';
REVOKE ALL ON FUNCTION jxlink.supervision_unfiled_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.supervision_unfiled_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- The live view is the function at now(): one definition of 应立不立.
CREATE OR REPLACE VIEW jxlink.supervision_unfiled WITH (security_invoker = true) AS
SELECT * FROM jxlink.supervision_unfiled_at(now());

-- ===== end K =====
