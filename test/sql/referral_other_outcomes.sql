-- The referral's other outcomes (三（三）): an urgent referral transferred
-- within 24 hours and declined by the team; withdrawals from draft,
-- awaiting_approval, approved and returned (the withdrawal after a return
-- meets the resubmission it opened); an unlicensed matter (二（二）) transferred
-- late, then its licence follow-up.  The ledger after each.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/referral_helpers.sql

-- The urgent case of the National Day example, as in referral_deadlines:
-- found Friday 2024-09-27 10:00 (+08), its transfer due 24 hours later.
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('prohibited', 'patrol', '占道经营', '2024-09-27 10:00+08') AS urgent_case \gset
SELECT jxlink.create_referral(:'urgent_case', true, '2024-09-27 10:30+08') AS urgent \gset
RESET ROLE;

-- The urgent referral transferred within 24 hours; the team declines it.
SET ROLE regress_econ_clerk;
SELECT jxlink.add_material(:'urgent', 'transfer_letter', '移送函') IS NOT NULL AS a,
       jxlink.add_material(:'urgent', 'case_source', '巡查照片') IS NOT NULL AS b,
       jxlink.add_material(:'urgent', 'preliminary_evidence', '现场笔录') IS NOT NULL AS c;
SELECT jxlink.submit_referral(:'urgent', '2024-09-27 11:00+08');
RESET ROLE; SET ROLE regress_econ_lead;
SELECT jxlink.approve_referral(:'urgent', '2024-09-27 11:30+08');
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.transfer_referral(:'urgent', '新经发移〔2024〕11号', '2024-09-27 14:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.decline_referral(:'urgent', '不属于综合执法队赋权事项', '2024-09-29 10:00+08');
RESET ROLE;
SELECT * FROM pg_temp.ledger(:'urgent');

-- Withdrawals from draft, awaiting_approval, approved and returned; extension
-- notices in awaiting_approval and approved.
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('other', 'complaint', '未按期履行整改义务', '2024-10-09 09:00+08') AS c2 \gset
SELECT jxlink.create_referral(:'c2', false, '2024-10-09 10:00+08') AS w1 \gset
SELECT jxlink.withdraw_referral(:'w1', '当事人已改正，无需处罚', '2024-10-09 11:00+08');
SELECT jxlink.create_referral(:'c2', false, '2024-10-09 12:00+08') AS w2 \gset
SELECT jxlink.submit_referral(:'w2', '2024-10-09 12:10+08');
SELECT jxlink.withdraw_referral(:'w2', '检测合格', '2024-10-11 09:00+08');
SELECT jxlink.create_referral(:'c2', false, '2024-10-11 10:00+08') AS w3 \gset
SELECT jxlink.submit_referral(:'w3', '2024-10-11 10:10+08');
RESET ROLE; SET ROLE regress_econ_lead;
SELECT jxlink.approve_referral(:'w3', '2024-10-11 10:20+08');
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.add_material(:'w3', 'transfer_letter', '移送函') IS NOT NULL AS a,
       jxlink.add_material(:'w3', 'case_source', '投诉材料') IS NOT NULL AS b,
       jxlink.add_material(:'w3', 'preliminary_evidence', '整改通知书') IS NOT NULL AS c;
SELECT jxlink.transfer_referral(:'w3', '新经发移〔2024〕14号', '2024-10-15 09:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.return_referral(:'w3', '请补充整改期限证明', '2024-10-16 09:00+08');
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.withdraw_referral(:'w3', '当事人已履行', '2024-10-17 09:00+08');
RESET ROLE;
SELECT r.state, r.transition_seq, string_agg(h.event, ' → ' ORDER BY h.seq) AS events
FROM jxlink.referral r JOIN jxlink.referral_history h USING (referral_id)
WHERE r.referral_id IN (:'w1', :'w2', :'w3') GROUP BY r.referral_id, r.state, r.transition_seq ORDER BY r.transition_seq;
SELECT kind, rule_code, status, met_at FROM jxlink.obligation WHERE subject_id IN (:'w1', :'w2', :'w3') ORDER BY started_at, kind, created_at;

-- An unlicensed matter (二（二）): transferred late, then the licence follow-up.
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('unlicensed', 'grid_report', '未取得许可擅自经营', '2024-10-14 09:00+08') AS c3 \gset
SELECT jxlink.create_referral(:'c3', false, '2024-10-14 09:30+08') AS lic \gset
SELECT jxlink.add_material(:'lic', 'transfer_letter', '移送函') IS NOT NULL AS a,
       jxlink.add_material(:'lic', 'case_source', '网格上报材料') IS NOT NULL AS b,
       jxlink.add_material(:'lic', 'preliminary_evidence', '责令改正通知书') IS NOT NULL AS c;
SELECT jxlink.submit_referral(:'lic', '2024-10-18 09:00+08');
RESET ROLE; SET ROLE regress_econ_lead;
SELECT jxlink.approve_referral(:'lic', '2024-10-18 10:00+08');
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.transfer_referral(:'lic', '新经发移〔2024〕15号', '2024-10-18 11:00+08');
SELECT jxlink.report_licence_followup(:'lic', '当事人已于 2024-11-01 取得许可', '2024-11-04 09:00+08');
RESET ROLE;
SELECT * FROM pg_temp.ledger(:'lic');

\i test/fixture/street_drop.sql
