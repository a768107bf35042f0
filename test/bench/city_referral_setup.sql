-- Set-up of the transitions benchmark of test/bench/city.sh, in a database
-- filled by city_generate.sql (the city or the one street), run as superuser:
-- in every town a leader of SEC-01 (role jxlink_bench_lead_NN) and
-- :background earlier referrals of that town made through the API (each with
-- its case, its "create" history row and its transfer obligation), so that
-- every town's referral tables have the same size in both databases; in the
-- measured town :town the pgbench login role jxlink_bench_leader (leader of
-- SEC-01 there) and :clients * :per_client referrals in state draft, mapped
-- to pgbench slots by bench.slot as in referral_setup.sql, so that the same
-- test/bench/referral_transition.pgbench runs against both databases.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

SELECT format('DO $x$ BEGIN CREATE ROLE %I; EXCEPTION WHEN duplicate_object THEN NULL; END $x$; GRANT jxlink_clerk TO %I',
              r, r)
FROM (SELECT 'jxlink_bench_lead_' || right(code, 2) AS r FROM jxlink.jurisdiction WHERE level <> 'city'
      UNION ALL SELECT 'jxlink_bench_leader') x \gexec
ALTER ROLE jxlink_bench_leader LOGIN;
INSERT INTO jxlink.staff (jurisdiction, role_name, unit_id, full_name, is_leader)
SELECT u.jurisdiction, r.role_name, u.unit_id, '分管领导（基准测试）', true
FROM jxlink.unit u
CROSS JOIN LATERAL (VALUES ('jxlink_bench_lead_' || right(u.jurisdiction, 2))) AS r(role_name)
WHERE u.code = 'SEC-01'
UNION ALL
SELECT u.jurisdiction, 'jxlink_bench_leader', u.unit_id, '分管领导（基准测试）', true
FROM jxlink.unit u WHERE u.code = 'SEC-01' AND u.jurisdiction = :'town';

-- each town's earlier referrals, made by its own leader
SELECT format($f$SET ROLE %I; SELECT count(jxlink.create_referral(jxlink.open_case('licensed', 'patrol', 'earlier case ' || g,
                  now() - interval '2 hours'))) FROM generate_series(1, %s) AS g; RESET ROLE$f$,
              'jxlink_bench_lead_' || right(code, 2), :background)
FROM jxlink.jurisdiction WHERE level <> 'city' ORDER BY code \gexec

CREATE SCHEMA bench;
CREATE TABLE bench.slot (slot integer PRIMARY KEY, referral_id uuid NOT NULL UNIQUE);
GRANT USAGE ON SCHEMA bench TO jxlink_bench_leader;
GRANT SELECT, INSERT ON bench.slot TO jxlink_bench_leader;
SET ROLE jxlink_bench_leader;
INSERT INTO bench.slot (slot, referral_id)
SELECT g - 1, jxlink.create_referral(jxlink.open_case('licensed', 'patrol', 'benchmark case ' || g,
                                                       now() - interval '1 hour'))
FROM generate_series(1, :clients * :per_client) AS g;
-- one pair by hand, so that a broken set-up fails here rather than in pgbench
SELECT jxlink.submit_referral(referral_id) AS submitted FROM bench.slot WHERE slot = 0 \gset
SELECT jxlink.send_back_referral(referral_id, 'set-up check') AS sent_back FROM bench.slot WHERE slot = 0 \gset
RESET ROLE;
SELECT :'submitted' = 'awaiting_approval' AND :'sent_back' = 'draft'
       AND (SELECT count(*) FROM jxlink.referral r JOIN bench.slot s USING (referral_id) WHERE r.jurisdiction = :'town')
           = :clients * :per_client AS ok \gset
\if :ok
\else
\echo 'set-up check failed: submit gave' :'submitted' ', send back gave' :'sent_back'
\quit 1
\endif
VACUUM ANALYZE;
