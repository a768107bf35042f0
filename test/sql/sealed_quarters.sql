-- Sealed quarters (issue 13, item 5 d): a finished quarter's scorecard counts,
-- judged at its end, kept in quarter_tally; the scorecards read them instead of
-- the ledger when a period ends with a sealed quarter judged at its end.  The
-- answer never changes: for every reader, before and after sealing, and after
-- every kind of change to the ledger or the calendar, the counts read equal
-- the counts made from the ledger (obligation_tally_at).
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/refer.sql
\i test/fixture/city.sql

-- Records of 2024-Q4 in both towns (test/fixture/city_records.sql): Xintang's
-- referral transferred in time, a referral of Chidian's SEC-ECON and of each
-- AGY-MKT left a draft (its transfer overdue), complaints received first.
\i test/fixture/city_records.sql
INSERT INTO jxlink.reader_scope (role_name, jurisdiction, department)
SELECT v.r, v.j, (SELECT unit_id FROM jxlink.unit WHERE code = v.d)
FROM (VALUES ('regress_xt_bi', '350582-xintang', NULL), ('regress_city_bi', '350582', NULL),
             ('regress_mktbureau_bi', NULL, 'CITY-MKT'), ('regress_cd_sup', '350582-chidian', NULL)) AS v(r, j, d);
SELECT replace(jurisdiction, '350582-', '') AS jurisdiction, date_trunc('quarter', due_date)::date AS quarter, count(*) AS obligations
FROM jxlink.obligation WHERE due_date < '2025-01-01' GROUP BY 1, 2 ORDER BY 1, 2;

-- For a reader: the counts of a period judged at its end as the scorecards read
-- them, against the counts made from the ledger; the unit, jurisdiction and
-- department scorecards of the quarter, as a digest to compare over time.
CREATE FUNCTION pg_temp.agrees(reader text, from_date date, to_date date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE judged timestamptz := jxlink.local_midnight(to_date + 1); read text[]; counted text[];
BEGIN
    EXECUTE format('SET ROLE %I', reader);
    SELECT array_agg(t::text ORDER BY t::text) INTO read FROM jxlink.scorecard_tally_at(from_date, to_date, judged) t;
    SELECT array_agg(t::text ORDER BY t::text) INTO counted FROM jxlink.obligation_tally_at(judged, from_date, to_date) t;
    RESET ROLE;
    RETURN read IS NOT DISTINCT FROM counted;
END $$;
-- what a reader takes from the tallies for 2024-Q4, and whose tallies it reads
CREATE FUNCTION pg_temp.cut_as(reader text) RETURNS TABLE(cut date, sealed text, live_needed boolean) LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SET ROLE %I', reader);
    RETURN QUERY SELECT c.cut, array_to_string(ARRAY(SELECT replace(x, '350582-', '') FROM unnest(c.sealed) x), ' '), c.live_needed
                 FROM jxlink.sealed_cut('2024-10-01', '2024-12-31', jxlink.local_midnight('2025-01-01')) c;
    RESET ROLE;
END $$;
CREATE FUNCTION pg_temp.tallies_seen(reader text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SET ROLE %I', reader);
    RETURN QUERY SELECT DISTINCT replace(t.jurisdiction, '350582-', '') FROM jxlink.quarter_tally t ORDER BY 1;
    RESET ROLE;
END $$;
CREATE FUNCTION pg_temp.cards(reader text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE out text;
BEGIN
    EXECUTE format('SET ROLE %I', reader);
    SELECT md5(coalesce((SELECT string_agg(s::text, '|' ORDER BY s.unit_id, s.kind) FROM jxlink.unit_scorecard_for('2024-10-01', '2024-12-31') s), '')
               || coalesce((SELECT string_agg(s::text, '|' ORDER BY s.jurisdiction) FROM jxlink.jurisdiction_scorecard_for('2024-10-01', '2024-12-31') s), '')
               || coalesce((SELECT string_agg(s::text, '|' ORDER BY s.unit_id) FROM jxlink.department_scorecard_for('2024-10-01', '2024-12-31') s), ''))
    INTO out;
    RESET ROLE;
    RETURN out;
END $$;
CREATE TEMP TABLE readers (n int, r text);
INSERT INTO readers VALUES (1, 'regress_city_bi'), (2, 'regress_xt_bi'), (3, 'regress_cd_sup'), (4, 'regress_mktbureau_bi'),
    (5, 'regress_cd_clerk'), (6, 'regress_econ_clerk'), (7, 'regress_team_clerk'), (8, 'regress_citymkt'), (9, 'regress_cd_disc');
-- every reader checks every period ending 2024-12-31: the quarter, the half
-- year, the year; and a period ending inside the quarter
CREATE FUNCTION pg_temp.all_agree() RETURNS boolean LANGUAGE sql AS $$
SELECT bool_and(pg_temp.agrees(r, f, '2024-12-31') AND pg_temp.agrees(r, '2024-10-01', '2024-11-30'))
FROM readers, unnest('{2024-10-01,2024-07-01,2024-01-01}'::date[]) f
$$;
CREATE TEMP TABLE cards_before AS SELECT n, r, pg_temp.cards(r) AS cards FROM readers;

-- Before sealing: nothing is read from a tally
SELECT pg_temp.all_agree() AS agree_unsealed, count(*) AS seals FROM jxlink.quarter_sealed;

-- Only administrators seal
SET ROLE regress_econ_clerk;
SELECT pg_temp.outcome($$SELECT jxlink.seal_quarters()$$) AS clerk_seals;
RESET ROLE;
SELECT pg_temp.outcome($$SELECT jxlink.seal_quarters('{350582-nowhere}')$$) AS unknown_jurisdiction;

-- Seal every finished quarter: every jurisdiction, every quarter from the
-- ledger's first to the last finished one; a second run seals nothing
SELECT jxlink.seal_quarters() > 0 AS sealed, jxlink.seal_quarters() AS sealed_again;
SELECT replace(jurisdiction, '350582-', '') AS jurisdiction, judged_at, timezone, revised_at IS NULL AS unrevised
FROM jxlink.quarter_sealed WHERE quarter_start = '2024-10-01' ORDER BY 1;
SELECT replace(t.jurisdiction, '350582-', '') AS jurisdiction, u.code AS unit, t.kind, t.total, t.met_on_time, t.met_late, t.overdue,
       t.late_workdays_sum, t.late_count, t.max_late_workdays
FROM jxlink.quarter_tally t JOIN jxlink.unit u ON u.unit_id = t.owner_unit
WHERE t.quarter_start = '2024-10-01' ORDER BY 1, 2, 3;

-- What each reader takes from the tallies: the city's BI, a town's BI and a
-- town's supervisor read their jurisdictions whole and take them from the
-- tally, nothing from the ledger; a clerk, a department (its agencies in both
-- towns) and a town's discipline commission staff (its own unit's rows too)
-- also count the quarter's other rows they see from the ledger
SELECT n, r AS reader, s.cut, s.sealed, s.live_needed
FROM readers, LATERAL (SELECT * FROM pg_temp.cut_as(r)) s ORDER BY n;

-- The same answers, for every reader and period, and the same scorecards
SELECT pg_temp.all_agree() AS agree_sealed;
SELECT b.r AS reader, b.cards = pg_temp.cards(b.r) AS same_cards FROM cards_before b ORDER BY b.n;

-- The scorecards do read the tally: a count altered by hand shows (then resealed)
UPDATE jxlink.quarter_tally SET total = total + 1000
WHERE quarter_start = '2024-10-01' AND jurisdiction = '350582-chidian' AND kind = 'transfer';
SET ROLE regress_city_bi;
SELECT replace(jurisdiction, '350582-', '') AS jurisdiction, total FROM jxlink.jurisdiction_scorecard_for('2024-10-01', '2024-12-31') ORDER BY 1;
RESET ROLE;
SELECT jxlink.quarter_reseal('{350582-chidian}', '2024-10-01', '2024-12-31') AS resealed, pg_temp.all_agree() AS agree_resealed;

-- Meeting a 2024-Q4 item now changes nothing there (overdue at the quarter's
-- end, and stays so): no recount
SET ROLE regress_cd_clerk;
SELECT jxlink.withdraw_referral(r.referral_id, '已改正') AS withdrawn
FROM jxlink.referral r WHERE r.jurisdiction = '350582-chidian';
RESET ROLE;
SELECT count(*) FILTER (WHERE revised_at IS NOT NULL) AS revised FROM jxlink.quarter_sealed;
SELECT pg_temp.all_agree() AS agree_after_late_withdrawal;
SELECT b.r AS reader, b.cards = pg_temp.cards(b.r) AS same_cards FROM cards_before b ORDER BY b.n;

-- Changes that do change the quarter's verdicts are followed in the same
-- statement: an outcome recorded before the quarter's end, an obligation
-- added, moved to another quarter, removed (by hand, as superuser)
UPDATE jxlink.obligation SET status = 'met', met_at = '2024-12-20 10:00+08', met_late = true, met_by = 'regress'
WHERE jurisdiction = '350582-xintang' AND kind = 'transfer' AND status = 'open';
SELECT replace(jurisdiction, '350582-', '') AS jurisdiction FROM jxlink.quarter_sealed WHERE revised_at IS NOT NULL ORDER BY 1;
SELECT pg_temp.all_agree() AS agree_after_backdated_outcome;
INSERT INTO jxlink.obligation (jurisdiction, kind, subject_type, subject_id, owner_unit, counterpart_unit, rule_code, clause,
                               started_at, due_at, due_date, provisional, period)
SELECT jurisdiction, kind, subject_type, subject_id, owner_unit, counterpart_unit, rule_code, clause,
       started_at - interval '30 days', due_at - interval '30 days', due_date - 30, provisional, period
FROM jxlink.obligation WHERE jurisdiction = '350582-chidian' AND kind = 'transfer' LIMIT 1;
SELECT pg_temp.all_agree() AS agree_after_insert;
UPDATE jxlink.obligation SET due_date = '2025-01-06', due_at = '2025-01-07 00:00+08'
WHERE jurisdiction = '350582-chidian' AND kind = 'transfer' AND due_date < '2024-11-01';
SELECT pg_temp.all_agree() AS agree_after_move_out;
DELETE FROM jxlink.obligation WHERE jurisdiction = '350582-chidian' AND due_date = '2025-01-06';
SELECT pg_temp.all_agree() AS agree_after_delete;

-- A calendar change recounts the sealed quarters over its days: a national
-- rest day on 2024-12-30 (every jurisdiction), a closure of Chidian on
-- 2024-12-31 (Chidian and no other)
SELECT max(max_late_workdays) AS cd_worst_before FROM jxlink.quarter_tally
WHERE quarter_start = '2024-10-01' AND jurisdiction = '350582-chidian' \gset
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source) VALUES ('2024-12-30', 'holiday', '测试休息日', 'Test rest day', 'regress');
SELECT max(max_late_workdays) = :cd_worst_before - 1 AS cd_worst_one_day_less FROM jxlink.quarter_tally
WHERE quarter_start = '2024-10-01' AND jurisdiction = '350582-chidian';
SELECT pg_temp.all_agree() AS agree_after_national_day;
CREATE TEMP TABLE sealed_before AS SELECT jurisdiction, quarter_start, sealed_at FROM jxlink.quarter_sealed;
INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('350582-chidian', '2024-12-31', '台风停工');
SELECT replace(s.jurisdiction, '350582-', '') AS jurisdiction, s.quarter_start
FROM jxlink.quarter_sealed s JOIN sealed_before b USING (jurisdiction, quarter_start)
WHERE s.sealed_at <> b.sealed_at ORDER BY 1, 2;
SELECT pg_temp.all_agree() AS agree_after_closure;
DELETE FROM jxlink.calendar_closure WHERE jurisdiction = '350582-chidian';
DELETE FROM jxlink.calendar_day WHERE day = '2024-12-30';
SELECT pg_temp.all_agree() AS agree_after_calendar_restored;

-- Another jxlink.timezone judges at another instant: the seals are not used
SET jxlink.timezone = 'Asia/Tokyo';
SELECT s.cut, s.sealed FROM pg_temp.cut_as('regress_city_bi') s;
SELECT pg_temp.all_agree() AS agree_in_tokyo;
RESET jxlink.timezone;

-- Readers only read the tallies of the jurisdictions they read whole, and
-- write none
SELECT n, r AS reader, (SELECT string_agg(j, ' ') FROM pg_temp.tallies_seen(r) j) AS reads_tallies_of
FROM readers ORDER BY n;
SET ROLE regress_city_bi;
SELECT pg_temp.outcome($$UPDATE jxlink.quarter_tally SET total = 0$$) AS bi_alters_tally,
       pg_temp.outcome($$DELETE FROM jxlink.quarter_sealed$$) AS bi_unseals;
RESET ROLE;

DROP FUNCTION pg_temp.all_agree();
DROP TABLE readers, cards_before, sealed_before;
\i test/fixture/street_drop.sql
\i test/fixture/city_drop.sql
