/*
 * sql/70_alerts.sql - Alerts: the notification outbox, warnings before and at the deadline, delivery to any sender, the daily digest.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 *
 * jxlink knows every deadline; this tells the units.  A notification is a row
 * of jxlink.notification written in the same transaction as what causes it
 * (a rolled-back event leaves none): something new owed by a unit (an
 * obligation opened), an obligation owed to a unit met or refused, a warning
 * as a deadline nears or passes (sweep_alerts()), a unit's daily digest, the
 * provisions' own notices (a tip-off to the team, a progress note, 三（三）).
 * Every new notification is announced with NOTIFY jxlink_notification at
 * commit; a sender process (a member of jxlink_sender) claims a batch
 * (claim_notifications(): FOR UPDATE SKIP LOCKED, two senders never get the
 * same row), delivers it by SMS, DingTalk, WeCom or mail, and acknowledges
 * (ack_notification()) or releases it (release_notification(): retried with
 * a back-off, dead after alert_max_attempts).  pg_cron or any scheduler runs
 * the sweep and the digest (doc/alerts.md).
 */

CREATE TABLE jxlink.notification (
    notification_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text NOT NULL,
    recipient_unit uuid NOT NULL,
    recipient_role text,
    kind text NOT NULL,
    threshold text,
    obligation_id uuid,
    subject_type text,
    subject_id uuid,
    digest_day date,
    body text NOT NULL,
    body_html text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    status text DEFAULT 'pending' NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    claimed_at timestamp with time zone,
    claimed_by text,
    delivered_at timestamp with time zone,
    last_error text,
    CONSTRAINT notification_pkey PRIMARY KEY (notification_id),
    CONSTRAINT notification_kind_check CHECK (kind IN ('owed', 'met', 'refused', 'warning', 'digest', 'tipoff', 'progress')),
    CONSTRAINT notification_threshold_check CHECK ((kind = 'warning') = (threshold IS NOT NULL)
                                                   AND threshold IN ('half', 'last_workday', 'due', 'overdue')),
    CONSTRAINT notification_digest_check CHECK ((kind = 'digest') = (digest_day IS NOT NULL)),
    CONSTRAINT notification_status_check CHECK (status IN ('pending', 'claimed', 'delivered', 'dead')),
    CONSTRAINT notification_claim_check CHECK ((status = 'claimed') = (claimed_at IS NOT NULL)),
    CONSTRAINT notification_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code),
    CONSTRAINT notification_recipient_unit_fkey FOREIGN KEY (recipient_unit) REFERENCES jxlink.unit(unit_id)
);
-- one warning per obligation and threshold, however often the sweep runs and
-- whoever else evaluates it at the same time; one digest per unit and day
CREATE UNIQUE INDEX notification_warning_once ON jxlink.notification USING btree (obligation_id, threshold) WHERE (kind = 'warning');
CREATE UNIQUE INDEX notification_digest_once ON jxlink.notification USING btree (recipient_unit, digest_day) WHERE (kind = 'digest');
CREATE INDEX notification_to_send ON jxlink.notification USING btree (next_attempt_at) WHERE (status IN ('pending', 'claimed'));
CREATE INDEX notification_recipient ON jxlink.notification USING btree (recipient_unit, created_at);
ALTER TABLE jxlink.notification ENABLE ROW LEVEL SECURITY;
ALTER TABLE ONLY jxlink.notification FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.notification IS '通知发件箱：与引起它的事件在同一事务中写入（事件回滚则无通知）：新的待办、对方已办结或拒绝、期限预警、每日提醒；发送程序领取、投递、确认。 The notification outbox: written in the same transaction as the event that causes it (a rolled-back event leaves none): something new owed, an obligation owed to the unit met or refused, a deadline warning, the daily digest; sender processes claim, deliver and acknowledge them.';
COMMENT ON COLUMN jxlink.notification.notification_id IS '通知标识。 Notification identifier.';
COMMENT ON COLUMN jxlink.notification.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.notification.recipient_unit IS '收件单位。 Recipient unit.';
COMMENT ON COLUMN jxlink.notification.recipient_role IS '收件人（工作人员的登录角色，特指某人时）。 Recipient staff member (login role), where one is meant.';
COMMENT ON COLUMN jxlink.notification.kind IS 'owed 新的待办；met 对方已办结；refused 对方拒绝；warning 期限预警；digest 每日提醒；tipoff 违法行为正在进行的告知（三（三））；progress 案件进展通报（三（三）1）。 owed: something new owed; met: an obligation owed to the unit was met; refused: it was answered with a refusal; warning: a deadline warning; digest: the daily digest; tipoff: a violation in progress told to the team (三（三））; progress: a progress note on a case (三（三）1).';
COMMENT ON COLUMN jxlink.notification.threshold IS '预警阈值：half 期限过半、last_workday 仅剩最后工作日（小时期限：仅剩数小时）、due 已到期未办结、overdue 逾期已达设定工作日数。 Warning threshold: half the period gone, last_workday (the last working day left; for an hour period, the last hours), due (due and not met), overdue (late by the set number of working days).';
COMMENT ON COLUMN jxlink.notification.obligation_id IS '相关义务。 The obligation concerned.';
COMMENT ON COLUMN jxlink.notification.subject_type IS '事项类型。 Type of the subject.';
COMMENT ON COLUMN jxlink.notification.subject_id IS '事项标识。 Identifier of the subject.';
COMMENT ON COLUMN jxlink.notification.digest_day IS '每日提醒的日期（本地日期）。 Day of a digest (local date).';
COMMENT ON COLUMN jxlink.notification.body IS '通知正文（中文，可作短信）。 The text (Chinese, fit for an SMS).';
COMMENT ON COLUMN jxlink.notification.body_html IS '简短 HTML 正文（每日提醒，可作邮件）。 A short HTML form (digests, for mail).';
COMMENT ON COLUMN jxlink.notification.created_at IS '写入时刻。 When it was written.';
COMMENT ON COLUMN jxlink.notification.status IS 'pending 待发；claimed 已被发送程序领取；delivered 已投递；dead 多次失败后停发。 pending; claimed by a sender; delivered; dead (given up after repeated failures).';
COMMENT ON COLUMN jxlink.notification.attempts IS '已领取次数。 Times claimed.';
COMMENT ON COLUMN jxlink.notification.next_attempt_at IS '最早可再次领取的时刻（失败后退避）。 The earliest it may be claimed (again, after a back-off).';
COMMENT ON COLUMN jxlink.notification.claimed_at IS '领取时刻（领取期限过后可被他人领取）。 When it was claimed (another sender may claim it once the lease is over).';
COMMENT ON COLUMN jxlink.notification.claimed_by IS '领取的发送程序（登录角色）。 The sender (login role) that claimed it.';
COMMENT ON COLUMN jxlink.notification.delivered_at IS '确认投递的时刻。 When its delivery was acknowledged.';
COMMENT ON COLUMN jxlink.notification.last_error IS '最近一次投递失败的原因。 Why the last delivery failed.';
GRANT SELECT ON TABLE jxlink.notification TO jxlink_admin, jxlink_clerk, jxlink_supervisor;
SELECT pg_catalog.pg_extension_config_dump('jxlink.notification', '');

-- A clerk reads its own units' notifications (and those meant for it by
-- name); administrators read every one; senders go through the functions.
CREATE POLICY notification_read ON jxlink.notification FOR SELECT
USING (recipient_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR recipient_role = (current_user)::text
       OR pg_has_role(current_user, 'jxlink_admin', 'MEMBER'));
COMMENT ON POLICY notification_read ON jxlink.notification IS '工作人员读本单位的通知（及点名给本人的），管理员读全部；发送程序经函数领取。 Staff read their own units'' notifications (and those meant for them by name), administrators every one; senders claim them through the functions.';

-- Announce new notifications at commit, one NOTIFY per jurisdiction and
-- statement on the channel jxlink_notification (payload: the jurisdiction).
CREATE FUNCTION jxlink.notification_announce() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    PERFORM pg_notify('jxlink_notification', j) FROM (SELECT DISTINCT n.jurisdiction AS j FROM changed_new n) x;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.notification_announce() IS '触发器：新通知写入后，在提交时于频道 jxlink_notification 上按辖区发出 NOTIFY（载荷为辖区代码）；事务回滚则不发。 Trigger: after notifications are written, NOTIFY on the channel jxlink_notification, once per jurisdiction (the payload is its code), delivered at commit; nothing if the transaction rolls back.';
REVOKE ALL ON FUNCTION jxlink.notification_announce() FROM PUBLIC;
CREATE TRIGGER notification_announce AFTER INSERT ON jxlink.notification REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.notification_announce();

-- The text of a notification about an obligation: who, what, which subject,
-- by when.  The caller joins the owing unit's name and the kind's label: with
-- no subquery and no SET clause the planner inlines it into the statement
-- that writes the notifications (an event's cost).
CREATE FUNCTION jxlink.notification_text(lead text, o jxlink.obligation, owner_name text, kind_label text) RETURNS text
    LANGUAGE sql STABLE
    AS $$
SELECT pg_catalog.format('【%s】%s：%s%s，须于 %s 前办结（期限 %s，%s）', lead, coalesce(owner_name, '?'),
           coalesce(kind_label, o.kind),
           CASE WHEN coalesce(o.subject_ref, o.subject_title) IS NOT NULL
                THEN pg_catalog.concat('（', pg_catalog.concat_ws(' ', o.subject_ref, o.subject_title), '）') ELSE '' END,
           pg_catalog.to_char(pg_catalog.timezone(pg_catalog.current_setting('jxlink.timezone'), o.due_at), 'YYYY-MM-DD HH24:MI'),
           o.period, o.clause)
$$;
COMMENT ON FUNCTION jxlink.notification_text(lead text, o jxlink.obligation, owner_name text, kind_label text) IS '（内部）关于某项义务的通知正文：标题、负担单位（名称由调用者给出）、事项种类（名称由调用者给出）、期限（本地时间）、期限长度与依据条款；可内联。 (Internal) The text of a notification about an obligation: a heading, the owing unit (its name given by the caller), the kind (its label given by the caller), the subject, the due time (local), the period and the clause; inlinable.';
REVOKE ALL ON FUNCTION jxlink.notification_text(lead text, o jxlink.obligation, owner_name text, kind_label text) FROM PUBLIC;

-- Events: an obligation opened is owed by its unit ("待办"); one met, waived
-- or refused is news to the unit it was owed to; the provisions' own notices
-- (sql/32_case_notices.sql): a tip-off alerts the team at once, a progress
-- note the referral's other side (the text names the case and who told, not
-- what was said: what, place and note are personal data, read in the tables
-- by the units concerned).  Written by the statements that record them, in
-- their transaction.  Rows not recorded now (a merged street's history) and a
-- restore (check_function_bodies off) notify no one.
CREATE FUNCTION jxlink.notification_on_event() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    near uuid[];
BEGIN
    IF current_setting('check_function_bodies') = 'off' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'case_tipoff' THEN
        INSERT INTO jxlink.notification (jurisdiction, recipient_unit, kind, subject_type, subject_id, body)
        SELECT t.jurisdiction, t.to_unit, 'tipoff', 'case', t.case_id,
               format('【违法行为正在进行】%s %s 告知：%s（%s，%s），请即处理（三（三））',
                      to_char(t.occurred_at AT TIME ZONE current_setting('jxlink.timezone'), 'YYYY-MM-DD HH24:MI'),
                      u.name_zh, c.title,
                      CASE WHEN t.violation_stopped THEN '已制止' ELSE '未制止' END,
                      CASE WHEN t.evidence_preserved THEN '证据已保全' ELSE '证据未保全' END)
        FROM changed_new t
        JOIN jxlink.unit u ON u.unit_id = t.from_unit
        JOIN jxlink.case_file c ON c.case_id = t.case_id
        WHERE t.created_at = now();
    ELSIF TG_TABLE_NAME = 'referral_progress' THEN
        INSERT INTO jxlink.notification (jurisdiction, recipient_unit, kind, subject_type, subject_id, body)
        SELECT p.jurisdiction, p.to_unit, 'progress', 'referral', p.referral_id,
               format('【案件进展】%s %s 通报了案件进展：%s%s（三（三）1）',
                      to_char(p.occurred_at AT TIME ZONE current_setting('jxlink.timezone'), 'YYYY-MM-DD HH24:MI'),
                      u.name_zh, c.title, coalesce('，移送函 ' || r.letter_no::text, ''))
        FROM changed_new p
        JOIN jxlink.unit u ON u.unit_id = p.from_unit
        JOIN jxlink.referral r ON r.referral_id = p.referral_id
        JOIN jxlink.case_file c ON c.case_id = r.case_id
        WHERE p.created_at = now();
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO jxlink.notification (jurisdiction, recipient_unit, kind, obligation_id, subject_type, subject_id, body)
        SELECT n.jurisdiction, n.owner_unit, 'owed', n.obligation_id, n.subject_type, n.subject_id,
               jxlink.notification_text('新的待办', n, u.name_zh, k.label_zh)
        FROM changed_new n
        JOIN jxlink.unit u ON u.unit_id = n.owner_unit
        LEFT JOIN jxlink.obligation_kind_label k ON k.kind = n.kind
        WHERE n.status = 'open' AND n.created_at = now();
        -- An obligation that starts close to its deadline is warned of at
        -- once.  Most start far from every threshold: only those that may not
        -- (judged with the largest threshold values set anywhere, a wider net
        -- than any jurisdiction's) go through the sweep, which decides.
        near := ARRAY(
            SELECT n.obligation_id
            FROM changed_new n
            CROSS JOIN (SELECT max(a.value) FILTER (WHERE a.name = 'alert_fraction') + 0.001 AS fraction,
                               max(a.value) FILTER (WHERE a.name = 'alert_workdays_left') AS workdays,
                               max(a.value) FILTER (WHERE a.name = 'alert_hours_left') AS hours
                        FROM (SELECT x.name, x.value FROM jxlink.setting x
                              UNION ALL SELECT y.name, y.value FROM jxlink.setting_local y) a) m
            CROSS JOIN LATERAL (
                SELECT CASE WHEN jxlink.time_limit_unit(n.period) = 'hours'
                            THEN round(date_part('epoch', n.due_at - now())::numeric / 3600, 1)
                            ELSE jxlink.workdays_between_or_null(jxlink.local_date(now()), n.due_date, n.jurisdiction) END AS left_now,
                       CASE WHEN jxlink.time_limit_unit(n.period) = 'hours' THEN m.hours ELSE m.workdays END AS threshold,
                       jxlink.period_length(n.period, n.started_at, n.due_date) AS length) l
            WHERE n.status = 'open' AND n.created_at = now()
              AND NOT coalesce(n.due_at > now() AND l.left_now > l.threshold AND l.left_now > m.fraction * l.length, false));
        IF cardinality(near) > 0 THEN
            PERFORM jxlink.sweep_alerts(now(), near);
        END IF;
    ELSE
        INSERT INTO jxlink.notification (jurisdiction, recipient_unit, kind, obligation_id, subject_type, subject_id, body)
        SELECT n.jurisdiction, n.counterpart_unit, CASE WHEN n.refused THEN 'refused' ELSE 'met' END,
               n.obligation_id, n.subject_type, n.subject_id,
               jxlink.notification_text(CASE WHEN n.refused THEN '对方拒绝'
                                             WHEN n.status = 'waived' THEN '已免除'
                                             ELSE '对方已办结' END, n, u.name_zh, k.label_zh)
        FROM changed_old o JOIN changed_new n ON n.obligation_id = o.obligation_id
        JOIN jxlink.unit u ON u.unit_id = n.owner_unit
        LEFT JOIN jxlink.obligation_kind_label k ON k.kind = n.kind
        WHERE o.status = 'open' AND n.status <> 'open' AND n.counterpart_unit IS NOT NULL;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.notification_on_event() IS '触发器：开立义务时通知负担单位（新的待办；临近期限的同时预警）；义务履行、免除或被拒绝时通知其所指向的单位；违法行为正在进行的告知即时通知综合执法队（三（三））；案件进展通报通知移送的另一方（三（三）1），正文写明案件与告知单位，不含告知内容、地点与进展内容（个人信息）；均在同一事务中写入。非本次记录的行（合并而来的街道历史）与恢复转储时不通知。 Trigger: an obligation opened notifies the unit that owes it (something new owed; one close to its deadline is warned of at once); one met, waived or refused notifies the unit it was owed to; a tip-off of a violation in progress notifies the team at once (三（三）); a progress note notifies the referral''s other side (三（三）1), the text naming the case and who told, not what was said, where, or the note (personal data); written in the same transaction. Rows not recorded now (a merged street''s history) and a restore notify no one.';
REVOKE ALL ON FUNCTION jxlink.notification_on_event() FROM PUBLIC;
CREATE TRIGGER obligation_notify_insert AFTER INSERT ON jxlink.obligation REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.notification_on_event();
CREATE TRIGGER obligation_notify_update AFTER UPDATE ON jxlink.obligation REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.notification_on_event();

CREATE TRIGGER case_tipoff_notify AFTER INSERT ON jxlink.case_tipoff REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.notification_on_event();
CREATE TRIGGER referral_progress_notify AFTER INSERT ON jxlink.referral_progress REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.notification_on_event();

-- The thresholds each open obligation has crossed as of an instant, as a rank:
-- 1 half the period gone (alert_fraction), 2 the last working day left
-- (alert_workdays_left; an hour period: alert_hours_left), 3 due and not met,
-- 4 late by alert_overdue_workdays working days.  The thresholds are the
-- settings in force in the obligation's jurisdiction (local policy); the
-- counts are the ledger's own (due_soon_as_of, overdue_as_of): a day off is
-- not a working day left, so the last-day warning comes on the last working
-- day, never on a holiday.  Only obligations still open now.
CREATE FUNCTION jxlink.alert_crossings(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, rank integer)
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

-- The sweep: for each open obligation (or the given ones) the warning of the
-- most severe threshold it has crossed is written once, unless that or a
-- more severe one exists: a sweep after a pause writes one warning per
-- obligation, not one per missed run or threshold.  Cost: the open
-- obligations only (the given ones only, when the ledger warns of those it
-- has just opened).
CREATE FUNCTION jxlink.sweep_alerts(as_of timestamp with time zone DEFAULT now(), obligations uuid[] DEFAULT NULL::uuid[]) RETURNS TABLE(threshold text, written bigint)
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
CREATE FUNCTION jxlink.claim_notifications(batch integer DEFAULT 50, lease interval DEFAULT '00:05:00'::interval) RETURNS SETOF jxlink.notification
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
CREATE FUNCTION jxlink.notification_answer(notification uuid, error text) RETURNS text
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

CREATE FUNCTION jxlink.ack_notification(notification uuid) RETURNS text
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$ SELECT jxlink.notification_answer(notification, NULL) $$;
COMMENT ON FUNCTION jxlink.ack_notification(notification uuid) IS '发送程序确认已投递其领取的通知；返回 delivered。 A sender acknowledges the delivery of a notification it claimed; returns delivered.';
REVOKE ALL ON FUNCTION jxlink.ack_notification(notification uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.ack_notification(notification uuid) TO jxlink_admin, jxlink_sender;

CREATE FUNCTION jxlink.release_notification(notification uuid, error text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF error IS NULL OR btrim(error) = '' THEN
        RAISE EXCEPTION 'a failed delivery needs its reason' USING ERRCODE = 'null_value_not_allowed',
            HINT = 'Give the gateway''s error; acknowledge a delivery with ack_notification.';
    END IF;
    RETURN jxlink.notification_answer(notification, error);
END
$$;
COMMENT ON FUNCTION jxlink.release_notification(notification uuid, error text) IS '发送程序交回投递失败的通知（须给出原因，否则 22004）：退避后重试，领取达 alert_max_attempts 次后停发；返回 pending 或 dead。 A sender releases a notification it failed to deliver (with the reason; none is 22004): retried after a back-off, dead after alert_max_attempts claims; returns pending or dead.';
REVOKE ALL ON FUNCTION jxlink.release_notification(notification uuid, error text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.release_notification(notification uuid, error text) TO jxlink_admin, jxlink_sender;

-- A unit's daily digest, as of an instant: what falls due today, within the
-- next digest_workdays working days, and what is overdue; plain text for an
-- SMS gateway and a short HTML form for mail.  Read under the caller's
-- row-level security (a clerk: its own units).
CREATE FUNCTION jxlink.daily_digest(unit uuid, as_of timestamp with time zone DEFAULT now()) RETURNS TABLE(items integer, text_body text, html_body text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    u        jxlink.unit;
    today    date := jxlink.local_date(as_of);
    horizon  numeric;
    sections text[] := '{}';
    html     text[] := '{}';
    r        record;
    lines    text[];
    hl       text[];
    n        integer := 0;
BEGIN
    SELECT * INTO u FROM jxlink.unit x WHERE x.unit_id = daily_digest.unit;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unit % does not exist', daily_digest.unit USING ERRCODE = 'foreign_key_violation';
    END IF;
    horizon := jxlink.setting_value('digest_workdays', u.jurisdiction);
    FOR r IN
        SELECT s0.ord, s0.title, s.rows
        FROM (VALUES (1, '今日到期'), (2, format('%s 个工作日内到期', horizon)), (3, '已逾期')) AS s0(ord, title)
        CROSS JOIN LATERAL (
            SELECT array_agg(format('%s%s，须于 %s 前%s', coalesce(k.label_zh, i.kind),
                                    CASE WHEN coalesce(i.subject_ref, i.subject_title) IS NOT NULL
                                         THEN '（' || concat_ws(' ', i.subject_ref, i.subject_title) || '）' ELSE '' END,
                                    to_char(i.due_at AT TIME ZONE current_setting('jxlink.timezone'), 'MM-DD HH24:MI'),
                                    CASE WHEN i.late IS NOT NULL THEN format('，已逾期 %s 个工作日', i.late) ELSE '' END)
                             ORDER BY i.due_at, i.obligation_id) AS rows
            FROM (SELECT d.obligation_id, d.kind, d.subject_ref, d.subject_title, d.due_at, NULL::integer AS late,
                         CASE WHEN d.due_date = today THEN 1 ELSE 2 END AS ord
                  FROM jxlink.due_soon_as_of(as_of) d
                  WHERE d.owner_unit = daily_digest.unit AND (d.due_date = today OR d.workdays_left <= horizon)
                  UNION ALL
                  SELECT v.obligation_id, v.kind, v.subject_ref, v.subject_title, v.due_at, v.late_workdays, 3
                  FROM jxlink.overdue_as_of(as_of) v
                  WHERE v.owner_unit = daily_digest.unit) i
            LEFT JOIN jxlink.obligation_kind_label k ON k.kind = i.kind
            WHERE i.ord = s0.ord) s
        WHERE s.rows IS NOT NULL
        ORDER BY s0.ord
    LOOP
        lines := ARRAY(SELECT format('%s. %s', o, x) FROM unnest(r.rows) WITH ORDINALITY AS t(x, o));
        hl := ARRAY(SELECT '<li>' || replace(replace(replace(x, '&', '&amp;'), '<', '&lt;'), '>', '&gt;') || '</li>' FROM unnest(r.rows) AS x);
        sections := sections || (format('%s %s 项：', r.title, cardinality(r.rows)) || E'\n' || array_to_string(lines, E'\n'));
        html := html || format('<h4>%s（%s 项）</h4><ul>%s</ul>', r.title, cardinality(r.rows), array_to_string(hl, ''));
        n := n + cardinality(r.rows);
    END LOOP;
    items := n;
    text_body := format('【每日提醒】%s %s %s', u.name_zh, to_char(today, 'YYYY-MM-DD'),
                        (ARRAY['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'])[extract(dow FROM today)::int + 1])
                 || E'\n' || CASE WHEN n = 0 THEN '今日无到期、临期或逾期事项。' ELSE array_to_string(sections, E'\n') END;
    html_body := format('<div lang="zh-CN"><h3>每日提醒：%s %s</h3>%s</div>',
                        replace(replace(replace(u.name_zh, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), to_char(today, 'YYYY-MM-DD'),
                        CASE WHEN n = 0 THEN '<p>今日无到期、临期或逾期事项。</p>' ELSE array_to_string(html, '') END);
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION jxlink.daily_digest(unit uuid, as_of timestamp with time zone) IS '某单位截至某一时刻的每日提醒：今日到期、未来 digest_workdays 个工作日内到期、已逾期的事项；纯文本（可作短信）与简短 HTML（可作邮件）；按调用者的行级安全读取（办事人员：本单位）。 A unit''s daily digest as of an instant: what falls due today, within the next digest_workdays working days, and what is overdue; plain text (for an SMS gateway) and a short HTML form (for mail); read under the caller''s row-level security (a clerk: its own units).';
REVOKE ALL ON FUNCTION jxlink.daily_digest(unit uuid, as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.daily_digest(unit uuid, as_of timestamp with time zone) TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_sender;

-- Put each unit's digest of the day in the outbox, once per unit and day,
-- for the units with something due or overdue.  Returns how many.
CREATE FUNCTION jxlink.enqueue_digests(as_of timestamp with time zone DEFAULT now()) RETURNS integer
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
