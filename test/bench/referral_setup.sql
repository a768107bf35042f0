-- Set-up of the referral benchmark (test/bench/referral.sh), run as superuser
-- in a throwaway cluster: one section whose leader may both submit and send
-- back (a leader is staff of the sending unit), :background earlier referrals,
-- :clients * :per_client referrals in state draft, and bench.slot mapping
-- pgbench slots to them.
-- Client c only ever touches slots c * :per_client .. c * :per_client + :per_client - 1,
-- so clients never wait for each other and every pair of transitions succeeds.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

-- the version under test: :version if given (to compare releases), else the default
SELECT coalesce(nullif(:'version', ''), default_version) AS version
FROM pg_available_extensions WHERE name = 'jxlink' \gset
CREATE EXTENSION jxlink VERSION :'version';

INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, is_local)
VALUES ('350582-xintang', '新塘街道', 'Xintang Street', true);
INSERT INTO jxlink.unit (code, kind, name_zh, name_en) VALUES
    ('planning', 'functional_section', '规划建设办', 'Planning and construction office'),
    ('team', 'enforcement_team', '综合行政执法队', 'Comprehensive enforcement team');

-- pgbench logs in as the leader (password: the cluster's, over localhost);
-- for the team's answers it sets role jxlink_bench_team, a clerk of the team
CREATE ROLE jxlink_bench_leader LOGIN PASSWORD :'password';
CREATE ROLE jxlink_bench_team;
GRANT jxlink_clerk TO jxlink_bench_leader, jxlink_bench_team;
GRANT jxlink_bench_team TO jxlink_bench_leader;
INSERT INTO jxlink.staff (role_name, unit_id, full_name, is_leader)
SELECT r.role_name, u.unit_id, r.full_name, r.is_leader
FROM (VALUES ('jxlink_bench_leader', 'planning', '分管领导（基准测试）', true),
             ('jxlink_bench_team', 'team', '执法队经办人（基准测试）', false)) AS r(role_name, code, full_name, is_leader)
JOIN jxlink.unit u ON u.code = r.code;

CREATE SCHEMA bench;
CREATE TABLE bench.slot (slot integer PRIMARY KEY, referral_id uuid NOT NULL UNIQUE);
GRANT USAGE ON SCHEMA bench TO jxlink_bench_leader, jxlink_bench_team;
GRANT SELECT, INSERT ON bench.slot TO jxlink_bench_leader, jxlink_bench_team;
-- the baseline's bare UPDATE, run by the same login role
GRANT UPDATE (extension_reason) ON jxlink.referral TO jxlink_bench_leader;

SET ROLE jxlink_bench_leader;
-- the street's earlier referrals (:background of them, each with its
-- "create" history row), which no client touches: the planner sees tables of
-- a street's size, not a handful of rows it would scan whole
SELECT count(jxlink.create_referral(jxlink.open_case('licensed', 'patrol', 'earlier case ' || g,
                                                     now() - interval '2 hours')))
FROM generate_series(1, :background) AS g \gset
INSERT INTO bench.slot (slot, referral_id)
SELECT g - 1, jxlink.create_referral(jxlink.open_case('licensed', 'patrol', 'benchmark case ' || g,
                                                       now() - interval '1 hour'))
FROM generate_series(1, :clients * :per_client) AS g;
-- one pair by hand, so that a broken set-up fails here rather than in pgbench
SELECT jxlink.submit_referral(referral_id) AS submitted FROM bench.slot WHERE slot = 0 \gset
SELECT jxlink.send_back_referral(referral_id, 'set-up check') AS sent_back FROM bench.slot WHERE slot = 0 \gset
RESET ROLE;
SELECT :'submitted' = 'awaiting_approval' AND :'sent_back' = 'draft' AS ok \gset
\if :ok
\else
\echo 'set-up check failed: submit gave' :'submitted' ', send back gave' :'sent_back'
\quit 1
\endif

VACUUM ANALYZE;
