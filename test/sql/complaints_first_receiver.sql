-- Complaints under first-receiver responsibility (三（二）), walked end to end
-- as clerk roles: a community receives a complaint, refers it to the team and
-- stays responsible for the reply; a section replies directly (no violation,
-- outside scope); the team handles one on the spot.  Every refused step, and
-- who reads the complainant's contact.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
-- The obligations of a complaint.
CREATE FUNCTION pg_temp.ledger(subject uuid) RETURNS TABLE (kind text, owner text, due_at timestamptz, status text, met_late boolean, refused boolean)
LANGUAGE sql AS $$
    SELECT o.kind, u.code, o.due_at, o.status, o.met_late, o.refused FROM jxlink.obligation o JOIN jxlink.unit u ON u.unit_id = o.owner_unit
    WHERE o.subject_id = subject ORDER BY o.started_at, u.code
$$;

------------------------------------------------------------------------------
-- Complaints: first-receiver responsibility (三（二）)
------------------------------------------------------------------------------
SET ROLE regress_comm_clerk;
INSERT INTO ids SELECT 'c1', jxlink.receive_complaint('hotline', '2024-09-27 10:00+08', '某餐馆油烟扰民、无证经营', '新塘社区某路 8 号',
    'unlicensed', '{"full_name": "李某", "phone": "13800000000"}');
SELECT * FROM pg_temp.ledger(pg_temp.id('c1'));
-- verification finds a penalty due: referred to the team; the community stays responsible
INSERT INTO ids SELECT 'r1', jxlink.refer_complaint(pg_temp.id('c1'), '无证经营餐饮', false, '2024-09-30 09:00+08');
SELECT u.code AS first_receiver, c.outcome, c.referral_id = pg_temp.id('r1') AS linked_to_referral,
       r.complaint_id = c.complaint_id AS linked_back, cf.source, fu.code AS referral_from
FROM jxlink.complaint c JOIN jxlink.unit u ON u.unit_id = c.first_receiver
JOIN jxlink.referral r ON r.referral_id = c.referral_id JOIN jxlink.case_file cf ON cf.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
WHERE c.complaint_id = pg_temp.id('c1');
-- the referral goes on as any other; the complainant is answered by the community
SELECT jxlink.add_material(pg_temp.id('r1'), k, k) IS NOT NULL FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
SELECT jxlink.submit_referral(pg_temp.id('r1'), '2024-09-30 10:00+08');
RESET ROLE; SET ROLE regress_comm_lead;
SELECT jxlink.approve_referral(pg_temp.id('r1'), '2024-09-30 11:00+08');
RESET ROLE; SET ROLE regress_comm_clerk;
SELECT jxlink.transfer_referral(pg_temp.id('r1'), '新塘社移〔2024〕1号', '2024-09-30 15:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
-- the team cannot take the complaint over, nor read more than it is entitled to
SELECT pg_temp.outcome(format('SELECT jxlink.reply_complaint(%L, %L, %L, %L)', pg_temp.id('c1'), 'penalty_due', '已处理', '2024-10-08 10:00+08'));
CALL jxlink.read_complainant_contact(pg_temp.id('c1'));
RESET ROLE; SET ROLE regress_comm_clerk;
SELECT jxlink.reply_complaint(pg_temp.id('c1'), 'penalty_due', '已移送综合执法队查处', '2024-10-08 10:00+08');
SELECT u.code AS first_receiver, c.outcome, c.replied_at FROM jxlink.complaint c JOIN jxlink.unit u ON u.unit_id = c.first_receiver
WHERE c.complaint_id = pg_temp.id('c1');
SELECT * FROM pg_temp.ledger(pg_temp.id('c1'));
-- even the owner cannot reassign it
RESET ROLE;
SELECT pg_temp.outcome(format('UPDATE jxlink.complaint SET first_receiver = %L WHERE complaint_id = %L', pg_temp.unit('TEAM'), pg_temp.id('c1')));

-- No violation found: a direct reply.  Outside scope.  On the spot by the team.
SET ROLE regress_econ_clerk;
INSERT INTO ids SELECT 'c2', jxlink.receive_complaint('complaint', '2024-10-09 09:00+08', '噪音', NULL, 'other', '{"anonymous": true}');
SELECT jxlink.reply_complaint(pg_temp.id('c2'), 'no_violation', '经现场核查未发现违法行为', '2024-10-10 09:00+08');
INSERT INTO ids SELECT 'c3', jxlink.receive_complaint('petition', '2024-10-09 09:00+08', '邻里纠纷');
SELECT jxlink.reply_complaint(pg_temp.id('c3'), 'outside_scope', '不属于综合执法事项，已告知向司法所申请调解', '2024-10-09 16:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
INSERT INTO ids SELECT 'c4', jxlink.receive_complaint('report', '2024-10-09 09:00+08', '占道经营', '某路口', 'prohibited');
SELECT jxlink.handle_complaint_on_spot(pg_temp.id('c4'), '当场责令改正，已清理', '2024-10-09 11:00+08');
RESET ROLE;
SELECT c.subject, u.code, c.outcome, c.replied_at IS NOT NULL AS replied, o.status AS reply_obligation
FROM jxlink.complaint c JOIN jxlink.unit u ON u.unit_id = c.first_receiver
JOIN jxlink.obligation o ON o.subject_id = c.complaint_id ORDER BY c.received_at, c.subject;

-- Refused steps.
SET ROLE regress_econ_clerk;
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('another unit replies', format('SELECT jxlink.reply_complaint(%L, %L, %L, %L)', pg_temp.id('c1'), 'no_violation', 'x', '2024-10-20 10:00+08')),
    ('another unit refers', format('SELECT jxlink.refer_complaint(%L, %L, false, %L)', pg_temp.id('c1'), 't', '2024-10-20 10:00+08')),
    ('reply twice', format('SELECT jxlink.reply_complaint(%L, %L, %L, %L)', pg_temp.id('c2'), 'no_violation', 'x', '2024-10-20 10:00+08')),
    ('penalty reply before referring', format('SELECT jxlink.reply_complaint(jxlink.receive_complaint(%L, %L, %L), %L, %L, %L)', 'report', '2024-10-20 09:00+08', 's', 'penalty_due', 'x', '2024-10-20 10:00+08')),
    ('unknown outcome', format('SELECT jxlink.reply_complaint(%L, %L, %L, %L)', pg_temp.id('c3'), 'maybe', 'x', '2024-10-20 10:00+08')),
    ('refer without a category', format('SELECT jxlink.refer_complaint(jxlink.receive_complaint(%L, %L, %L), %L, false, %L)', 'report', '2024-10-20 09:00+08', 's', 't', '2024-10-20 10:00+08')),
    ('on the spot by a section', format('SELECT jxlink.handle_complaint_on_spot(jxlink.receive_complaint(%L, %L, %L), %L, %L)', 'report', '2024-10-20 09:00+08', 's', 'x', '2024-10-20 10:00+08')),
    ('unknown channel', $$SELECT jxlink.receive_complaint('email', '2024-10-20 09:00+08', 's')$$),
    ('unknown contact key', $$SELECT jxlink.receive_complaint('report', '2024-10-20 09:00+08', 's', NULL, NULL, '{"id_card": "x"}')$$),
    ('received in the future', $$SELECT jxlink.receive_complaint('report', '2999-10-20 09:00+08', 's')$$),
    ('read a contact not entitled to', format('SELECT jxlink.complainant_contact(%L)', pg_temp.id('c1')))
) AS t(what, stmt);
-- the section reads the contacts of the complaints it received (each read recorded),
-- not the community's; nobody reads the table directly (0.9.0)
CALL jxlink.read_complainant_contact(pg_temp.id('c2'));
CALL jxlink.read_complainant_contact(pg_temp.id('c3'));
SELECT pg_temp.outcome('SELECT count(*) FROM jxlink.complaint_contact');
RESET ROLE; SET ROLE regress_jud_clerk;
CALL jxlink.read_complainant_contact(pg_temp.id('c1'));
RESET ROLE;

\i test/fixture/street_drop.sql
