-- jxlink 0.15.0 -> 0.16.0: beyond one machine (issue 14, part): on a hot standby, a function that would write the
-- record refuses with 25006 and says the server is a standby (require_primary, also in the C referral path).
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
    ON CONFLICT (recipient_unit, digest_day) WHERE kind = 'digest' DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.enqueue_digests(as_of timestamp with time zone) IS '将各单位当日的每日提醒放入发件箱（有到期、临期或逾期事项的单位；每单位每日一次），返回放入数。由定时任务（pg_cron）每日早晨调用。 Puts each unit''s digest of the day in the outbox (units with something due or overdue; once per unit and day); returns how many. Called by a scheduled job (pg_cron) each morning.';
REVOKE ALL ON FUNCTION jxlink.enqueue_digests(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.enqueue_digests(as_of timestamp with time zone) TO jxlink_admin, jxlink_sender;
