-- jxlink 0.15.0 -> 0.16.0: beyond one machine (issue 14): on a hot standby, a function that would write the
-- record refuses with 25006 and says the server is a standby (require_primary, also in the C referral path);
-- logical replication into an aggregation database, where replicated jurisdictions are read-only.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.16.0'" to load this file. \quit

-- Refuse to record anything on a hot standby, saying so (src/event_check.c,
-- which the C referral path calls directly): every function that writes the
-- record calls it first, through caller_staff() or itself.
CREATE FUNCTION jxlink.require_primary() RETURNS void
    LANGUAGE c STABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_require_primary';
COMMENT ON FUNCTION jxlink.require_primary() IS '（内部）在热备服务器上拒绝写入记录并说明原因（25006：记录在主服务器写入，备用服务器只供读取）。 (Internal) Refuses to record anything on a hot standby, saying so (25006: records are written on the primary; a standby serves the readers).';
REVOKE ALL ON FUNCTION jxlink.require_primary() FROM PUBLIC;

-- The staff row of the calling role, or an error.
CREATE OR REPLACE FUNCTION jxlink.caller_staff() RETURNS jxlink.staff
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff;
BEGIN
    PERFORM jxlink.require_primary();
    SELECT s.* INTO me FROM jxlink.staff s
    WHERE s.role_name = jxlink.calling_role()::text AND s.active;
    IF (SELECT count(*) FROM jxlink.staff s WHERE s.role_name = jxlink.calling_role()::text AND s.active) > 1 THEN
        RAISE EXCEPTION 'role "%" is staff in several jurisdictions', jxlink.calling_role()
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'This function acts in the jurisdiction of the caller''s unit, which is not one here.',
                  HINT = 'Map a login role to a unit of one jurisdiction (one role per jurisdiction).';
    END IF;
    IF NOT FOUND THEN
        PERFORM jxlink.local_jurisdiction();  -- says so if the street itself is not registered
        RAISE EXCEPTION 'role "%" is not registered as active staff of a unit', jxlink.calling_role()
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'An administrator maps login roles to units in jxlink.staff.';
    END IF;
    RETURN me;
END
$$;
COMMENT ON FUNCTION jxlink.caller_staff() IS '（内部）调用角色在 staff 表中的登记；未登记则报错（42501），在多个辖区登记则报错（55000）。 (Internal) The calling role''s row in staff; SQLSTATE 42501 when there is none, 55000 when it is staff in several jurisdictions.';
REVOKE ALL ON FUNCTION jxlink.caller_staff() FROM PUBLIC;

-- Record that the calling role reads a complaint's contact; 42501 if it may not.
CREATE OR REPLACE FUNCTION jxlink.record_contact_read(complaint uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    reader name := jxlink.calling_role();
    unit   uuid;
    result bigint;
BEGIN
    PERFORM jxlink.require_primary();
    IF pg_has_role(reader, 'jxlink_admin', 'MEMBER') OR pg_has_role(reader, 'jxlink_bi', 'MEMBER')
       OR (pg_has_role(session_user, 'jxlink_admin', 'MEMBER')
           AND NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user)) THEN
        RAISE EXCEPTION 'administrators and BI do not read complainants'' contacts'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = '举报人保密: administrators map staff to units; they do not read contacts, whatever their staff rows.';
    END IF;
    unit := jxlink.contact_reader_unit(reader, complaint);
    IF unit IS NULL THEN
        RAISE EXCEPTION 'not entitled to the complainant''s contact'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = '举报人保密: only the first receiver, the team it was referred to and the supervisors may read it.';
    END IF;
    INSERT INTO jxlink.contact_read (jurisdiction, complaint_id, reader_role, reader_login, reader_unit)
    SELECT c.jurisdiction, c.complaint_id, reader::text, session_user::text, unit
    FROM jxlink.complaint c WHERE c.complaint_id = complaint
    RETURNING read_no INTO result;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.record_contact_read(complaint uuid) IS '（由 read_complainant_contact 调用）记录调用角色读取某举报投诉的联系方式；无权则报错（42501），不记录。 (Called by read_complainant_contact) Record that the calling role reads a complaint''s contact; SQLSTATE 42501 and nothing recorded if it may not.';
REVOKE ALL ON FUNCTION jxlink.record_contact_read(complaint uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.record_contact_read(complaint uuid) TO jxlink_clerk, jxlink_supervisor;

-- Seal every finished quarter not yet sealed, in every jurisdiction (or the
-- given ones), from the first quarter of the ledger to the last finished one:
-- once a quarter, or daily from pg_cron (doc/municipal.md).  The ledger is
-- locked against writes while a quarter is counted (SHARE ROW EXCLUSIVE: a
-- clerk's change waits, so none slips between the count and the seal); a run
-- with nothing to seal takes no lock.  Returns the number of quarters sealed
-- (one per jurisdiction and quarter).
CREATE OR REPLACE FUNCTION jxlink.seal_quarters(jurisdictions text[] DEFAULT NULL::text[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    first_q date;
    last_q  date := (date_trunc('quarter', jxlink.local_date(now())::timestamp) - interval '3 months')::date;
    q       date;
    places  text[];
    locked  boolean := false;
    n       integer := 0;
BEGIN
    PERFORM jxlink.require_primary();
    IF jurisdictions IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(jurisdictions) AS c(code)
                                             WHERE NOT EXISTS (SELECT 1 FROM jxlink.jurisdiction j WHERE j.code = c.code)) THEN
        RAISE EXCEPTION 'unknown jurisdiction in %', jurisdictions
            USING ERRCODE = 'undefined_object', HINT = 'The codes are those of jxlink.jurisdiction.';
    END IF;
    SELECT date_trunc('quarter', min(o.due_date)::timestamp)::date INTO first_q FROM jxlink.obligation o;
    IF first_q IS NULL THEN
        RETURN 0;
    END IF;
    q := first_q;
    WHILE q <= last_q LOOP
        SELECT coalesce(array_agg(j.code ORDER BY j.code), '{}') INTO places
        FROM jxlink.jurisdiction j
        WHERE (jurisdictions IS NULL OR j.code = ANY (jurisdictions))
          -- a replicated jurisdiction's quarters are sealed by its origin and arrive sealed
          AND j.replicated_from IS NULL
          AND NOT EXISTS (SELECT 1 FROM jxlink.quarter_sealed s
                          WHERE s.jurisdiction = j.code AND s.quarter_start = q
                            AND s.judged_at = jxlink.quarter_judged_at(q) AND s.timezone = current_setting('jxlink.timezone'));
        IF cardinality(places) > 0 THEN
            IF NOT locked THEN
                LOCK TABLE jxlink.obligation IN SHARE ROW EXCLUSIVE MODE;
                locked := true;
            END IF;
            PERFORM jxlink.quarter_tally_fill(q, places);
            n := n + cardinality(places);
        END IF;
        q := (q + interval '3 months')::date;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.seal_quarters(jurisdictions text[]) IS '封存每个已结束而未封存的季度（全部辖区，或给定的辖区）：按季末评判时刻计入 quarter_tally，此后记分卡取自计数，不再逐行读台账；计数时锁定台账的写入（SHARE ROW EXCLUSIVE），无可封存时不加锁。返回封存的辖区季度数。每季度一次或每日由 pg_cron 调用（见 doc/municipal.md）。 Seals every finished quarter not yet sealed (of every jurisdiction, or the given ones): counts it into quarter_tally as judged at its end, after which the scorecards read the counts instead of the ledger''s rows; writes to the ledger wait while a quarter is counted (SHARE ROW EXCLUSIVE), a run with nothing to seal takes no lock. Returns the number of jurisdiction-quarters sealed. Run once a quarter, or daily from pg_cron (doc/municipal.md).';
REVOKE ALL ON FUNCTION jxlink.seal_quarters(jurisdictions text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.seal_quarters(jurisdictions text[]) TO jxlink_admin;

-- The sweep: for each open obligation (or the given ones) the warning of the
-- most severe threshold it has crossed is written once, unless that or a
-- more severe one exists: a sweep after a pause writes one warning per
-- obligation, not one per missed run or threshold.  Cost: the open
-- obligations only (the given ones only, when the ledger warns of those it
-- has just opened).
CREATE OR REPLACE FUNCTION jxlink.sweep_alerts(as_of timestamp with time zone DEFAULT now(), obligations uuid[] DEFAULT NULL::uuid[]) RETURNS TABLE(threshold text, written bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
DECLARE
    ids   uuid[];
    ranks integer[];
BEGIN
    PERFORM jxlink.require_primary();
    IF obligations IS NULL THEN
        SELECT array_agg(c.obligation_id), array_agg(c.rank) INTO ids, ranks
        FROM jxlink.alert_crossings(as_of) c WHERE c.rank IS NOT NULL;
    ELSE
        SELECT array_agg(c.obligation_id), array_agg(c.rank) INTO ids, ranks
        FROM jxlink.alert_crossings(as_of) c WHERE c.rank IS NOT NULL AND c.obligation_id = ANY (obligations);
    END IF;
    RETURN QUERY
    WITH fresh AS (
        SELECT c.obligation_id, (ARRAY['half', 'last_workday', 'due', 'overdue'])[c.rank] AS threshold
        FROM unnest(ids, ranks) AS c(obligation_id, rank)
        WHERE NOT EXISTS (SELECT 1 FROM jxlink.notification w
                          WHERE w.obligation_id = c.obligation_id AND w.kind = 'warning'
                            AND array_position(ARRAY['half', 'last_workday', 'due', 'overdue'], w.threshold) >= c.rank)),
    written AS (
        INSERT INTO jxlink.notification AS w (jurisdiction, recipient_unit, kind, threshold, obligation_id, subject_type, subject_id, body)
        SELECT o.jurisdiction, o.owner_unit, 'warning', f.threshold, o.obligation_id, o.subject_type, o.subject_id,
               jxlink.notification_text(CASE f.threshold WHEN 'half' THEN '期限过半'
                                                         WHEN 'last_workday' THEN '即将到期'
                                                         WHEN 'due' THEN '已到期未办结'
                                                         ELSE '逾期未办结' END, o, u.name_zh, k.label_zh)
        FROM fresh f JOIN jxlink.obligation o ON o.obligation_id = f.obligation_id
        JOIN jxlink.unit u ON u.unit_id = o.owner_unit
        LEFT JOIN jxlink.obligation_kind_label k ON k.kind = o.kind
        ON CONFLICT (obligation_id, threshold) WHERE kind = 'warning' DO NOTHING
        RETURNING w.threshold)
    SELECT x.threshold, count(*) FROM written x GROUP BY x.threshold ORDER BY 1;
END
$$;
COMMENT ON FUNCTION jxlink.sweep_alerts(as_of timestamp with time zone, obligations uuid[]) IS '期限预警扫描：截至某一时刻，对每项未结义务（或给定的义务）写入其已越过的最严重阈值的预警一次（期限过半、仅剩最后工作日、已到期未办结、逾期达设定工作日数，见 alert_crossings），已有同级或更严重预警者不再写；暂停后补扫每项义务只写一条。工作日按台账的日历计算：假日不算剩余工作日，最后工作日的预警在最后一个工作日发出。返回各阈值写入的条数；反复运行结果不变。管理员或定时任务（pg_cron）调用。 The deadline sweep: as of an instant, for each open obligation (or the given ones), writes once a warning of the most severe threshold it has crossed (half the period, the last working day, due, overdue by the set working days: see alert_crossings) unless one of that or a more severe threshold exists: after a pause, one warning per obligation. Working days are the ledger''s calendar: a holiday is not a working day left, so the last-day warning comes on the last working day. Returns how many were written per threshold; running it again writes nothing. Called by administrators or a scheduled job (pg_cron).';
REVOKE ALL ON FUNCTION jxlink.sweep_alerts(as_of timestamp with time zone, obligations uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.sweep_alerts(as_of timestamp with time zone, obligations uuid[]) TO jxlink_admin, jxlink_sender;

-- Delivery: a sender claims a batch - pending and due for a (re)try, or
-- claimed by a sender whose lease ran out - in the order written; rows another
-- sender is claiming at the same moment are skipped, never shared.
CREATE OR REPLACE FUNCTION jxlink.claim_notifications(batch integer DEFAULT 50, lease interval DEFAULT '00:05:00'::interval) RETURNS SETOF jxlink.notification
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    PERFORM jxlink.require_primary();
    IF batch IS NULL OR batch < 1 OR batch > 10000 OR lease IS NULL OR lease <= interval '0' THEN
        RAISE EXCEPTION 'invalid claim: batch %, lease %', batch, lease
            USING ERRCODE = 'invalid_parameter_value', HINT = 'A batch of 1 to 10000 notifications and a positive lease.';
    END IF;
    RETURN QUERY
    UPDATE jxlink.notification n
    SET status = 'claimed', claimed_at = clock_timestamp(), claimed_by = jxlink.calling_role()::text, attempts = n.attempts + 1
    WHERE n.notification_id IN (
        SELECT c.notification_id FROM jxlink.notification c
        WHERE (c.status = 'pending' AND c.next_attempt_at <= clock_timestamp())
           OR (c.status = 'claimed' AND c.claimed_at < clock_timestamp() - lease)
        ORDER BY c.created_at, c.notification_id
        LIMIT batch
        FOR UPDATE SKIP LOCKED)
    RETURNING n.*;
END
$$;
COMMENT ON FUNCTION jxlink.claim_notifications(batch integer, lease interval) IS '发送程序领取一批通知（按写入顺序；待发且已到重试时刻者，或领取期限 lease 已过而未确认者）；并发领取的程序互不重复（FOR UPDATE SKIP LOCKED）。jxlink_sender 成员调用。 A sender claims a batch of notifications, in the order written: pending ones due for a (re)try, and claimed ones whose lease ran out unacknowledged; senders claiming at the same time never get the same one (FOR UPDATE SKIP LOCKED). For members of jxlink_sender.';
REVOKE ALL ON FUNCTION jxlink.claim_notifications(batch integer, lease interval) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.claim_notifications(batch integer, lease interval) TO jxlink_admin, jxlink_sender;

-- The sender's answer for a notification it claimed: delivered (error null),
-- or failed, then retried after a back-off of 2^attempts minutes (at most an
-- hour), or dead after alert_max_attempts claims.  Only the claiming sender
-- answers.
CREATE OR REPLACE FUNCTION jxlink.notification_answer(notification uuid, error text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n     jxlink.notification;
    after text;
BEGIN
    PERFORM jxlink.require_primary();
    SELECT * INTO n FROM jxlink.notification x WHERE x.notification_id = notification_answer.notification FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'notification % does not exist', notification USING ERRCODE = 'no_data_found';
    END IF;
    IF n.status <> 'claimed' OR n.claimed_by <> jxlink.calling_role()::text THEN
        RAISE EXCEPTION 'notification % is not claimed by %', notification, jxlink.calling_role()
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('It is %s%s.', n.status, CASE WHEN n.status = 'claimed' THEN ' by ' || n.claimed_by ELSE '' END),
                  HINT = 'Claim it first (claim_notifications); a lease that ran out lets another sender claim it.';
    END IF;
    after := CASE WHEN error IS NULL THEN 'delivered'
                  WHEN n.attempts >= jxlink.setting_value('alert_max_attempts', n.jurisdiction) THEN 'dead'
                  ELSE 'pending' END;
    UPDATE jxlink.notification x
    SET status = after, claimed_at = NULL,
        delivered_at = CASE WHEN after = 'delivered' THEN clock_timestamp() END,
        last_error = coalesce(error, x.last_error),
        next_attempt_at = CASE WHEN after = 'pending'
                               THEN clock_timestamp() + least(interval '1 minute' * power(2, n.attempts), interval '1 hour')
                               ELSE x.next_attempt_at END
    WHERE x.notification_id = n.notification_id;
    RETURN after;
END
$$;
COMMENT ON FUNCTION jxlink.notification_answer(notification uuid, error text) IS '（内部）发送程序对已领取通知的答复：error 为空即已投递；否则退避 2^次数 分钟（至多 1 小时）后重试，领取达 alert_max_attempts 次后停发（dead）。只有领取者可答复（55000），不存在者 P0002。返回新状态。 (Internal) The sender''s answer for a notification it claimed: error null, delivered; otherwise retried after 2^attempts minutes (at most an hour), dead after alert_max_attempts claims. Only the claiming sender answers (55000); an unknown one is P0002. Returns the new state.';
REVOKE ALL ON FUNCTION jxlink.notification_answer(notification uuid, error text) FROM PUBLIC;

-- Put each unit's digest of the day in the outbox, once per unit and day,
-- for the units with something due or overdue.  Returns how many.
CREATE OR REPLACE FUNCTION jxlink.enqueue_digests(as_of timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n integer;
BEGIN
    PERFORM jxlink.require_primary();
    INSERT INTO jxlink.notification (jurisdiction, recipient_unit, kind, digest_day, body, body_html)
    SELECT u.jurisdiction, u.unit_id, 'digest', jxlink.local_date(as_of), d.text_body, d.html_body
    FROM jxlink.unit u CROSS JOIN LATERAL jxlink.daily_digest(u.unit_id, as_of) d
    WHERE d.items > 0
      AND NOT EXISTS (SELECT 1 FROM jxlink.jurisdiction j WHERE j.code = u.jurisdiction AND j.replicated_from IS NOT NULL)
    ON CONFLICT (recipient_unit, digest_day) WHERE kind = 'digest' DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.enqueue_digests(as_of timestamp with time zone) IS '将各单位当日的每日提醒放入发件箱（有到期、临期或逾期事项的单位；每单位每日一次），返回放入数。由定时任务（pg_cron）每日早晨调用。 Puts each unit''s digest of the day in the outbox (units with something due or overdue; once per unit and day); returns how many. Called by a scheduled job (pg_cron) each morning. Units of a jurisdiction replicated into this database get theirs from its origin.';
REVOKE ALL ON FUNCTION jxlink.enqueue_digests(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.enqueue_digests(as_of timestamp with time zone) TO jxlink_admin, jxlink_sender;

-- Shipped rows arriving by logical replication are taken as the origin has them.
CREATE OR REPLACE FUNCTION jxlink.shipped_row_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    key_column text := TG_ARGV[0];
    replaced_equal boolean;
BEGIN
    -- Rows logical replication brings from an origin database (an aggregation
    -- database's subscription, sql/80_replication.sql) are the origin's as they
    -- are: a row both sides ship replaces its twin, or is skipped when equal.
    IF TG_OP <> 'TRUNCATE' AND current_setting('session_replication_role') = 'replica' THEN
        IF TG_OP = 'INSERT' THEN
            EXECUTE pg_catalog.format(
                'SELECT (t.*)::text OPERATOR(pg_catalog.=) ($1)::text FROM %I.%I t'
                ' WHERE t.%I OPERATOR(pg_catalog.=) ($1).%I', TG_TABLE_SCHEMA, TG_TABLE_NAME, key_column, key_column)
            INTO replaced_equal USING NEW;
            IF replaced_equal THEN
                RETURN NULL;
            ELSIF replaced_equal IS NOT NULL THEN
                EXECUTE pg_catalog.format('DELETE FROM %I.%I t WHERE t.%I OPERATOR(pg_catalog.=) ($1).%I',
                                          TG_TABLE_SCHEMA, TG_TABLE_NAME, key_column, key_column)
                USING NEW;
            END IF;
            RETURN NEW;
        END IF;
        RETURN CASE WHEN TG_OP = 'UPDATE' THEN NEW ELSE OLD END;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'cannot truncate %.%', TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation',
                  DETAIL = 'It holds rows shipped with jxlink, which would come back with the next restore.',
                  HINT = 'Delete the rows you added with DELETE ... WHERE origin = ''local''.';
    ELSIF TG_OP = 'UPDATE' THEN
        -- A changed shipped row is the administrator's now: pg_dump keeps it.
        IF NEW.origin OPERATOR(pg_catalog.<>) OLD.origin THEN
            RAISE EXCEPTION 'cannot change the origin of a row of %.%', TG_TABLE_SCHEMA, TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation',
                      DETAIL = 'The origin records whether a row was shipped with jxlink, edited or added locally.';
        ELSIF OLD.origin OPERATOR(pg_catalog.=) 'shipped' THEN
            NEW.origin := 'edited';
        END IF;
        RETURN NEW;
    ELSIF TG_OP = 'INSERT' THEN
        -- An edited shipped row, as pg_restore brings it back, replaces the
        -- shipped row that CREATE EXTENSION has just recreated.
        IF NEW.origin OPERATOR(pg_catalog.=) 'edited' THEN
            EXECUTE pg_catalog.format(
                'DELETE FROM %I.%I t WHERE t.origin OPERATOR(pg_catalog.=) ''shipped'''
                ' AND t.%I OPERATOR(pg_catalog.=) ($1).%I',
                TG_TABLE_SCHEMA, TG_TABLE_NAME, key_column, key_column)
            USING NEW;
        END IF;
        RETURN NEW;
    END IF;
    -- DELETE: a shipped key would come back with the next restore.
    IF OLD.origin OPERATOR(pg_catalog.<>) 'local' AND pg_catalog.pg_trigger_depth() OPERATOR(pg_catalog.=) 1 THEN
        RAISE EXCEPTION 'cannot delete the shipped row % of %.%',
                pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.->>) key_column, TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation',
                  DETAIL = 'Rows shipped with jxlink would come back with the next restore.',
                  HINT = 'Correct the row with UPDATE instead (for a date: set its kind).';
    END IF;
    RETURN OLD;
END
$_$;
COMMENT ON FUNCTION jxlink.shipped_row_guard() IS '触发器（日历、期限规则等随扩展发布的配置表）：修改过的发布行标为 edited（导出时保留，恢复时取代发布行）；发布行不可删除，表不可清空；逻辑复制带来的行（session_replication_role = replica）照来源库原样接受：与本库同键的行相同则跳过，不同则取代之。 Trigger for configuration tables shipped with rows (calendar, deadline rules): a changed shipped row becomes edited (kept by pg_dump, replacing the shipped row on restore); shipped rows cannot be deleted nor the tables truncated. Rows logical replication brings (session_replication_role = replica) are taken as the origin has them: a row equal to this database''s row of the same key is skipped, a different one replaces it.';
REVOKE ALL ON FUNCTION jxlink.shipped_row_guard() FROM PUBLIC;

-- Replicated jurisdictions are warned, digested and sealed by their origin.
CREATE OR REPLACE FUNCTION jxlink.alert_crossings(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, rank integer)
    LANGUAGE sql STABLE
    AS $$
WITH t AS (
    SELECT e.jurisdiction,
           pg_catalog.max(e.value) FILTER (WHERE e.name OPERATOR(pg_catalog.=) 'alert_fraction') AS fraction,
           pg_catalog.max(e.value) FILTER (WHERE e.name OPERATOR(pg_catalog.=) 'alert_workdays_left') AS workdays,
           pg_catalog.max(e.value) FILTER (WHERE e.name OPERATOR(pg_catalog.=) 'alert_hours_left') AS hours,
           pg_catalog.max(e.value) FILTER (WHERE e.name OPERATOR(pg_catalog.=) 'alert_overdue_workdays') AS overdue
    FROM jxlink.setting_effective e
    -- a replicated jurisdiction is warned by its origin (sql/80_replication.sql)
    WHERE NOT EXISTS (SELECT 1 FROM jxlink.jurisdiction j
                      WHERE j.code OPERATOR(pg_catalog.=) e.jurisdiction AND j.replicated_from IS NOT NULL)
    GROUP BY e.jurisdiction)
SELECT d.obligation_id,
       CASE WHEN CASE WHEN jxlink.time_limit_unit(d.period) OPERATOR(pg_catalog.=) 'hours'
                      THEN d.hours_left OPERATOR(pg_catalog.<=) t.hours
                      ELSE d.workdays_left OPERATOR(pg_catalog.<=) t.workdays END THEN 2
            WHEN d.fraction_left OPERATOR(pg_catalog.<=) t.fraction THEN 1 END
FROM jxlink.due_soon_as_of(as_of) d
JOIN t ON t.jurisdiction OPERATOR(pg_catalog.=) d.jurisdiction
JOIN jxlink.obligation o ON o.obligation_id OPERATOR(pg_catalog.=) d.obligation_id AND o.status OPERATOR(pg_catalog.=) 'open'
UNION ALL
SELECT v.obligation_id, CASE WHEN v.late_workdays OPERATOR(pg_catalog.>=) t.overdue THEN 4 ELSE 3 END
FROM jxlink.overdue_as_of(as_of) v
JOIN t ON t.jurisdiction OPERATOR(pg_catalog.=) v.jurisdiction
JOIN jxlink.obligation o ON o.obligation_id OPERATOR(pg_catalog.=) v.obligation_id AND o.status OPERATOR(pg_catalog.=) 'open'
$$;
COMMENT ON FUNCTION jxlink.alert_crossings(as_of timestamp with time zone) IS '（内部）截至某一时刻各未结义务已越过的预警阈值等级：1 期限过半（alert_fraction）、2 仅剩最后工作日（alert_workdays_left；小时期限 alert_hours_left）、3 已到期未办结、4 逾期达 alert_overdue_workdays 个工作日；阈值取义务所在辖区生效的设置，工作日按台账日历（假日不算剩余工作日）。 (Internal) The warning threshold each open obligation has crossed as of an instant, as a rank: 1 half the period gone (alert_fraction), 2 the last working day left (alert_workdays_left; an hour period: alert_hours_left), 3 due and not met, 4 late by alert_overdue_workdays working days; the settings in force in its jurisdiction, working days from the ledger''s calendar (a holiday is not a working day left).';
REVOKE ALL ON FUNCTION jxlink.alert_crossings(as_of timestamp with time zone) FROM PUBLIC;

-- A merge neither compares nor carries replicated_from.
CREATE OR REPLACE FUNCTION jxlink.merge_manifest(jurisdiction text) RETURNS TABLE(table_name text, rows bigint, checksum text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET "TimeZone" TO 'UTC'
    SET "IntervalStyle" TO 'postgres'
    SET extra_float_digits TO '1'
    AS $$
DECLARE
    t    record;
    norm text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM jxlink.jurisdiction j WHERE j.code = merge_manifest.jurisdiction) THEN
        RAISE EXCEPTION 'unknown jurisdiction "%"', merge_manifest.jurisdiction USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the jurisdiction's own row, but where it stands (home, parent)
    table_name := 'jxlink.jurisdiction';
    SELECT count(*), md5(string_agg(md5((to_jsonb(j) - '{is_local,parent,parent_level,replicated_from}'::text[])::text), ','))
    INTO rows, checksum
    FROM jxlink.jurisdiction j WHERE j.code = merge_manifest.jurisdiction;
    RETURN NEXT;
    FOR t IN SELECT m.rel FROM jxlink.merge_tables() m ORDER BY m.ord LOOP
        SELECT coalesce(string_agg(format(' || jsonb_build_object(%L, CASE WHEN x.%I IS NOT NULL THEN dense_rank() OVER (ORDER BY x.%I) END)',
                                          n.col, n.col, n.col), ''), '')
        INTO norm FROM jxlink.merge_numbered() n WHERE n.rel = t.rel;
        table_name := t.rel::text;
        EXECUTE format('SELECT count(*), md5(coalesce(string_agg(s.h, '','' ORDER BY s.h), '''')) '
                       'FROM (SELECT md5((to_jsonb(x)%s)::text) AS h FROM %s x WHERE x.jurisdiction = $1) s', norm, t.rel)
        INTO rows, checksum USING merge_manifest.jurisdiction;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION jxlink.merge_manifest(jurisdiction text) IS '合并清单：某辖区在各表的行数及与行序无关的校验和（各行 jsonb 的 MD5 排序后再取 MD5，时间按 UTC，取自序列的编号按其次序），合并前在街道库、合并后在市级库各算一次，两者应相同。仅超级用户（DBA）。 The merge manifest: per table, the rows of a jurisdiction and an order-independent checksum (MD5 of the sorted MD5s of each row as jsonb, times in UTC, numbers drawn from a sequence by their rank); run on the street database before and on the municipal one after a merge, the two are equal. Superuser (the DBA) only.';
REVOKE ALL ON FUNCTION jxlink.merge_manifest(jurisdiction text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION jxlink.merge_import(staging regclass, city text DEFAULT NULL) RETURNS TABLE(table_name text, rows bigint, checksum text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET "TimeZone" TO 'UTC'
    SET "IntervalStyle" TO 'postgres'
    SET extra_float_digits TO '1'
    AS $$
DECLARE
    hdr      jsonb;
    jcode     text;
    target   jxlink.jurisdiction;
    version  text := (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'jxlink');
    jrow     jxlink.jurisdiction;
    cols     text;
    data     jsonb;
    bad      text;
    n        record;
    t        record;
    off      bigint;
    maxv     bigint;
    offsets  jsonb := '{}';
    before   text[];
    after    text[];
BEGIN
    EXECUTE format('SELECT s.row_data FROM %s s WHERE s.table_name = ''#header''', staging) INTO hdr;
    IF hdr IS NULL OR hdr->>'format' IS DISTINCT FROM 'jxlink-merge 1' THEN
        RAISE EXCEPTION '% holds no export of jxlink.merge_export()', staging
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'In the street''s database: \copy (SELECT * FROM jxlink.merge_export(''<code>'')) TO ''street.merge''; here: CREATE TEMP TABLE staging (row_no bigint, table_name text, row_data jsonb); \copy staging FROM ''street.merge''.';
    END IF;
    jcode := hdr->'jurisdiction'->>'code';
    -- the same version on both sides
    IF hdr->>'version' IS DISTINCT FROM version THEN
        RAISE EXCEPTION 'the street''s database is at jxlink %, this one at %', hdr->>'version', version
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'ALTER EXTENSION jxlink UPDATE in both databases, export again, then merge.';
    END IF;
    -- a street (or town), not a city or part of one
    IF hdr->'jurisdiction'->>'level' = 'city' OR hdr->'jurisdiction'->>'parent' IS NOT NULL THEN
        RAISE EXCEPTION 'the export is not one street''s' USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF EXISTS (SELECT 1 FROM jxlink.jurisdiction j WHERE j.code = jcode) THEN
        RAISE EXCEPTION 'jurisdiction "%" already exists in this database', jcode
            USING ERRCODE = 'duplicate_object',
                  DETAIL = 'A street is merged once; its code names it in every table.';
    END IF;
    -- into a city: the one given, else the home jurisdiction
    SELECT * INTO target FROM jxlink.jurisdiction j
    WHERE (merge_import.city IS NULL AND j.is_local) OR j.code = merge_import.city;
    IF target.code IS NULL OR target.level <> 'city' THEN
        RAISE EXCEPTION 'this database is not a municipal one'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('%s is %s.', coalesce(merge_import.city, 'The home jurisdiction'),
                                  coalesce('a ' || target.level, 'not registered')),
                  HINT = 'Turn it into the municipal database first: SELECT jxlink.make_municipal(''<city code>'', ''<name>'').';
    END IF;
    -- the street's clerks: their roles exist here (roles are cluster-wide) and act nowhere else
    EXECUTE format('SELECT string_agg(DISTINCT s.row_data->>''role_name'', '', '') FROM %s s '
                   'WHERE s.table_name = ''jxlink.staff'' AND NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = s.row_data->>''role_name'')',
                   staging) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the street''s staff roles do not exist in this cluster: %', bad
            USING ERRCODE = 'undefined_object',
                  HINT = 'Create them first (pg_dumpall --roles-only on the street''s cluster, or CREATE ROLE ... LOGIN IN ROLE jxlink_clerk).';
    END IF;
    EXECUTE format('SELECT string_agg(DISTINCT s.row_data->>''role_name'' || '' ('' || x.jurisdiction || '')'', '', '') FROM %s s '
                   'JOIN jxlink.staff x ON x.role_name = s.row_data->>''role_name'' AND x.active '
                   'WHERE s.table_name = ''jxlink.staff'' AND (s.row_data->>''active'')::boolean', staging) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the street''s staff roles are already staff here: %', bad
            USING ERRCODE = 'duplicate_object',
                  DETAIL = 'A role acts in one jurisdiction; a clerk staff in two could act in neither.',
                  HINT = 'Rename the role on one side (ALTER ROLE ... RENAME TO and UPDATE jxlink.staff) before merging.';
    END IF;
    -- nothing the export holds is unknown here, nor of another jurisdiction
    EXECUTE format('SELECT string_agg(DISTINCT s.table_name, '', '') FROM %s s WHERE s.table_name <> ''#header'' '
                   'AND s.table_name NOT IN (SELECT m.rel::text FROM jxlink.merge_tables() m)', staging) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the export holds rows of tables this database does not merge: %', bad USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('SELECT count(*)::text FROM %s s WHERE s.table_name <> ''#header'' '
                   'AND s.row_data->>''jurisdiction'' IS DISTINCT FROM $1', staging) INTO bad USING jcode;
    IF bad <> '0' THEN
        RAISE EXCEPTION 'the export holds % rows of another jurisdiction than %', bad, jcode USING ERRCODE = 'invalid_parameter_value';
    END IF;

    SELECT array_agg(v::text ORDER BY v::text) INTO before FROM jxlink.verify_history() v;
    -- the jurisdiction, not the home one; under the city once its rows are checked
    jrow := jsonb_populate_record(NULL::jxlink.jurisdiction,
                                  hdr->'jurisdiction' || jsonb_build_object('is_local', false, 'parent', NULL, 'replicated_from', NULL));
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
    FROM pg_attribute a WHERE a.attrelid = 'jxlink.jurisdiction'::regclass AND a.attnum > 0
      AND NOT a.attisdropped AND a.attgenerated = '';
    EXECUTE format('INSERT INTO jxlink.jurisdiction (%s) SELECT %s FROM (SELECT ($1).*) x', cols, cols) USING jrow;
    -- numbers from a sequence move up past this database's
    FOR n IN SELECT * FROM jxlink.merge_numbered() m WHERE m.rel = m.base_rel AND m.col = m.base_col LOOP
        EXECUTE format('SELECT greatest(coalesce(max(x.%I), 0), coalesce(pg_sequence_last_value(%L::regclass), 0)) FROM %s x',
                       n.col, n.seq, n.rel) INTO off;
        offsets := offsets || jsonb_build_object(n.rel::text || '.' || n.col, off);
    END LOOP;
    -- every table's rows, as a restore inserts them (triggers enabled)
    FOR t IN SELECT m.rel FROM jxlink.merge_tables() m ORDER BY m.ord LOOP
        EXECUTE format('SELECT jsonb_agg(s.row_data ORDER BY s.row_no) FROM %s s WHERE s.table_name = $1', staging)
            INTO data USING t.rel::text;
        CONTINUE WHEN data IS NULL;
        FOR n IN SELECT * FROM jxlink.merge_numbered() m WHERE m.rel = t.rel LOOP
            off := (offsets->>(n.base_rel::text || '.' || n.base_col))::bigint;
            SELECT jsonb_agg(CASE WHEN jsonb_typeof(e.r->n.col) = 'number'
                                  THEN jsonb_set(e.r, ARRAY[n.col], to_jsonb((e.r->>n.col)::bigint + off)) ELSE e.r END
                             ORDER BY e.o)
            INTO data FROM jsonb_array_elements(data) WITH ORDINALITY AS e(r, o);
        END LOOP;
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
        FROM pg_attribute a WHERE a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
        EXECUTE format('INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM jsonb_populate_recordset(NULL::%s, $1)',
                       t.rel, cols, cols, t.rel) USING data;
    END LOOP;
    -- the check: the street's manifest, and no new problem in the history
    SELECT string_agg(coalesce(h.table_name, m.table_name) || format(' (%s rows there, %s here)', h.rows, m.rows), ', ')
    INTO bad
    FROM (SELECT x->>'table_name' AS table_name, (x->>'rows')::bigint AS rows, x->>'checksum' AS checksum
          FROM jsonb_array_elements(hdr->'manifest') x) h
    FULL JOIN jxlink.merge_manifest(jcode) m ON m.table_name = h.table_name
    WHERE h.rows IS DISTINCT FROM m.rows OR h.checksum IS DISTINCT FROM m.checksum;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the merged rows of % differ from the street''s', jcode
            USING ERRCODE = 'data_exception', DETAIL = 'Tables: ' || bad || '.';
    END IF;
    SELECT array_agg(v::text ORDER BY v::text) INTO after FROM jxlink.verify_history() v;
    SELECT string_agg(p, '; ') INTO bad FROM unnest(after) p WHERE p <> ALL (coalesce(before, '{}'));
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the merged history of % does not verify', jcode
            USING ERRCODE = 'data_exception', DETAIL = bad;
    END IF;
    -- under the city: its closures now apply to the street's open obligations (recomputed, recorded in obligation_move)
    UPDATE jxlink.jurisdiction j SET parent = target.code WHERE j.code = jcode;
    -- where the city's quarters are sealed, the street's finished quarters are sealed too (under the city's calendar)
    IF EXISTS (SELECT 1 FROM jxlink.quarter_sealed) THEN
        PERFORM jxlink.seal_quarters(ARRAY[jcode]);
    END IF;
    -- the sequences go on after the numbers moved up (last: setval is not undone by a refusal)
    FOR n IN SELECT * FROM jxlink.merge_numbered() m WHERE m.rel = m.base_rel AND m.col = m.base_col LOOP
        EXECUTE format('SELECT max(x.%I) FROM %s x', n.col, n.rel) INTO maxv;
        IF maxv > coalesce(pg_sequence_last_value(n.seq), 0) THEN
            PERFORM setval(n.seq, maxv);
        END IF;
    END LOOP;
    RAISE NOTICE 'merged % into %; numbers moved up by %', jcode, target.code, offsets;
    RETURN QUERY SELECT * FROM jxlink.merge_manifest(jcode);
END
$$;
COMMENT ON FUNCTION jxlink.merge_import(staging regclass, city text) IS '将街道数据库经 merge_export() 导出的行（已 \copy 入暂存表）并入本市级数据库，一个事务内完成：登记该辖区（上级为本库的市，或指定的市），按外键顺序插入各表的行（触发器照常，如恢复备份），取自序列的编号整体后移；随后核对合并清单与街道库一致、移送历史无新问题，否则全部撤销（22000）；最后将该辖区置于市之下，市的停工日随即适用于其未结义务（由台账重算，记入 obligation_move）；本库已封存季度时，该辖区已结束的季度随即封存。版本不同、非单个街道、辖区代码已存在、工作人员角色不存在或已在他处任职、本库不是市级数据库时拒绝（55000、42710、42704），不作任何改动。返回合并后的清单。仅超级用户（DBA）。 Merge the rows a street''s database exported with merge_export() (loaded with \copy into a staging table) into this municipal database, in one transaction: registers the jurisdiction (under this database''s city, or the city given), inserts every table''s rows in foreign-key order (triggers enabled, as a restore), moves numbers drawn from a sequence up; then checks that the manifest equals the street''s and the referral history has no new problem, else undoes it all (22000); last, puts the street under the city, whose closures then apply to its open obligations (recomputed by the ledger, recorded in obligation_move); where this database seals its quarters, the street''s finished quarters are sealed. Refused, changing nothing, for another version, an export that is not one street''s, a jurisdiction code that exists, staff roles missing or staff elsewhere, a database that is not municipal (55000, 42710, 42704). Returns the manifest after the merge. Superuser (the DBA) only.';
REVOKE ALL ON FUNCTION jxlink.merge_import(staging regclass, city text) FROM PUBLIC;

-- Logical replication into an aggregation database (sql/80_replication.sql):
-- a jurisdiction brought by a subscription is marked with its name and is
-- read-only here; shipped rows arrive without duplicates; applied calendar
-- rows reach open sessions; publish(), publication_tables(), verify_references().
ALTER TABLE jxlink.jurisdiction ADD COLUMN replicated_from text;
-- history entries are numbered by each database's sequence: unique within a jurisdiction
DROP INDEX jxlink.referral_history_entry_no;
CREATE UNIQUE INDEX referral_history_entry_no ON jxlink.referral_history USING btree (jurisdiction, entry_no);
COMMENT ON COLUMN jxlink.referral_history.entry_no IS '记录序号：各行写入的先后（锚点以此为界），辖区内唯一。 Entry number: the order rows were written in (an anchor covers the entries up to one); unique within the jurisdiction.';
COMMENT ON COLUMN jxlink.jurisdiction.replicated_from IS '（汇总库）带来本辖区各行的逻辑复制订阅名：本辖区在本库只读，由来源库记录（sql/80_replication.sql）；本库自己的辖区为空。仅由复制写入。 (Aggregation database) The logical replication subscription that brings this jurisdiction''s rows: the jurisdiction is read-only here and recorded in its origin database (sql/80_replication.sql); null for the database''s own jurisdictions. Written by replication only.';

CREATE FUNCTION jxlink.replicated_row_guard() RETURNS trigger
    LANGUAGE c
    AS 'MODULE_PATHNAME', 'jxlink_replicated_row_guard';
COMMENT ON FUNCTION jxlink.replicated_row_guard() IS '触发器（每张带辖区的表及 jurisdiction 表）：汇总库中，经逻辑复制汇入的辖区只读，本库会话对其各行的增删改一律拒绝（25006），须在来源库记录；jurisdiction.replicated_from 只由复制写入。复制应用进程（session_replication_role = replica）不触发。 Trigger (every table holding a jurisdiction''s rows, and jurisdiction itself): in an aggregation database a jurisdiction brought by logical replication is read-only, and any INSERT, UPDATE or DELETE of its rows by a session of this database is refused (25006): record it in the origin database. jurisdiction.replicated_from is written by replication only. The apply worker (session_replication_role = replica) does not fire it.';
REVOKE ALL ON FUNCTION jxlink.replicated_row_guard() FROM PUBLIC;

CREATE TRIGGER jurisdiction_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.jurisdiction FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER calendar_closure_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.calendar_closure FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER setting_local_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.setting_local FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER unit_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.unit FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER staff_change_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.staff_change FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER staff_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.staff FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER liaison_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.liaison FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER docno_counter_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.docno_counter FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER deadline_rule_local_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.deadline_rule_local FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER obligation_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.obligation FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER obligation_move_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.obligation_move FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER complaint_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.complaint FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER complaint_contact_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.complaint_contact FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER contact_read_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.contact_read FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER case_file_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.case_file FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER referral_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.referral FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER referral_history_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.referral_history FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER referral_material_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.referral_material FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER referral_history_anchor_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.referral_history_anchor FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER case_tipoff_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.case_tipoff FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER referral_progress_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.referral_progress FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER joint_meeting_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.joint_meeting FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER agenda_item_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.agenda_item FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER joint_meeting_attendee_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.joint_meeting_attendee FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER joint_meeting_member_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.joint_meeting_member FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER resolution_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.resolution FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER resolution_owner_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.resolution_owner FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER resolution_report_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.resolution_report FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER share_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.share FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER share_recipient_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.share_recipient FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER share_request_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.share_request FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER assistance_request_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.assistance_request FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER patrol_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.patrol FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER patrol_finding_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.patrol_finding FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER patrol_participant_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.patrol_participant FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER quarter_sealed_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.quarter_sealed FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER quarter_tally_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.quarter_tally FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER accountability_finding_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.accountability_finding FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER accountability_finding_obligation_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.accountability_finding_obligation FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER notification_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.notification FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER bulletin_issue_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.bulletin_issue FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();

CREATE FUNCTION jxlink.jurisdiction_applied() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    subscription name;
BEGIN
    -- the apply (or initial copy) worker of a subscription: its name marks the row
    SELECT s.subname INTO subscription FROM pg_catalog.pg_stat_subscription s
    WHERE s.pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid() LIMIT 1;
    IF FOUND THEN
        NEW.is_local := false;
        NEW.replicated_from := subscription;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.jurisdiction_applied() IS '触发器（jurisdiction，仅复制时触发）：逻辑复制带来的辖区记下订阅名（replicated_from，此后本库只读），且不作本库主辖区（is_local 为假，汇总库可汇入多个来源库的主辖区）。 Trigger (jurisdiction, fired under replication only): a jurisdiction brought by logical replication records the subscription''s name (replicated_from: read-only here from then on) and is never this database''s home one (is_local false, so an aggregation database takes the home jurisdictions of several origins).';
REVOKE ALL ON FUNCTION jxlink.jurisdiction_applied() FROM PUBLIC;
CREATE TRIGGER jurisdiction_applied BEFORE INSERT OR UPDATE ON jxlink.jurisdiction FOR EACH ROW EXECUTE FUNCTION jxlink.jurisdiction_applied();
ALTER TABLE jxlink.jurisdiction ENABLE REPLICA TRIGGER jurisdiction_applied;

-- logical replication fires row triggers only: the calendar of open sessions
-- is invalidated per applied row (src/calendar_sql.c, calendar_changed)
CREATE TRIGGER calendar_day_applied AFTER INSERT OR DELETE OR UPDATE ON jxlink.calendar_day FOR EACH ROW EXECUTE FUNCTION jxlink.calendar_changed();
ALTER TABLE jxlink.calendar_day ENABLE REPLICA TRIGGER calendar_day_applied;
CREATE TRIGGER calendar_year_applied AFTER INSERT OR DELETE OR UPDATE ON jxlink.calendar_year FOR EACH ROW EXECUTE FUNCTION jxlink.calendar_changed();
ALTER TABLE jxlink.calendar_year ENABLE REPLICA TRIGGER calendar_year_applied;
CREATE TRIGGER calendar_closure_applied AFTER INSERT OR DELETE OR UPDATE ON jxlink.calendar_closure FOR EACH ROW EXECUTE FUNCTION jxlink.calendar_changed();
ALTER TABLE jxlink.calendar_closure ENABLE REPLICA TRIGGER calendar_closure_applied;
CREATE TRIGGER jurisdiction_calendar_applied AFTER INSERT OR DELETE OR UPDATE ON jxlink.jurisdiction FOR EACH ROW EXECUTE FUNCTION jxlink.calendar_changed();
ALTER TABLE jxlink.jurisdiction ENABLE REPLICA TRIGGER jurisdiction_calendar_applied;

CREATE FUNCTION jxlink.publication_tables() RETURNS TABLE(ord integer, table_name regclass, published boolean, reason text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH member AS (
        SELECT c.oid::regclass AS rel, c.relname
        FROM pg_class c
        JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
                         AND d.refclassid = 'pg_extension'::regclass
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'jxlink'
        WHERE c.relkind IN ('r', 'p')
    ), placed AS (
        -- the jurisdictions and the national tables first, then the records in
        -- foreign-key order (merge_tables), the sealed quarters last
        SELECT m.rel, m.relname,
               CASE m.relname WHEN 'jurisdiction' THEN 1 WHEN 'calendar_day' THEN 2 WHEN 'calendar_year' THEN 3
                              WHEN 'deadline_rule' THEN 4 WHEN 'setting' THEN 5
                              WHEN 'quarter_sealed' THEN 1000 WHEN 'quarter_tally' THEN 1001
                              ELSE 10 + (SELECT t.ord FROM jxlink.merge_tables() t WHERE t.rel = m.rel) END AS pos
        FROM member m
    )
    SELECT row_number() OVER (ORDER BY p.pos NULLS LAST, p.relname)::integer, p.rel,
           p.pos IS NOT NULL AND p.relname NOT IN ('complaint_contact', 'contact_read', 'notification',
                                                   'staff', 'staff_change', 'liaison', 'reader_scope'),
           CASE
               WHEN p.relname IN ('complaint_contact', 'contact_read')
                   THEN 'personal data: a complainant''s contact, and its reads, stay in the origin database'
               WHEN p.relname = 'liaison'
                   THEN 'personal data: liaison persons'' names and telephones, and roles of the origin''s cluster'
               WHEN p.relname = 'notification'
                   THEN 'the outbox is delivered by the origin''s senders; a copy would be delivered twice'
               WHEN p.relname IN ('staff', 'staff_change', 'reader_scope')
                   THEN 'maps login roles of the origin''s cluster: the aggregation database grants its own readers'
               WHEN p.relname = 'jurisdiction'
                   THEN 'the jurisdictions: marked replicated_from the subscription on arrival, read-only from then on'
               WHEN p.relname IN ('calendar_day', 'calendar_year', 'deadline_rule', 'setting')
                   THEN 'national, shipped with jxlink: a row equal to the subscriber''s is skipped, another replaces it'
               WHEN p.relname IN ('quarter_sealed', 'quarter_tally')
                   THEN 'sealed quarters as the origin counted them (triggers do not count applied rows again)'
               WHEN p.pos IS NULL
                   THEN 'not classified: a table new to this version; decide in sql/80_replication.sql'
               ELSE 'records of the origin''s jurisdictions, read-only here'
           END
    FROM placed p
$$;
COMMENT ON FUNCTION jxlink.publication_tables() IS '逻辑复制的发布范围：扩展的每张表、是否发布、理由；按次序（辖区与全国共用表在前，记录按外键顺序，封存季度在后）。不发布：投诉人联系方式及其查阅记录、联络员（个人信息），通知发件箱（由来源库投递），工作人员与读者映射（来源库集群的登录角色）。 What logical replication carries: each table of the extension, whether it is published, and why, in order (the jurisdictions and national tables first, the records in foreign-key order, the sealed quarters last). Not published: complainants'' contacts and their reads, liaison persons (personal data); the notification outbox (delivered by the origin); staff and reader mappings (login roles of the origin''s cluster). For administrators.';
REVOKE ALL ON FUNCTION jxlink.publication_tables() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jxlink.publication_tables() TO jxlink_admin;

CREATE FUNCTION jxlink.publish(publication name DEFAULT 'jxlink') RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    tables text;
    n      integer;
BEGIN
    PERFORM jxlink.require_primary();
    IF EXISTS (SELECT 1 FROM jxlink.publication_tables() t WHERE NOT t.published AND t.reason LIKE 'not classified%') THEN
        RAISE EXCEPTION 'jxlink cannot publish a table it has not classified'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = (SELECT string_agg(t.table_name::text, ', ') FROM jxlink.publication_tables() t
                            WHERE t.reason LIKE 'not classified%');
    END IF;
    SELECT string_agg(t.table_name::text, ', ' ORDER BY t.ord), count(*) INTO tables, n
    FROM jxlink.publication_tables() t WHERE t.published;
    IF EXISTS (SELECT 1 FROM pg_publication p WHERE p.pubname = publish.publication) THEN
        EXECUTE format('ALTER PUBLICATION %I SET TABLE %s', publication, tables);
        EXECUTE format('ALTER PUBLICATION %I SET (publish = %L)', publication, 'insert, update, delete');
    ELSE
        EXECUTE format('CREATE PUBLICATION %I FOR TABLE %s WITH (publish = %L)', publication, tables, 'insert, update, delete');
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.publish(publication name) IS '来源库（市、镇）：创建或更新逻辑复制发布，含 publication_tables() 中发布的各表（插入、更新、删除；不含清空），返回表数。升级 jxlink 后再运行一次，使新表加入。须由超级用户（表的属主）在主库运行；wal_level 须为 logical。 In an origin database (a city or town): creates or updates the logical replication publication with the tables publication_tables() publishes (inserts, updates and deletes; no truncate); returns how many. Run it again after upgrading jxlink so that new tables join. By a superuser (the tables'' owner) on the primary; wal_level must be logical.';
REVOKE ALL ON FUNCTION jxlink.publish(publication name) FROM PUBLIC;

CREATE FUNCTION jxlink.verify_references() RETURNS TABLE(table_name regclass, constraint_name name, orphans bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    fk record;
BEGIN
    -- logical replication's apply does not check foreign keys: look for rows
    -- whose referenced row is missing (rows of a jurisdiction not subscribed,
    -- a table left out of the publication, an initial copy still running)
    FOR fk IN
        SELECT c.conrelid::regclass AS child, c.confrelid::regclass AS parent, c.conname,
               (SELECT string_agg(format('c.%I', a.attname), ', ' ORDER BY k.i)
                FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS child_cols,
               (SELECT string_agg(format('p.%I', a.attname), ', ' ORDER BY k.i)
                FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS parent_cols
        FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = 'jxlink'::regnamespace
        ORDER BY c.conrelid::regclass::text, c.conname
    LOOP
        table_name := fk.child;
        constraint_name := fk.conname;
        -- MATCH SIMPLE: a row with a null referencing column references nothing
        EXECUTE format('SELECT count(*) FROM %s c WHERE ROW(%s) IS NOT NULL'
                       ' AND NOT EXISTS (SELECT 1 FROM %s p WHERE ROW(%s) OPERATOR(pg_catalog.=) ROW(%s))',
                       fk.child, fk.child_cols, fk.parent, fk.parent_cols, fk.child_cols)
        INTO orphans;
        IF orphans > 0 THEN
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION jxlink.verify_references() IS '核对外键：列出引用行缺失的行所在的表、约束与行数（无缺失则无结果）。逻辑复制应用时不检查外键，汇总库在初次复制后、增减订阅后运行之；缺失说明有来源辖区未订阅、表未发布或初次复制未完成。 Checks the foreign keys: each table, constraint and count of rows whose referenced row is missing (no rows when none is). Logical replication does not check foreign keys when it applies rows: run it in an aggregation database after the initial copy and after adding or dropping a subscription; a missing row means a jurisdiction not subscribed, a table not published, or an initial copy still running.';
REVOKE ALL ON FUNCTION jxlink.verify_references() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jxlink.verify_references() TO jxlink_admin, jxlink_supervisor;

-- referral_overview_at reads each referral's latest obligation of each kind in one pass (it was quadratic).
CREATE OR REPLACE FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) RETURNS TABLE(referral_id uuid, jurisdiction text, case_id uuid, title text, category text, source text, discovered_at timestamp with time zone, urgent boolean, from_code text, from_name_zh text, to_code text, to_name_zh text, state jxlink.referral_state, state_name_zh text, state_name_en text, terminal boolean, letter_no text, filed_case_no text, decision_no text, decision_outcome text, transfer_count integer, return_count integer, transfer_rule text, transfer_due_at timestamp with time zone, transfer_met_at timestamp with time zone, transfer_status text, acknowledge_due_at timestamp with time zone, acknowledge_met_at timestamp with time zone, acknowledge_status text, file_case_due_at timestamp with time zone, file_case_met_at timestamp with time zone, file_case_status text, decided_at timestamp with time zone, copy_back_due_at timestamp with time zone, copy_back_met_at timestamp with time zone, copy_back_status text, last_event text, last_event_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
WITH s AS MATERIALIZED (
    SELECT s.subject_id, s.kind, s.rule_code, s.started_at, s.due_at, s.met_at, s.status
    FROM jxlink.obligation_status_at(as_of) s
    WHERE s.kind IN ('transfer', 'acknowledge', 'file_case', 'copy_back')),
-- each referral's latest obligation of each kind, one row per referral: one
-- pass over s (a lateral subquery per referral and kind scanned all of s for
-- every referral)
o AS (
    SELECT l.subject_id,
           max(l.rule_code) FILTER (WHERE l.kind = 'transfer') AS tr_rule,
           max(l.due_at) FILTER (WHERE l.kind = 'transfer') AS tr_due,
           max(l.met_at) FILTER (WHERE l.kind = 'transfer') AS tr_met,
           max(l.status) FILTER (WHERE l.kind = 'transfer') AS tr_status,
           max(l.due_at) FILTER (WHERE l.kind = 'acknowledge') AS ak_due,
           max(l.met_at) FILTER (WHERE l.kind = 'acknowledge') AS ak_met,
           max(l.status) FILTER (WHERE l.kind = 'acknowledge') AS ak_status,
           max(l.due_at) FILTER (WHERE l.kind = 'file_case') AS fc_due,
           max(l.met_at) FILTER (WHERE l.kind = 'file_case') AS fc_met,
           max(l.status) FILTER (WHERE l.kind = 'file_case') AS fc_status,
           max(l.due_at) FILTER (WHERE l.kind = 'copy_back') AS cb_due,
           max(l.met_at) FILTER (WHERE l.kind = 'copy_back') AS cb_met,
           max(l.status) FILTER (WHERE l.kind = 'copy_back') AS cb_status
    FROM (SELECT DISTINCT ON (s.subject_id, s.kind) s.subject_id, s.kind, s.rule_code, s.due_at, s.met_at, s.status
          FROM s ORDER BY s.subject_id, s.kind, s.started_at DESC) l
    GROUP BY l.subject_id)
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
       o.tr_rule, o.tr_due, o.tr_met, o.tr_status,
       o.ak_due, o.ak_met, o.ak_status,
       o.fc_due, o.fc_met, o.fc_status,
       ev.decided_at,
       o.cb_due, o.cb_met, o.cb_status,
       h.event, h.occurred_at
FROM jxlink.referral r
JOIN LATERAL (SELECT h.to_state, h.event, h.occurred_at FROM jxlink.referral_history h
              WHERE h.referral_id = r.referral_id AND h.occurred_at <= as_of
              ORDER BY h.seq DESC LIMIT 1) h ON true
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
JOIN jxlink.unit tu ON tu.unit_id = r.to_unit
JOIN jxlink.referral_states() st ON st.state OPERATOR(jxlink.=) h.to_state
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
LEFT JOIN o ON o.subject_id = r.referral_id
WHERE jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
$$;
COMMENT ON FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) IS '截至某一时刻的移送一览（列同 referral_overview）：状态、最近事件、移交与退回次数由移送历史中该时刻（按事件所称时间）以前的最后一行重建，该时刻以后才创建的移送不列出；各环节的期限、履行时间与状态同 obligation_status_at；移送函、立案号、决定书文号取届时历史所记，历史未记（早期数据）时取当前值；用于重现以往的报表。 The referral overview as of an instant (columns as in referral_overview): the state, last event and transfer and return counts rebuilt from the referral history up to that instant (by the time each event claims), referrals created later absent; each leg''s due time, time met and status as in obligation_status_at; letter, case and decision numbers as the history recorded them by then, the current ones where the history holds none (early data); reproduces a past report.';
REVOKE ALL ON FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- The documents: each unit's sums and rate written once (doc_unit_rates), the bulletin's checks written once
-- (bulletin_place; issue_bulletin no longer renders the bulletin twice).
CREATE FUNCTION jxlink.doc_unit_rates(places text[], from_date date, to_date date, judged timestamp with time zone) RETURNS TABLE(unit_id uuid, code text, name_zh text, listed boolean, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, rate numeric)
    LANGUAGE sql STABLE
    AS $$
SELECT u.unit_id, u.code, u.name_zh,
       u.active AND u.kind IN ('functional_section', 'dispatched_agency', 'enforcement_team', 'community_work_group', 'community'),
       s.total, s.met_on_time, s.met_late, s.overdue, s.not_yet_due,
       jxlink.on_time_rate(s.met_on_time, s.met_late, s.overdue, s.refused, s.waived_late)
FROM jxlink.unit u
LEFT JOIN (SELECT x.unit_id, pg_catalog.sum(x.total)::bigint AS total, pg_catalog.sum(x.met_on_time)::bigint AS met_on_time,
                  pg_catalog.sum(x.met_late)::bigint AS met_late, pg_catalog.sum(x.overdue)::bigint AS overdue,
                  pg_catalog.sum(x.not_yet_due)::bigint AS not_yet_due, pg_catalog.sum(x.refused)::bigint AS refused,
                  pg_catalog.sum(x.waived_late)::bigint AS waived_late
           FROM jxlink.unit_scorecard_at(from_date, to_date, judged) x
           WHERE x.jurisdiction OPERATOR(pg_catalog.=) ANY (places)
           GROUP BY x.unit_id) s ON s.unit_id OPERATOR(pg_catalog.=) u.unit_id
WHERE u.jurisdiction OPERATOR(pg_catalog.=) ANY (places)
$$;
COMMENT ON FUNCTION jxlink.doc_unit_rates(places text[], from_date date, to_date date, judged timestamp with time zone) IS '（文档部件）各单位某期间（按某一时刻评判）的合计与按时办结率：通报的图表与附件、会议材料的季度情况共用。listed 为图表所列单位（在用、负有时限义务的类别）；期间内无义务的单位合计为空。 (A document part) Each unit''s sums over a period, judged at an instant, with its on-time rate: shared by the bulletin''s chart and annex and the packet''s quarter. listed: the units a chart shows (active, of the kinds that owe time limits); a unit with no obligations in the period has null sums.';
REVOKE ALL ON FUNCTION jxlink.doc_unit_rates(places text[], from_date date, to_date date, judged timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.doc_unit_rates(places text[], from_date date, to_date date, judged timestamp with time zone) TO jxlink_admin, jxlink_supervisor, jxlink_bi, jxlink_clerk;

CREATE FUNCTION jxlink.bulletin_place(jurisdiction text, from_date date, to_date date) RETURNS jxlink.jurisdiction
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    j jxlink.jurisdiction;
BEGIN
    SELECT * INTO j FROM jxlink.jurisdiction x WHERE x.code = bulletin_place.jurisdiction;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown jurisdiction "%"', bulletin_place.jurisdiction USING ERRCODE = 'invalid_parameter_value';
    ELSIF NOT (j.code = ANY (jxlink.reads_jurisdictions())) THEN
        RAISE EXCEPTION 'a bulletin of "%" is printed by a role that reads it whole', j.code
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Supervisors and administrators of the jurisdiction, or a BI role with a reader scope on it (doc/bi.md).';
    END IF;
    PERFORM jxlink.period_judged_at(from_date, to_date);
    RETURN j;
END
$$;
COMMENT ON FUNCTION jxlink.bulletin_place(jurisdiction text, from_date date, to_date date) IS '（内部）通报所属辖区，经核对：辖区存在（22023），期间有效，调用者能完整读取该辖区（42501）。bulletin() 与 issue_bulletin() 共用。 (Internal) The jurisdiction a bulletin is printed for, checked: it exists (22023), the period is valid, and the caller reads the jurisdiction whole (42501). Shared by bulletin() and issue_bulletin().';
REVOKE ALL ON FUNCTION jxlink.bulletin_place(jurisdiction text, from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.bulletin_place(jurisdiction text, from_date date, to_date date) TO jxlink_admin, jxlink_supervisor, jxlink_bi, jxlink_clerk;

CREATE OR REPLACE FUNCTION jxlink.bulletin(jurisdiction text, from_date date, to_date date, as_of timestamp with time zone DEFAULT NULL::timestamp with time zone, document_no jxlink.docno DEFAULT NULL::jxlink.docno) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
DECLARE
    j        jxlink.jurisdiction;
    is_city  boolean;
    places   text[];
    judged   timestamp with time zone;
    tz       text := jxlink.local_timezone();
    today    date;
    doc      text[] := '{}';
    h        record;
    now_open record;
    labels   text[];
    rates    numeric[];
    cells    text[];
    weeks    text[];
    opens    bigint[];
    lates    bigint[];
    n_over   bigint;
    shown    constant integer := 50;
BEGIN
    j := jxlink.bulletin_place(bulletin.jurisdiction, from_date, to_date);
    judged := coalesce(bulletin.as_of, jxlink.period_judged_at(from_date, to_date));
    PERFORM jxlink.check_calendar_time(judged, 'as_of');
    today := jxlink.local_date(judged);
    is_city := j.level = 'city';
    places := jxlink.jurisdictions_under(ARRAY[j.code]);

    doc := doc || format('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title>%s</head><body>',
                         jxlink.html_text(j.name_zh || '综合行政执法协作配合情况通报（' || jxlink.doc_period(from_date, to_date) || '）'),
                         jxlink.doc_style());
    doc := doc || format('<header><h1>%s综合行政执法协作配合情况通报</h1><div class="docno">%s</div><div class="period">（%s）</div></header>',
                         jxlink.html_text(j.name_zh),
                         CASE WHEN document_no IS NULL THEN '' ELSE jxlink.html_text(document_no::text) END,
                         jxlink.html_text(jxlink.doc_period(from_date, to_date)));

    -- 一、总体情况: the period's verdicts and what is open at the instant
    SELECT sum(s.total) AS total, sum(s.met_on_time) AS met_on_time, sum(s.met_late) AS met_late,
           sum(s.overdue) AS overdue, sum(s.not_yet_due) AS not_yet_due, sum(s.waived) AS waived,
           sum(s.refused) AS refused,
           jxlink.on_time_rate(sum(s.met_on_time)::bigint, sum(s.met_late)::bigint, sum(s.overdue)::bigint, sum(s.refused)::bigint, sum(s.waived_late)::bigint) AS rate
    INTO h
    FROM jxlink.unit_scorecard_at(from_date, to_date, judged) s WHERE s.jurisdiction = ANY (places);
    SELECT sum(c.open) AS open, sum(c.overdue) AS overdue, max(c.max_late_workdays) AS worst
    INTO now_open
    FROM jxlink.jurisdiction_open_counts_at(judged) c WHERE c.jurisdiction = ANY (places);
    doc := doc || format('<h2>一、总体情况</h2><p class="lead">%s，%s各单位到期的协作配合事项共 <b>%s</b> 项，按时办结 <b>%s</b> 项，逾期办结 %s 项，到期未办结 <b>%s</b> 项，以拒绝作答 %s 项，按时办结率 <b>%s%%</b>（按综合行政执法协调协作联动机制规定的时限评判，截至%s）。截至%s，尚未办结 %s 项，其中已逾期 <b>%s</b> 项，逾期最久 %s 个工作日。</p>',
                         jxlink.html_text(jxlink.doc_period(from_date, to_date)), jxlink.html_text(j.name_zh),
                         coalesce(h.total, 0), coalesce(h.met_on_time, 0), coalesce(h.met_late, 0), coalesce(h.overdue, 0),
                         coalesce(h.refused, 0), jxlink.doc_number(100 * h.rate, 1),
                         jxlink.doc_date(today), jxlink.doc_date(today),
                         coalesce(now_open.open, 0), coalesce(now_open.overdue, 0), coalesce(now_open.worst::text, '0'));

    -- 二、各单位（市：各镇街）按时办结率, against the provisions' requirement
    IF is_city THEN
        SELECT array_agg(r.name_zh ORDER BY r.jurisdiction), array_agg(r.on_time_rate ORDER BY r.jurisdiction)
        INTO labels, rates
        FROM jxlink.jurisdiction_scorecard_at(from_date, to_date, judged) r
        WHERE r.jurisdiction = ANY (places) AND r.jurisdiction <> j.code;
    ELSE
        SELECT array_agg(r.name_zh ORDER BY r.code), array_agg(r.rate ORDER BY r.code)
        INTO labels, rates
        FROM jxlink.doc_unit_rates(places, from_date, to_date, judged) r WHERE r.listed;
    END IF;
    doc := doc || format('<h2>二、%s按时办结情况</h2>%s', CASE WHEN is_city THEN '各镇街' ELSE '各单位' END,
                         jxlink.svg_bar_chart(coalesce(labels, '{}'), coalesce(rates, '{}'), 1, '规定时限：全部按时办结'));

    -- 三、当前逾期事项: the longest overdue first
    SELECT count(*) INTO n_over FROM jxlink.overdue_as_of(judged) o WHERE o.jurisdiction = ANY (places);
    SELECT array_agg(o.row ORDER BY o.rn) INTO cells FROM (
        SELECT row_number() OVER (ORDER BY v.late_workdays DESC NULLS LAST, v.due_at, v.obligation_id) AS rn,
               ARRAY[coalesce(v.owner_name_zh, v.owner_code), coalesce(l.label_zh, v.kind), v.clause,
                     concat_ws(' ', v.subject_ref, v.subject_title),
                     jxlink.doc_date(v.due_date), coalesce(v.late_workdays::text, '―')] AS row
        FROM jxlink.overdue_as_of(judged) v
        LEFT JOIN jxlink.obligation_kind_label l ON l.kind = v.kind
        WHERE v.jurisdiction = ANY (places)) o WHERE o.rn <= shown;
    doc := doc || format('<h2>三、逾期未办结事项</h2><p class="lead">截至%s，逾期未办结 %s 项%s。</p>%s',
                         jxlink.doc_date(today), n_over,
                         CASE WHEN n_over > shown THEN format('，下表列出逾期最久的 %s 项', shown) ELSE '' END,
                         CASE WHEN n_over = 0 THEN '' ELSE
                         jxlink.doc_table(ARRAY['责任单位', '事项', '依据条款', '案件或事项', '办结期限', '逾期工作日'], cells, ARRAY[6]) END);

    -- 四、近四个季度趋势: open and overdue items every week, 52 weeks back
    SELECT array_agg(to_char(jxlink.local_date(w.at), 'MM-DD') ORDER BY w.k DESC),
           array_agg(coalesce(w.open, 0) ORDER BY w.k DESC), array_agg(coalesce(w.overdue, 0) ORDER BY w.k DESC)
    INTO weeks, opens, lates
    FROM (SELECT k, p.at, c.open, c.overdue
          FROM generate_series(0, 52) k
          -- the same local time of day, k weeks of local days earlier (no session time zone involved)
          CROSS JOIN LATERAL (SELECT jxlink.local_midnight(today - 7 * k) + (judged - jxlink.local_midnight(today)) AS at) p
          CROSS JOIN LATERAL (SELECT sum(x.open)::bigint AS open, sum(x.overdue)::bigint AS overdue
                              FROM jxlink.jurisdiction_open_counts_at(p.at) x
                              WHERE x.jurisdiction = ANY (places)) c) w;
    doc := doc || format('<h2>四、近四个季度未办结与逾期事项趋势（按周）</h2>%s',
                         jxlink.svg_line_chart(weeks, '未办结', opens, '其中逾期', lates));

    -- 五、联席会议议定事项落实情况 (三（四）4): reports due in the period or still owed
    SELECT array_agg(o.row ORDER BY o.rn) INTO cells FROM (
        SELECT row_number() OVER (ORDER BY v.due_at, v.subject_ref, v.owner_code, v.obligation_id) AS rn,
               ARRAY[concat_ws(' ', v.subject_ref, v.subject_title), coalesce(v.owner_name_zh, v.owner_code),
                     jxlink.doc_date(v.due_date),
                     CASE v.status WHEN 'met_on_time' THEN '已按时通报' WHEN 'met_late' THEN '逾期后通报'
                                   WHEN 'overdue' THEN '逾期未通报' WHEN 'due_soon' THEN '即将到期'
                                   WHEN 'pending' THEN '未到期' WHEN 'waived' THEN '免除'
                                   WHEN 'waived_late' THEN '逾期后免除' ELSE v.status END] AS row
        FROM jxlink.obligation_status_at(judged) v
        WHERE v.jurisdiction = ANY (places) AND v.kind = 'resolution_report'
          AND (v.due_date BETWEEN from_date AND to_date OR v.status IN ('overdue', 'due_soon', 'pending'))) o;
    doc := doc || text '<h2>五、联席会议议定事项落实情况</h2>'
           || CASE WHEN cells IS NULL THEN '<p class="lead">本期无应通报的议定事项。</p>'
                   ELSE jxlink.doc_table(ARRAY['议定事项', '责任单位', '通报期限', '落实通报情况'], cells) END;

    -- 六、协作配合与执法监督 (四（三）): refused cooperation, 推诿扯皮, 应立不立
    SELECT array_agg(o.row ORDER BY o.rn) INTO cells FROM (
        SELECT row_number() OVER (ORDER BY v.signals DESC, v.unit_code) AS rn,
               ARRAY[v.unit_name_zh, v.share_requests_refused::text, v.share_requests_overdue::text,
                     v.assistance_refused::text, v.assistance_unanswered::text,
                     (v.acknowledgements_overdue + v.acknowledgements_late)::text] AS row
        FROM jxlink.supervision_cooperation_at(judged) v
        WHERE v.jurisdiction = ANY (places) AND v.signals > 0) o;
    doc := doc || text '<h2>六、协作配合与执法监督</h2><p class="lead">（一）拒不履行或未按时履行协作配合义务的单位：</p>'
           || CASE WHEN cells IS NULL THEN '<p class="lead">无。</p>'
                   ELSE jxlink.doc_table(ARRAY['单位', '拒绝共享', '共享逾期', '拒绝协助', '协助未答复', '受理告知逾期'], cells, ARRAY[2, 3, 4, 5, 6]) END;
    SELECT array_agg(o.row ORDER BY o.rn) INTO cells FROM (
        SELECT row_number() OVER (ORDER BY v.declines + v.returns DESC, v.last_bounce_at, v.case_id) AS rn,
               ARRAY[v.title, coalesce(u.name_zh, v.discovering_code), v.declines::text, v.returns::text] AS row
        FROM jxlink.supervision_bounced_at(judged) v
        LEFT JOIN jxlink.unit u ON u.jurisdiction = v.jurisdiction AND u.code = v.discovering_code
        WHERE v.jurisdiction = ANY (places)) o;
    doc := doc || text '<p class="lead">（二）多次不予受理或退回的案件（推诿扯皮的信号）：</p>'
           || CASE WHEN cells IS NULL THEN '<p class="lead">无。</p>'
                   ELSE jxlink.doc_table(ARRAY['案件', '发现单位', '不予受理', '退回'], cells, ARRAY[3, 4]) END;
    SELECT array_agg(o.row ORDER BY o.rn) INTO cells FROM (
        SELECT row_number() OVER (ORDER BY v.file_case_due_at, v.referral_id) AS rn,
               ARRAY[v.title, coalesce(u.name_zh, v.from_code), to_char(v.file_case_due_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI')] AS row
        FROM jxlink.supervision_unfiled_at(judged) v
        LEFT JOIN jxlink.unit u ON u.jurisdiction = v.jurisdiction AND u.code = v.from_code
        WHERE v.jurisdiction = ANY (places)) o;
    doc := doc || text '<p class="lead">（三）受理后逾期未立案的案件（应立不立的信号）：</p>'
           || CASE WHEN cells IS NULL THEN '<p class="lead">无。</p>'
                   ELSE jxlink.doc_table(ARRAY['案件', '移送单位', '应立案期限'], cells) END;

    -- 附件: the per-unit (a city: per-town, ranked) table
    IF is_city THEN
        SELECT array_agg(o.row ORDER BY o.rn) INTO cells FROM (
            SELECT row_number() OVER (ORDER BY r.rank_in_city, r.jurisdiction) AS rn,
                   ARRAY[r.rank_in_city::text, r.name_zh, r.total::text, r.met_on_time::text, r.met_late::text,
                         r.overdue::text, jxlink.doc_number(100 * r.on_time_rate, 1)] AS row
            FROM jxlink.jurisdiction_scorecard_at(from_date, to_date, judged) r
            WHERE r.jurisdiction = ANY (places) AND r.jurisdiction <> j.code) o;
        doc := doc || text '<section class="annex"><h2>附件：各镇街按时办结率排名</h2>'
               || CASE WHEN cells IS NULL THEN '<p class="lead">无。</p>'
                       ELSE jxlink.doc_table(ARRAY['名次', '镇街', '到期事项', '按时办结', '逾期办结', '到期未办结', '按时办结率（%）'], cells, ARRAY[1, 3, 4, 5, 6, 7]) END
               || text '</section>';
    ELSE
        SELECT array_agg(ARRAY[r.name_zh, r.total::text, r.met_on_time::text, r.met_late::text, r.overdue::text,
                               r.not_yet_due::text, jxlink.doc_number(100 * r.rate, 1)] ORDER BY r.code)
        INTO cells
        FROM jxlink.doc_unit_rates(places, from_date, to_date, judged) r WHERE r.total IS NOT NULL;
        doc := doc || text '<section class="annex"><h2>附件：各单位履行时限情况</h2>'
               || CASE WHEN cells IS NULL THEN '<p class="lead">无。</p>'
                       ELSE jxlink.doc_table(ARRAY['单位', '事项', '按时办结', '逾期办结', '到期未办结', '未到期', '按时办结率（%）'], cells, ARRAY[2, 3, 4, 5, 6, 7]) END
               || text '</section>';
    END IF;
    doc := doc || format('<footer>%s　%s印发　（数据截至%s %s，%s）</footer></body></html>',
                         jxlink.html_text(j.name_zh), jxlink.html_text('综合行政执法联席会议办公室'),
                         jxlink.doc_date(today), to_char(judged AT TIME ZONE tz, 'HH24:MI'), jxlink.html_text(tz));
    RETURN array_to_string(doc, '');
END
$$;
COMMENT ON FUNCTION jxlink.bulletin(jurisdiction text, from_date date, to_date date, as_of timestamp with time zone, document_no jxlink.docno) IS '综合行政执法协作配合情况通报（三（四））：某辖区（或市及其各镇街）某期间、截至某一时刻（默认为期间评判时刻）的通报，完整的 HTML 文档（内联 SVG 图表、无脚本与外部资源、A4 纵向打印样式）：总体情况、各单位（市：各镇街）按时办结率条形图（标出规定时限要求）、逾期未办结事项、近四个季度每周未办结与逾期趋势折线图、议定事项落实情况、协作配合与执法监督信号（拒绝协作、推诿扯皮、应立不立）、附件表。只经截至某时刻的函数读取：同样的数据得到逐字节相同的文档，上季度的通报可日后重印。须由完整读取该辖区的角色打印（42501）。 The bulletin of a jurisdiction (or a city with its towns) for a period, as of an instant (default: when the period is judged), as a self-contained HTML document (inline SVG charts, no scripts or fetches, A4 portrait print styles): headline figures, each unit''s (a city: each town''s) on-time rate as a bar chart against the provisions'' requirement, the items overdue, the weekly trend of open and overdue items over four quarters as a line chart, the resolutions'' follow-up, refused cooperation and supervision signals, an annex table. It reads only through the as-of functions: the same records give the same document byte for byte, and last quarter''s bulletin can be printed again later. Printed by a role that reads the jurisdiction whole (42501 otherwise).';
REVOKE ALL ON FUNCTION jxlink.bulletin(jurisdiction text, from_date date, to_date date, as_of timestamp with time zone, document_no jxlink.docno) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.bulletin(jurisdiction text, from_date date, to_date date, as_of timestamp with time zone, document_no jxlink.docno) TO jxlink_admin, jxlink_supervisor, jxlink_bi, jxlink_clerk;

CREATE OR REPLACE FUNCTION jxlink.issue_bulletin(jurisdiction text, from_date date, to_date date, issuer text, year integer DEFAULT NULL::integer) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    -- checked as the caller: only one who reads the jurisdiction whole issues it
    PERFORM jxlink.bulletin_place(issue_bulletin.jurisdiction, from_date, to_date);
    RETURN jxlink.bulletin_issue_record(
        jxlink.next_docno(issuer, coalesce(issue_bulletin.year, date_part('year', jxlink.local_date(now()))::integer)),
        issue_bulletin.jurisdiction, from_date, to_date);
END
$$;
COMMENT ON FUNCTION jxlink.issue_bulletin(jurisdiction text, from_date date, to_date date, issuer text, year integer) IS '印发通报：按机关代字从本辖区文号序列取号（next_docno，年份默认为今年），评判时刻为期间结束时（期间未完则为当前），登记于 bulletin_issue，返回印发的文档。须由监督该辖区的工作人员或管理员（登记为工作人员）印发（42501）。 Issues a bulletin: its number drawn from the issuer''s series (next_docno; the year defaults to this one), judged at the period''s end (or now while it runs), recorded in bulletin_issue; returns the document as issued. By staff who supervise the jurisdiction, or administrators registered as staff (42501 otherwise).';
REVOKE ALL ON FUNCTION jxlink.issue_bulletin(jurisdiction text, from_date date, to_date date, issuer text, year integer) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.issue_bulletin(jurisdiction text, from_date date, to_date date, issuer text, year integer) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE OR REPLACE FUNCTION jxlink.meeting_packet_html(meeting uuid) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    m      jxlink.joint_meeting;
    j      jxlink.jurisdiction;
    tz     text := jxlink.local_timezone();
    at     timestamp with time zone;
    q_from date;
    q_to   date;
    doc    text[] := '{}';
    cells  text[];
    labels text[];
    rates  numeric[];
BEGIN
    m := jxlink.meeting_packet_for(meeting_packet_html.meeting);
    SELECT * INTO j FROM jxlink.jurisdiction x WHERE x.code = m.jurisdiction;
    at := coalesce(m.held_at, m.planned_at);
    -- the quarter just ended before the meeting (a meeting early in a quarter reports the last one whole)
    q_to := (date_trunc('quarter', jxlink.local_date(at)::timestamp) - interval '1 day')::date;
    q_from := date_trunc('quarter', q_to::timestamp)::date;

    doc := doc || format('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title>%s</head><body>',
                         jxlink.html_text(j.name_zh || '综合行政执法联席会议会议材料'), jxlink.doc_style());
    doc := doc || format('<header><h1>%s综合行政执法联席会议</h1><div class="docno">%s</div><div class="period">（%s会议材料）</div></header>',
                         jxlink.html_text(j.name_zh),
                         CASE WHEN m.minutes_no IS NULL THEN '' ELSE '纪要 ' || jxlink.html_text(m.minutes_no::text) END,
                         CASE m.kind WHEN 'regular' THEN '季度例会' ELSE '专题会议' END);

    -- 一、会议基本情况
    cells := ARRAY[ARRAY['时间', jxlink.doc_date(jxlink.local_date(at)) || ' ' || to_char(at AT TIME ZONE tz, 'HH24:MI')
                            || CASE WHEN m.held_at IS NULL THEN '（计划）' ELSE '' END],
                   ARRAY['地点', coalesce(m.place, '待定')],
                   ARRAY['召集人', coalesce(m.convener, '待定')],
                   ARRAY['会议办公室', coalesce((SELECT u.name_zh FROM jxlink.unit u WHERE u.unit_id = jxlink.meeting_office(m.jurisdiction)), '―')],
                   ARRAY['成员单位', coalesce((SELECT string_agg(u.name_zh || CASE x.role WHEN 'convener' THEN '（召集）' WHEN 'office' THEN '（办公室）'
                                                                              WHEN 'supervisor' THEN '（监督）' ELSE '' END, '、' ORDER BY u.code)
                                        FROM jxlink.joint_meeting_member x JOIN jxlink.unit u ON u.unit_id = x.unit_id
                                        WHERE x.jurisdiction = m.jurisdiction), '―')],
                   ARRAY['出席', CASE WHEN m.held_at IS NULL THEN '（会议尚未召开）' ELSE
                               coalesce((SELECT string_agg(u.name_zh || CASE WHEN a.person <> '' THEN ' ' || a.person ELSE '' END, '、' ORDER BY u.code, a.person)
                                         FROM jxlink.joint_meeting_attendee a JOIN jxlink.unit u ON u.unit_id = a.unit_id
                                         WHERE a.meeting_id = m.meeting_id), '（未登记）') END],
                   ARRAY['纪要', CASE WHEN m.minutes_no IS NULL THEN '（未印发）'
                               ELSE m.minutes_no::text || '，' || jxlink.doc_date(m.minutes_issued_on) || '印发' END]];
    doc := doc || text '<h2>一、会议基本情况</h2>' || jxlink.doc_table(ARRAY['项目', '内容'], cells);

    -- 二、议题
    SELECT array_agg(o.row ORDER BY o.rn) INTO cells FROM (
        SELECT row_number() OVER (ORDER BY i.proposed_at, i.title, i.item_id) AS rn,
               ARRAY[i.title, u.name_zh, CASE WHEN i.escalated_at IS NOT NULL THEN '提交党政联席会议研究' ELSE '' END] AS row
        FROM jxlink.agenda_item i JOIN jxlink.unit u ON u.unit_id = i.proposed_by
        WHERE i.meeting_id = m.meeting_id) o;
    doc := doc || text '<h2>二、会议议题</h2>'
           || CASE WHEN cells IS NULL THEN '<p class="lead">无。</p>' ELSE jxlink.doc_table(ARRAY['议题', '提出单位', '备注'], cells) END;

    -- 三、前次议定事项落实情况 (三（四）4)
    SELECT array_agg(o.row ORDER BY o.rn) INTO cells FROM (
        SELECT row_number() OVER (ORDER BY pm.held_at, res.number, u.code) AS rn,
               ARRAY[jxlink.doc_date(jxlink.local_date(pm.held_at)), format('第%s项 %s', res.number, res.title), u.name_zh,
                     coalesce((SELECT CASE p.progress WHEN 'done' THEN '已办结：' ELSE '落实中：' END || p.note
                               FROM jxlink.resolution_report p
                               WHERE p.resolution_id = res.resolution_id AND p.unit_id = o.unit_id AND p.reported_at <= at
                               ORDER BY p.reported_at DESC LIMIT 1), '未通报'),
                     CASE WHEN EXISTS (SELECT 1 FROM jxlink.obligation ob
                                       WHERE ob.subject_id = res.resolution_id AND ob.owner_unit = o.unit_id
                                         AND ob.kind = 'resolution_report' AND ob.due_at <= at
                                         AND (ob.status = 'open' OR ob.met_at > at))
                          THEN '逾期未通报' ELSE '' END] AS row
        FROM jxlink.resolution res
        JOIN jxlink.joint_meeting pm ON pm.meeting_id = res.meeting_id
        JOIN jxlink.resolution_owner o ON o.resolution_id = res.resolution_id
        JOIN jxlink.unit u ON u.unit_id = o.unit_id
        WHERE pm.jurisdiction = m.jurisdiction AND pm.held_at < at) o;
    doc := doc || text '<h2>三、前次议定事项落实情况</h2>'
           || CASE WHEN cells IS NULL THEN '<p class="lead">无。</p>'
                   ELSE jxlink.doc_table(ARRAY['议定日期', '议定事项', '责任单位', '最近通报', '提示'], cells) END;

    -- 四、上季度各单位履行时限情况, judged at the quarter's end
    SELECT array_agg(r.name_zh ORDER BY r.code), array_agg(r.rate ORDER BY r.code),
           array_agg(ARRAY[r.name_zh, r.total::text, r.met_on_time::text, r.met_late::text, r.overdue::text,
                           jxlink.doc_number(100 * r.rate, 1)] ORDER BY r.code) FILTER (WHERE r.total > 0)
    INTO labels, rates, cells
    FROM jxlink.doc_unit_rates(ARRAY[m.jurisdiction], q_from, q_to, jxlink.period_judged_at(q_from, q_to)) r
    WHERE r.listed;
    doc := doc || format('<h2>四、%s各单位履行时限情况</h2>%s', jxlink.doc_period(q_from, q_to),
                         jxlink.svg_bar_chart(coalesce(labels, '{}'), coalesce(rates, '{}'), 1, '规定时限：全部按时办结'))
           || CASE WHEN cells IS NULL THEN '<p class="lead">本季度无到期事项。</p>'
                   ELSE jxlink.doc_table(ARRAY['单位', '到期事项', '按时办结', '逾期办结', '到期未办结', '按时办结率（%）'],
                                         cells, ARRAY[2, 3, 4, 5, 6]) END;
    doc := doc || format('<footer>%s综合行政执法联席会议办公室印发</footer></body></html>', jxlink.html_text(j.name_zh));
    RETURN array_to_string(doc, '');
END
$$;
COMMENT ON FUNCTION jxlink.meeting_packet_html(meeting uuid) IS '联席会议会议材料（三（四）），与通报同一形式的 HTML 文档：会议基本情况（时间、地点、召集人、会议办公室、成员单位、出席、纪要文号）、议题、前次议定事项及其最近通报（逾期未通报者标出）、上一季度（会前最近结束的季度，季末评判）各单位履行时限情况图表；单位写名称不写代码。会议办公室、成员单位与出席单位的工作人员、监督、管理员打印的内容相同（42501、P0002 见 meeting_packet_for）。 The joint meeting''s packet (三（四）) as an HTML document in the bulletin''s form: the meeting (time, place, convener, office, members, attendance, minutes number), the agenda, the earlier resolutions with their latest reports (overdue ones marked), and the scorecard of the quarter just ended (judged at its end) as chart and table; units by name, not code. The same document for staff of its office, member and attending units, supervisors and administrators (42501, P0002: see meeting_packet_for).';
REVOKE ALL ON FUNCTION jxlink.meeting_packet_html(meeting uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.meeting_packet_html(meeting uuid) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;
