-- pgTAP: personal data of the referral domain.  A case's party, place and
-- description (e.g. 村民黄某) and a material's description are personal: read
-- by the units party to the case (the unit that found it and sent it; the team
-- once the referral was transferred to it) and by the supervisors (纪工委,
-- 司法所, jxlink_supervisor: 四（三） has them pursue 应立不立、办人情案, which
-- they cannot judge without the party and the facts); not by BI, not by
-- administrators, not by units not party to the case.  BI keeps every view
-- and the non-personal columns (jxlink.case_summary).
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
\pset pager off
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION jxlink;
SET TimeZone = 'Asia/Shanghai';

SELECT plan(64);

\ir ../fixture/street.sql
-- an administrator and a supervisor that are not staff of any unit
CREATE ROLE regress_pd_admin;
GRANT jxlink_admin TO regress_pd_admin;
CREATE ROLE regress_pd_supervisor;
GRANT jxlink_supervisor TO regress_pd_supervisor;

-- SEC-ECON's two cases with a party: one referral still a draft, one transferred.
CREATE TEMP TABLE ids (name text PRIMARY KEY, id uuid);
GRANT ALL ON ids TO PUBLIC;
CREATE FUNCTION pg_temp.referral(title text, transfer boolean) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE r uuid;
BEGIN
    SET ROLE regress_econ_clerk;
    r := jxlink.create_referral(jxlink.open_case('other', 'inspection', title, '2024-10-14 09:00+08',
             '{"party": "村民黄某", "place": "新塘街道湖格社区后山片", "description": "逾期未拆除违法搭建的养殖棚"}'),
             false, '2024-10-14 10:00+08');
    PERFORM jxlink.add_material(r, k, '黄某询问笔录') FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
    IF transfer THEN
        PERFORM jxlink.submit_referral(r, '2024-10-15 09:00+08');
        SET ROLE regress_econ_lead;
        PERFORM jxlink.approve_referral(r, '2024-10-15 10:00+08');
        SET ROLE regress_econ_clerk;
        PERFORM jxlink.transfer_referral(r, '新塘经移〔2024〕5号', '2024-10-16 10:00+08');
    END IF;
    RESET ROLE;
    RETURN r;
END $$;
INSERT INTO ids SELECT 'draft', pg_temp.referral('草稿中的案件', false);
INSERT INTO ids SELECT 'sent', pg_temp.referral('已移送的案件', true);
INSERT INTO ids SELECT 'draft_case', case_id FROM jxlink.referral WHERE referral_id = (SELECT id FROM ids WHERE name = 'draft');
INSERT INTO ids SELECT 'sent_case', case_id FROM jxlink.referral WHERE referral_id = (SELECT id FROM ids WHERE name = 'sent');

-- What a role reads of one column: 'denied' (42501), or how many distinct values.
CREATE FUNCTION pg_temp.reads(who text, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SET ROLE %I', who);
    BEGIN
        EXECUTE q INTO n;
    EXCEPTION WHEN insufficient_privilege THEN
        RESET ROLE;
        RETURN 'denied';
    END;
    RESET ROLE;
    RETURN n::text;
END $$;

------------------------------------------------------------------------------
-- The matrix: role x personal column, for the transferred case and the draft
------------------------------------------------------------------------------
CREATE TEMP TABLE matrix (who text, label text, sent text, draft text);
INSERT INTO matrix VALUES
    ('regress_pd_admin', 'an administrator', 'denied', 'denied'),
    ('regress_bi', 'BI', 'denied', 'denied'),
    ('regress_econ_clerk', 'the sending section', '1', '1'),
    ('regress_team_clerk', 'the team (after the transfer; not before)', '1', '0'),
    ('regress_plan_clerk', 'another section''s clerk', '0', '0'),
    ('regress_jud_clerk', 'the judicial office (supervisor)', '1', '1'),
    ('regress_disc_clerk', 'the discipline commission (supervisor)', '1', '1'),
    ('regress_pd_supervisor', 'jxlink_supervisor', '1', '1');
CREATE TEMP TABLE personal (tbl text, col text, key text);
INSERT INTO personal VALUES
    ('case_file', 'party', 'case_id'), ('case_file', 'place', 'case_id'), ('case_file', 'description', 'case_id'),
    ('referral_material', 'description', 'referral_id');

SELECT is(pg_temp.reads(m.who, format('SELECT count(DISTINCT %I) FROM jxlink.%I WHERE %I = %L', p.col, p.tbl, p.key,
                                      (SELECT id FROM ids WHERE name = CASE p.tbl WHEN 'case_file' THEN 'sent_case' ELSE 'sent' END))),
          m.sent, format('%s: %s.%s of the transferred case', m.label, p.tbl, p.col))
FROM matrix m CROSS JOIN personal p ORDER BY m.who, p.tbl, p.col;
SELECT is(pg_temp.reads(m.who, format('SELECT count(DISTINCT %I) FROM jxlink.%I WHERE %I = %L', p.col, p.tbl, p.key,
                                      (SELECT id FROM ids WHERE name = CASE p.tbl WHEN 'case_file' THEN 'draft_case' ELSE 'draft' END))),
          m.draft, format('%s: %s.%s of the draft', m.label, p.tbl, p.col))
FROM matrix m CROSS JOIN personal p
WHERE m.who IN ('regress_team_clerk', 'regress_plan_clerk', 'regress_bi', 'regress_pd_admin') ORDER BY m.who, p.tbl, p.col;

-- The grants behind it: no column privilege on personal fields for BI or administrators.
SELECT is((SELECT string_agg(p.tbl || '.' || p.col, ', ' ORDER BY p.tbl, p.col) FROM personal p
           WHERE has_column_privilege(r, 'jxlink.' || p.tbl, p.col, 'SELECT')),
          NULL, r || ' holds no privilege on a personal column')
FROM unnest(ARRAY['jxlink_admin', 'jxlink_bi', 'public']) AS r;
-- What a tip-off says and where, and a progress note (三（三）, 三（三）1), are personal data too.
SELECT is((SELECT string_agg(t || '.' || c, ', ' ORDER BY t, c)
           FROM (VALUES ('case_tipoff', 'what'), ('case_tipoff', 'place'), ('referral_progress', 'note')) x(t, c)
           WHERE has_column_privilege(r, 'jxlink.' || t, c, 'SELECT')),
          NULL, r || ' holds no privilege on what a tip-off or a progress note says')
FROM unnest(ARRAY['jxlink_admin', 'jxlink_bi', 'public']) AS r;
SELECT is((SELECT count(*)::int FROM personal p WHERE has_column_privilege(r, 'jxlink.' || p.tbl, p.col, 'SELECT')),
          4, r || ' holds the personal columns (row-level security decides the rows)')
FROM unnest(ARRAY['jxlink_clerk', 'jxlink_supervisor']) AS r;

------------------------------------------------------------------------------
-- BI keeps what it had: the non-personal columns, the summary view, every view
------------------------------------------------------------------------------
SELECT is(pg_temp.reads('regress_bi', 'SELECT count(title) FROM jxlink.case_file'), '2', 'BI reads the cases'' non-personal columns');
SELECT is(pg_temp.reads('regress_bi', 'SELECT count(*) FROM jxlink.case_summary'), '2', 'BI reads jxlink.case_summary');
SELECT is(pg_temp.reads('regress_bi', 'SELECT count(*) FROM (SELECT * FROM jxlink.case_file) x'), 'denied',
          'BI''s SELECT * on case_file is refused (use case_summary)');
SELECT is(pg_temp.reads('regress_bi', 'SELECT count(kind) FROM jxlink.referral_material'), '6', 'BI reads the materials'' kinds');
SELECT is(pg_temp.reads('regress_pd_admin', 'SELECT count(*) FROM jxlink.case_summary'), '2', 'an administrator reads jxlink.case_summary');
SELECT is((SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c
           WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'v'
             AND pg_temp.reads('regress_bi', format('SELECT count(*) FROM jxlink.%I', c.relname)) = 'denied'),
          NULL, 'BI reads every view');
SELECT is(pg_temp.reads('regress_bi', 'SELECT count(*) FROM jxlink.referral_overview'), '2', 'BI reads both referrals in referral_overview');
SELECT is((SELECT string_agg(a.attname, ', ') FROM pg_attribute a
           WHERE a.attrelid = 'jxlink.case_summary'::regclass AND a.attnum > 0
             AND a.attname IN (SELECT col FROM personal)), NULL, 'case_summary holds no personal column');

SELECT * FROM finish();
ROLLBACK;
