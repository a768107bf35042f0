/*
 * sql/75_documents.sql - Documents people read (三（四）): the quarterly bulletin (通报) as a self-contained HTML document with inline SVG charts, printable on A4.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 *
 * 三（四）: the joint meeting "总结通报综合行政执法的阶段性工作情况"; the city ranks its
 * towns.  bulletin() writes, for a jurisdiction (or a city with its towns)
 * and a period, as of an instant, the document a leader, a 纪工委 officer or a
 * section chief reads: headline figures, each unit's on-time rate as a bar
 * chart against the provisions' requirement (every time limit met), the items
 * overdue at the instant, the weekly trend of open and overdue items over the
 * last four quarters as a line chart, the follow-up of the joint meeting's
 * resolutions, refused cooperation and supervision signals (应立不立, 推诿扯皮),
 * the towns ranked (a city), and the per-unit table as an annex (附件).
 *
 * It reads only through the as-of functions, and everything it prints is
 * ordered and formatted without reference to the session (no now() unless no
 * instant is given, no locale, no time zone but jxlink.timezone): the same
 * records give the same document, byte for byte, and last quarter's bulletin
 * can be printed again later.  No script, no fetch: styles inline, charts as
 * SVG, print CSS for A4 portrait.  doc/render.sh turns it into a PDF with
 * headless Chromium.
 */

-- Text for HTML: the five characters that mean something there, escaped.
CREATE FUNCTION jxlink.html_text(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
SELECT pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           coalesce(value, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION jxlink.html_text(value text) IS '将文字转为 HTML 正文或属性值（转义 & < > " ''，空值为空串）。 Text made safe for HTML content and attribute values (& < > " '' escaped; null is empty).';
GRANT ALL ON FUNCTION jxlink.html_text(value text) TO PUBLIC;

-- A number as the documents print it: fixed decimals, no locale.
CREATE FUNCTION jxlink.doc_number(value numeric, decimals integer DEFAULT 0) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
SELECT CASE WHEN value IS NULL THEN '―' ELSE pg_catalog.round(value, decimals)::text END
$$;
COMMENT ON FUNCTION jxlink.doc_number(value numeric, decimals integer) IS '（文档部件）文档中的数字：固定小数位，不受区域设置影响；空值为“―”。 (A document part) A number as the documents print it: fixed decimals, no locale; null prints as ―.';
REVOKE ALL ON FUNCTION jxlink.doc_number(value numeric, decimals integer) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.doc_number(value numeric, decimals integer) TO jxlink_admin, jxlink_supervisor, jxlink_bi, jxlink_clerk;

-- A horizontal bar chart in SVG: one bar per label, values between 0 and 1
-- drawn as percentages, a dashed line at mark with its caption.  Each bar
-- carries its value (data-value) and a tooltip, so a reader or a test can
-- check it against the data it plots.
CREATE FUNCTION jxlink.svg_bar_chart(labels text[], vals numeric[], mark numeric, mark_caption text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n      integer := coalesce(cardinality(labels), 0);
    left_w constant integer := 170;
    plot_w constant integer := 440;
    row_h  constant integer := 22;
    top    constant integer := 24;
    height integer := 24 + 22 * greatest(n, 1) + 28;
    parts  text[] := '{}';
    x      integer;
    i      integer;
BEGIN
    IF n <> coalesce(cardinality(vals), 0) THEN
        RAISE EXCEPTION 'a bar chart needs one value per label (% labels, % values)', n, coalesce(cardinality(vals), 0)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    parts := parts || format('<svg xmlns="http://www.w3.org/2000/svg" class="chart bar" width="640" height="%s" viewBox="0 0 640 %s" role="img">',
                             height, height);
    -- the scale: 0, 25, 50, 75, 100 %
    FOR i IN 0 .. 4 LOOP
        x := left_w + plot_w * i / 4;
        parts := parts || format('<line x1="%s" y1="%s" x2="%s" y2="%s" class="grid"/><text x="%s" y="%s" class="tick">%s%%</text>',
                                 x, top - 4, x, top + row_h * greatest(n, 1), x, top + row_h * greatest(n, 1) + 16, i * 25);
    END LOOP;
    FOR i IN 1 .. n LOOP
        parts := parts || format('<text x="%s" y="%s" class="label">%s</text>', left_w - 6, top + row_h * (i - 1) + 15,
                                 jxlink.html_text(labels[i]));
        IF vals[i] IS NOT NULL THEN
            parts := parts || format('<rect x="%s" y="%s" width="%s" height="%s" class="bar%s" data-label="%s" data-value="%s"><title>%s %s%%</title></rect><text x="%s" y="%s" class="value">%s%%</text>',
                                     left_w, top + row_h * (i - 1) + 3, round(plot_w * greatest(least(vals[i], 1), 0), 1), row_h - 6,
                                     CASE WHEN mark IS NOT NULL AND vals[i] < mark THEN ' below' ELSE '' END,
                                     jxlink.html_text(labels[i]), jxlink.doc_number(vals[i], 4),
                                     jxlink.html_text(labels[i]), jxlink.doc_number(100 * vals[i], 1),
                                     left_w + round(plot_w * greatest(least(vals[i], 1), 0), 1) + 4, top + row_h * (i - 1) + 15,
                                     jxlink.doc_number(100 * vals[i], 1));
        ELSE
            parts := parts || format('<text x="%s" y="%s" class="value">无到期事项</text>', left_w + 4, top + row_h * (i - 1) + 15);
        END IF;
    END LOOP;
    IF mark IS NOT NULL THEN
        x := left_w + round(plot_w * greatest(least(mark, 1), 0))::integer;
        parts := parts || format('<line x1="%s" y1="%s" x2="%s" y2="%s" class="mark" data-value="%s"/><text x="%s" y="%s" class="mark">%s</text>',
                                 x, top - 8, x, top + row_h * greatest(n, 1), jxlink.doc_number(mark, 4), x, top - 12,
                                 jxlink.html_text(mark_caption));
    END IF;
    RETURN array_to_string(parts || '</svg>'::text, '');
END
$$;
COMMENT ON FUNCTION jxlink.svg_bar_chart(labels text[], vals numeric[], mark numeric, mark_caption text) IS '横向条形图（SVG）：每个标签一条，取值 0 至 1 按百分比绘制，空值注“无到期事项”；在 mark 处画虚线并标注。每条带 data-label、data-value 与提示，便于核对所绘数据。 A horizontal bar chart (SVG): one bar per label, values 0 to 1 drawn as percentages, null written as 无到期事项; a dashed line at mark with its caption. Each bar carries data-label, data-value and a tooltip, so that it can be checked against the data it plots.';
GRANT ALL ON FUNCTION jxlink.svg_bar_chart(labels text[], vals numeric[], mark numeric, mark_caption text) TO PUBLIC;

-- A line chart in SVG: x labels (every fourth printed), two series of counts
-- (solid and dashed), each point carrying its value (data-series, data-x,
-- data-value).
CREATE FUNCTION jxlink.svg_line_chart(x_labels text[], first_name text, first_vals bigint[], second_name text, second_vals bigint[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n      integer := coalesce(cardinality(x_labels), 0);
    left_w constant integer := 50;
    plot_w constant integer := 560;
    plot_h constant integer := 180;
    top    constant integer := 30;
    ymax   bigint;
    parts  text[] := '{}';
    s      integer;
    i      integer;
    vals   bigint[];
    pts    text[];
    x      numeric;
    y      numeric;
BEGIN
    IF n < 1 OR n <> coalesce(cardinality(first_vals), 0) OR n <> coalesce(cardinality(second_vals), 0) THEN
        RAISE EXCEPTION 'a line chart needs at least one point and one value per point in each series'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT greatest(max(v), 1) INTO ymax FROM unnest(first_vals || second_vals) v;
    -- a round top for the scale: 1, 2, 5, 10, 20, 50 ...
    ymax := (SELECT min(c) FROM (SELECT m * 10 ^ e AS c FROM unnest(ARRAY[1, 2, 5]) m, generate_series(0, 12) e) t WHERE c >= ymax);
    parts := parts || format('<svg xmlns="http://www.w3.org/2000/svg" class="chart line" width="640" height="%s" viewBox="0 0 640 %s" role="img" data-ymax="%s">',
                             top + plot_h + 50, top + plot_h + 50, ymax);
    FOR i IN 0 .. 4 LOOP
        y := top + plot_h - plot_h * i / 4.0;
        parts := parts || format('<line x1="%s" y1="%s" x2="%s" y2="%s" class="grid"/><text x="%s" y="%s" class="tick">%s</text>',
                                 left_w, round(y, 1), left_w + plot_w, round(y, 1), left_w - 6, round(y, 1) + 4,
                                 rtrim(rtrim(round(ymax * i / 4.0, 2)::text, '0'), '.'));
    END LOOP;
    FOR i IN 1 .. n LOOP
        IF (i - 1) % 4 = 0 OR i = n THEN
            x := left_w + CASE WHEN n = 1 THEN 0 ELSE plot_w * (i - 1) / (n - 1)::numeric END;
            parts := parts || format('<text x="%s" y="%s" class="xtick">%s</text>', round(x, 1), top + plot_h + 16,
                                     jxlink.html_text(x_labels[i]));
        END IF;
    END LOOP;
    FOR s IN 1 .. 2 LOOP
        vals := CASE s WHEN 1 THEN first_vals ELSE second_vals END;
        pts := '{}';
        FOR i IN 1 .. n LOOP
            x := left_w + CASE WHEN n = 1 THEN 0 ELSE plot_w * (i - 1) / (n - 1)::numeric END;
            y := top + plot_h - plot_h * vals[i] / ymax::numeric;
            pts := pts || format('%s,%s', round(x, 1), round(y, 1));
        END LOOP;
        parts := parts || format('<polyline class="series s%s" points="%s"/>', s, array_to_string(pts, ' '));
        FOR i IN 1 .. n LOOP
            x := left_w + CASE WHEN n = 1 THEN 0 ELSE plot_w * (i - 1) / (n - 1)::numeric END;
            y := top + plot_h - plot_h * vals[i] / ymax::numeric;
            parts := parts || format('<circle cx="%s" cy="%s" r="2" class="point s%s" data-series="%s" data-x="%s" data-value="%s"><title>%s %s：%s</title></circle>',
                                     round(x, 1), round(y, 1), s, jxlink.html_text(CASE s WHEN 1 THEN first_name ELSE second_name END),
                                     jxlink.html_text(x_labels[i]), vals[i],
                                     jxlink.html_text(x_labels[i]), jxlink.html_text(CASE s WHEN 1 THEN first_name ELSE second_name END), vals[i]);
        END LOOP;
        parts := parts || format('<line x1="%s" y1="%s" x2="%s" y2="%s" class="series s%s"/><text x="%s" y="%s" class="legend">%s</text>',
                                 left_w + 200 * (s - 1), top + plot_h + 38, left_w + 200 * (s - 1) + 24, top + plot_h + 38, s,
                                 left_w + 200 * (s - 1) + 30, top + plot_h + 42,
                                 jxlink.html_text(CASE s WHEN 1 THEN first_name ELSE second_name END));
    END LOOP;
    RETURN array_to_string(parts || '</svg>'::text, '');
END
$$;
COMMENT ON FUNCTION jxlink.svg_line_chart(x_labels text[], first_name text, first_vals bigint[], second_name text, second_vals bigint[]) IS '折线图（SVG）：横轴标签（每四个标一个）与两组计数（实线、虚线），纵轴取整刻度；每个点带 data-series、data-x、data-value 与提示。 A line chart (SVG): x labels (every fourth printed) and two series of counts (solid, dashed) on a rounded scale; each point carries data-series, data-x, data-value and a tooltip.';
GRANT ALL ON FUNCTION jxlink.svg_line_chart(x_labels text[], first_name text, first_vals bigint[], second_name text, second_vals bigint[]) TO PUBLIC;

-- A day as documents print it: 2024年10月8日.
CREATE FUNCTION jxlink.doc_date(day date) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
SELECT pg_catalog.format('%s年%s月%s日', pg_catalog.date_part('year', day), pg_catalog.date_part('month', day), pg_catalog.date_part('day', day))
$$;
COMMENT ON FUNCTION jxlink.doc_date(day date) IS '（文档部件）文档中的日期：2024年10月8日。 (A document part) A day as documents print it: 2024年10月8日.';
REVOKE ALL ON FUNCTION jxlink.doc_date(day date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.doc_date(day date) TO jxlink_admin, jxlink_supervisor, jxlink_bi, jxlink_clerk;

-- The period as a bulletin names it: a quarter (2024年第四季度), else its days.
CREATE FUNCTION jxlink.doc_period(from_date date, to_date date) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
SELECT CASE WHEN from_date OPERATOR(pg_catalog.=) pg_catalog.date_trunc('quarter', from_date::timestamp)::date
             AND to_date OPERATOR(pg_catalog.=) (pg_catalog.date_trunc('quarter', from_date::timestamp) OPERATOR(pg_catalog.+) interval '3 months' OPERATOR(pg_catalog.-) interval '1 day')::date
            THEN pg_catalog.format('%s年第%s季度', pg_catalog.date_part('year', from_date),
                                   (ARRAY['一', '二', '三', '四'])[pg_catalog.date_part('quarter', from_date)::integer])
            ELSE pg_catalog.format('%s至%s', jxlink.doc_date(from_date), jxlink.doc_date(to_date)) END
$$;
COMMENT ON FUNCTION jxlink.doc_period(from_date date, to_date date) IS '（文档部件）文档中的期间：整季度为“2024年第四季度”，否则为起止日期。 (A document part) A period as documents name it: a whole quarter as 2024年第四季度, else its first and last day.';
REVOKE ALL ON FUNCTION jxlink.doc_period(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.doc_period(from_date date, to_date date) TO jxlink_admin, jxlink_supervisor, jxlink_bi, jxlink_clerk;

-- The bulletin's style: A4 portrait, a red title (红头), tables with rules.
CREATE FUNCTION jxlink.doc_style() RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
SELECT '<style>
@page { size: A4 portrait; margin: 22mm 20mm 20mm 20mm; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", serif; font-size: 11pt; color: #000; margin: 0; }
header { text-align: center; border-bottom: 2px solid #c00; padding-bottom: 6mm; margin-bottom: 6mm; }
header h1 { color: #c00; font-size: 22pt; letter-spacing: 2pt; margin: 0 0 4mm 0; }
header .docno { font-size: 12pt; }
h2 { font-size: 14pt; margin: 7mm 0 3mm 0; font-family: "Noto Sans CJK SC", sans-serif; }
p.lead { text-indent: 2em; line-height: 1.7; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 2mm 0 4mm 0; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 0.6pt solid #444; padding: 1.2mm 1.6mm; text-align: left; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
svg.chart { display: block; margin: 2mm auto; font-family: "Noto Sans CJK SC", sans-serif; }
svg .label { font-size: 10px; text-anchor: end; } svg .value, svg .tick, svg .xtick, svg .legend { font-size: 9px; }
svg .tick { text-anchor: middle; } svg.line .tick { text-anchor: end; } svg .xtick { text-anchor: middle; }
svg .grid { stroke: #ddd; stroke-width: 0.5; } svg rect.bar { fill: #3b6ea5; } svg rect.bar.below { fill: #c0504d; }
svg line.mark { stroke: #c00; stroke-width: 1; stroke-dasharray: 4 3; } svg text.mark { font-size: 9px; fill: #c00; text-anchor: end; }
svg polyline.series { fill: none; stroke-width: 1.5; } svg .s1 { stroke: #3b6ea5; fill: #3b6ea5; } svg .s2 { stroke: #c0504d; fill: #c0504d; }
svg polyline.s2, svg line.s2 { stroke-dasharray: 5 3; } svg polyline.s1, svg polyline.s2 { fill: none; }
.annex { page-break-before: always; }
footer { margin-top: 8mm; font-size: 9pt; color: #444; border-top: 0.6pt solid #444; padding-top: 2mm; }
</style>'
$$;
COMMENT ON FUNCTION jxlink.doc_style() IS '（文档部件）文档的样式：A4 纵向、红色标题（红头）、表格线、图表配色；中文字体 Noto CJK。 (A document part) The documents'' style: A4 portrait, a red title (红头), ruled tables, chart colours; Noto CJK fonts.';
REVOKE ALL ON FUNCTION jxlink.doc_style() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.doc_style() TO jxlink_admin, jxlink_supervisor, jxlink_bi, jxlink_clerk;

-- An HTML table: a header row and rows of cells, numbers right-aligned
-- (the cells of the columns listed in numeric).
CREATE FUNCTION jxlink.doc_table(head text[], cells text[], numeric_cols integer[] DEFAULT '{}'::integer[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    w    integer := cardinality(head);
    rows text[] := '{}';
    r    integer;
BEGIN
    IF cardinality(cells) % w <> 0 THEN
        RAISE EXCEPTION 'a table of % columns needs a multiple of % cells, not %', w, w, cardinality(cells)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR r IN 0 .. cardinality(cells) / w - 1 LOOP
        rows := rows || ('<tr>' || (SELECT string_agg(CASE WHEN c = ANY (numeric_cols) THEN '<td class="n">' ELSE '<td>' END
                                                        || jxlink.html_text(cells[r * w + c]) || '</td>', '' ORDER BY c)
                                    FROM generate_series(1, w) c) || '</tr>');
    END LOOP;
    RETURN '<table><thead><tr>' || (SELECT string_agg('<th>' || jxlink.html_text(h) || '</th>', '' ORDER BY o)
                                    FROM unnest(head) WITH ORDINALITY AS t(h, o))
           || '</tr></thead><tbody>' || array_to_string(rows, '') || '</tbody></table>';
END
$$;
COMMENT ON FUNCTION jxlink.doc_table(head text[], cells text[], numeric_cols integer[]) IS '（文档部件）HTML 表格：表头与逐行排列的单元格（文字均转义），numeric_cols 所列的列右对齐。 (A document part) An HTML table: a header row and the cells row by row (all escaped), the columns listed in numeric_cols right-aligned.';
REVOKE ALL ON FUNCTION jxlink.doc_table(head text[], cells text[], numeric_cols integer[]) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.doc_table(head text[], cells text[], numeric_cols integer[]) TO jxlink_admin, jxlink_supervisor, jxlink_bi, jxlink_clerk;

-- The bulletin (通报) of a jurisdiction, or of a city with its towns, for a
-- period, as of an instant (default: when the period is judged, 00:00 after
-- its last day, or now while it runs).  The printer must read the
-- jurisdiction whole (reads_jurisdictions(): the office's supervisor, an
-- administrator, a BI role with its scope), so that what is printed is the
-- whole record, the same whoever prints it.
CREATE FUNCTION jxlink.bulletin(jurisdiction text, from_date date, to_date date, as_of timestamp with time zone DEFAULT NULL::timestamp with time zone, document_no jxlink.docno DEFAULT NULL::jxlink.docno) RETURNS text
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
    SELECT * INTO j FROM jxlink.jurisdiction x WHERE x.code = bulletin.jurisdiction;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown jurisdiction "%"', bulletin.jurisdiction USING ERRCODE = 'invalid_parameter_value';
    ELSIF NOT (j.code = ANY (jxlink.reads_jurisdictions())) THEN
        RAISE EXCEPTION 'a bulletin of "%" is printed by a role that reads it whole', j.code
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Supervisors and administrators of the jurisdiction, or a BI role with a reader scope on it (doc/bi.md).';
    END IF;
    judged := coalesce(bulletin.as_of, jxlink.period_judged_at(from_date, to_date));
    PERFORM jxlink.period_judged_at(from_date, to_date), jxlink.check_calendar_time(judged, 'as_of');
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
        SELECT array_agg(u.name_zh ORDER BY u.code),
               array_agg(jxlink.on_time_rate(s.met_on_time, s.met_late, s.overdue, s.refused, s.waived_late) ORDER BY u.code)
        INTO labels, rates
        FROM jxlink.unit u
        LEFT JOIN (SELECT x.unit_id, sum(x.met_on_time)::bigint AS met_on_time, sum(x.met_late)::bigint AS met_late,
                          sum(x.overdue)::bigint AS overdue, sum(x.refused)::bigint AS refused, sum(x.waived_late)::bigint AS waived_late
                   FROM jxlink.unit_scorecard_at(from_date, to_date, judged) x WHERE x.jurisdiction = ANY (places)
                   GROUP BY x.unit_id) s ON s.unit_id = u.unit_id
        WHERE u.jurisdiction = ANY (places) AND u.active
          AND u.kind IN ('functional_section', 'dispatched_agency', 'enforcement_team', 'community_work_group', 'community');
    END IF;
    doc := doc || format('<h2>二、%s按时办结情况</h2>%s', CASE WHEN is_city THEN '各镇街' ELSE '各单位' END,
                         jxlink.svg_bar_chart(coalesce(labels, '{}'), coalesce(rates, '{}'), 1, '规定时限：全部按时办结'));

    -- 三、当前逾期事项: the longest overdue first
    SELECT count(*) INTO n_over FROM jxlink.overdue_as_of(judged) o WHERE o.jurisdiction = ANY (places);
    SELECT array_agg(c ORDER BY rn, k) INTO cells FROM (
        SELECT o.rn, k, c FROM (
            SELECT row_number() OVER (ORDER BY v.late_workdays DESC NULLS LAST, v.due_at, v.obligation_id) AS rn,
                   ARRAY[coalesce(v.owner_name_zh, v.owner_code), coalesce(l.label_zh, v.kind), v.clause,
                         concat_ws(' ', v.subject_ref, v.subject_title),
                         jxlink.doc_date(v.due_date), coalesce(v.late_workdays::text, '―')] AS row
            FROM jxlink.overdue_as_of(judged) v
            LEFT JOIN jxlink.obligation_kind_label l ON l.kind = v.kind
            WHERE v.jurisdiction = ANY (places)) o
        CROSS JOIN LATERAL unnest(o.row) WITH ORDINALITY AS t(c, k)
        WHERE o.rn <= shown) z;
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
    SELECT array_agg(c ORDER BY rn, k) INTO cells FROM (
        SELECT o.rn, k, c FROM (
            SELECT row_number() OVER (ORDER BY v.due_at, v.subject_ref, v.owner_code, v.obligation_id) AS rn,
                   ARRAY[concat_ws(' ', v.subject_ref, v.subject_title), coalesce(v.owner_name_zh, v.owner_code),
                         jxlink.doc_date(v.due_date),
                         CASE v.status WHEN 'met_on_time' THEN '已按时通报' WHEN 'met_late' THEN '逾期后通报'
                                       WHEN 'overdue' THEN '逾期未通报' WHEN 'due_soon' THEN '即将到期'
                                       WHEN 'pending' THEN '未到期' WHEN 'waived' THEN '免除'
                                       WHEN 'waived_late' THEN '逾期后免除' ELSE v.status END] AS row
            FROM jxlink.obligation_status_at(judged) v
            WHERE v.jurisdiction = ANY (places) AND v.kind = 'resolution_report'
              AND (v.due_date BETWEEN from_date AND to_date OR v.status IN ('overdue', 'due_soon', 'pending'))) o
        CROSS JOIN LATERAL unnest(o.row) WITH ORDINALITY AS t(c, k)) z;
    doc := doc || text '<h2>五、联席会议议定事项落实情况</h2>'
           || CASE WHEN cells IS NULL THEN '<p class="lead">本期无应通报的议定事项。</p>'
                   ELSE jxlink.doc_table(ARRAY['议定事项', '责任单位', '通报期限', '落实通报情况'], cells) END;

    -- 六、协作配合与执法监督 (四（三）): refused cooperation, 推诿扯皮, 应立不立
    SELECT array_agg(c ORDER BY rn, k) INTO cells FROM (
        SELECT o.rn, k, c FROM (
            SELECT row_number() OVER (ORDER BY v.signals DESC, v.unit_code) AS rn,
                   ARRAY[v.unit_name_zh, v.share_requests_refused::text, v.share_requests_overdue::text,
                         v.assistance_refused::text, v.assistance_unanswered::text,
                         (v.acknowledgements_overdue + v.acknowledgements_late)::text] AS row
            FROM jxlink.supervision_cooperation_at(judged) v
            WHERE v.jurisdiction = ANY (places) AND v.signals > 0) o
        CROSS JOIN LATERAL unnest(o.row) WITH ORDINALITY AS t(c, k)) z;
    doc := doc || text '<h2>六、协作配合与执法监督</h2><p class="lead">（一）拒不履行或未按时履行协作配合义务的单位：</p>'
           || CASE WHEN cells IS NULL THEN '<p class="lead">无。</p>'
                   ELSE jxlink.doc_table(ARRAY['单位', '拒绝共享', '共享逾期', '拒绝协助', '协助未答复', '受理告知逾期'], cells, ARRAY[2, 3, 4, 5, 6]) END;
    SELECT array_agg(c ORDER BY rn, k) INTO cells FROM (
        SELECT o.rn, k, c FROM (
            SELECT row_number() OVER (ORDER BY v.declines + v.returns DESC, v.last_bounce_at, v.case_id) AS rn,
                   ARRAY[v.title, coalesce(u.name_zh, v.discovering_code), v.declines::text, v.returns::text] AS row
            FROM jxlink.supervision_bounced_at(judged) v
            LEFT JOIN jxlink.unit u ON u.jurisdiction = v.jurisdiction AND u.code = v.discovering_code
            WHERE v.jurisdiction = ANY (places)) o
        CROSS JOIN LATERAL unnest(o.row) WITH ORDINALITY AS t(c, k)) z;
    doc := doc || text '<p class="lead">（二）多次不予受理或退回的案件（推诿扯皮的信号）：</p>'
           || CASE WHEN cells IS NULL THEN '<p class="lead">无。</p>'
                   ELSE jxlink.doc_table(ARRAY['案件', '发现单位', '不予受理', '退回'], cells, ARRAY[3, 4]) END;
    SELECT array_agg(c ORDER BY rn, k) INTO cells FROM (
        SELECT o.rn, k, c FROM (
            SELECT row_number() OVER (ORDER BY v.file_case_due_at, v.referral_id) AS rn,
                   ARRAY[v.title, coalesce(u.name_zh, v.from_code), to_char(v.file_case_due_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI')] AS row
            FROM jxlink.supervision_unfiled_at(judged) v
            LEFT JOIN jxlink.unit u ON u.jurisdiction = v.jurisdiction AND u.code = v.from_code
            WHERE v.jurisdiction = ANY (places)) o
        CROSS JOIN LATERAL unnest(o.row) WITH ORDINALITY AS t(c, k)) z;
    doc := doc || text '<p class="lead">（三）受理后逾期未立案的案件（应立不立的信号）：</p>'
           || CASE WHEN cells IS NULL THEN '<p class="lead">无。</p>'
                   ELSE jxlink.doc_table(ARRAY['案件', '移送单位', '应立案期限'], cells) END;

    -- 附件: the per-unit (a city: per-town, ranked) table
    IF is_city THEN
        SELECT array_agg(c ORDER BY rn, k) INTO cells FROM (
            SELECT o.rn, k, c FROM (
                SELECT row_number() OVER (ORDER BY r.rank_in_city, r.jurisdiction) AS rn,
                       ARRAY[r.rank_in_city::text, r.name_zh, r.total::text, r.met_on_time::text, r.met_late::text,
                             r.overdue::text, jxlink.doc_number(100 * r.on_time_rate, 1)] AS row
                FROM jxlink.jurisdiction_scorecard_at(from_date, to_date, judged) r
                WHERE r.jurisdiction = ANY (places) AND r.jurisdiction <> j.code) o
            CROSS JOIN LATERAL unnest(o.row) WITH ORDINALITY AS t(c, k)) z;
        doc := doc || text '<section class="annex"><h2>附件：各镇街按时办结率排名</h2>'
               || CASE WHEN cells IS NULL THEN '<p class="lead">无。</p>'
                       ELSE jxlink.doc_table(ARRAY['名次', '镇街', '到期事项', '按时办结', '逾期办结', '到期未办结', '按时办结率（%）'], cells, ARRAY[1, 3, 4, 5, 6, 7]) END
               || text '</section>';
    ELSE
        SELECT array_agg(c ORDER BY rn, k) INTO cells FROM (
            SELECT o.rn, k, c FROM (
                SELECT row_number() OVER (ORDER BY s.unit_code) AS rn,
                       ARRAY[s.unit_name_zh, sum(s.total)::text, sum(s.met_on_time)::text, sum(s.met_late)::text,
                             sum(s.overdue)::text, sum(s.not_yet_due)::text,
                             jxlink.doc_number(100 * jxlink.on_time_rate(sum(s.met_on_time)::bigint, sum(s.met_late)::bigint, sum(s.overdue)::bigint,
                                                                          sum(s.refused)::bigint, sum(s.waived_late)::bigint), 1)] AS row
                FROM jxlink.unit_scorecard_at(from_date, to_date, judged) s WHERE s.jurisdiction = ANY (places)
                GROUP BY s.unit_code, s.unit_name_zh) o
            CROSS JOIN LATERAL unnest(o.row) WITH ORDINALITY AS t(c, k)) z;
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
