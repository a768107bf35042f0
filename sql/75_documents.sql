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
h2 { font-size: 14pt; margin: 7mm 0 3mm 0; font-family: "Noto Sans CJK SC", sans-serif; break-after: avoid; page-break-after: avoid; }
p.lead { text-indent: 2em; line-height: 1.7; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 2mm 0 4mm 0; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 0.6pt solid #444; padding: 1.2mm 1.6mm; text-align: left; }
th:first-child, td:first-child { white-space: nowrap; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
svg.chart { display: block; margin: 2mm auto; font-family: "Noto Sans CJK SC", sans-serif; break-inside: avoid; page-break-inside: avoid; }
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

-- An HTML table: a header row and the rows (a two-dimensional array, one row
-- per table row), numbers right-aligned (the columns listed in numeric_cols).
CREATE FUNCTION jxlink.doc_table(head text[], cells text[], numeric_cols integer[] DEFAULT '{}'::integer[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    w    integer := cardinality(head);
    rows text[] := '{}';
    r    integer;
BEGIN
    IF cardinality(cells) > 0 AND (array_ndims(cells) <> 2 OR array_length(cells, 2) <> w) THEN
        RAISE EXCEPTION 'a table of % columns needs rows of % cells', w, w USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR r IN 1 .. coalesce(array_length(cells, 1), 0) LOOP
        rows := rows || ('<tr>' || (SELECT string_agg(CASE WHEN c = ANY (numeric_cols) THEN '<td class="n">' ELSE '<td>' END
                                                        || jxlink.html_text(cells[r][c]) || '</td>', '' ORDER BY c)
                                    FROM generate_series(1, w) c) || '</tr>');
    END LOOP;
    RETURN '<table><thead><tr>' || (SELECT string_agg('<th>' || jxlink.html_text(h) || '</th>', '' ORDER BY o)
                                    FROM unnest(head) WITH ORDINALITY AS t(h, o))
           || '</tr></thead><tbody>' || array_to_string(rows, '') || '</tbody></table>';
END
$$;
COMMENT ON FUNCTION jxlink.doc_table(head text[], cells text[], numeric_cols integer[]) IS '（文档部件）HTML 表格：表头与各行（二维数组，每行一个表格行；文字均转义），numeric_cols 所列的列右对齐。 (A document part) An HTML table: a header row and the rows (a two-dimensional array, one per table row; all escaped), the columns listed in numeric_cols right-aligned.';
REVOKE ALL ON FUNCTION jxlink.doc_table(head text[], cells text[], numeric_cols integer[]) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.doc_table(head text[], cells text[], numeric_cols integer[]) TO jxlink_admin, jxlink_supervisor, jxlink_bi, jxlink_clerk;

-- Each unit's sums over a period, judged at an instant, with its on-time
-- rate: what the bulletin's chart and annex and the packet's quarter print.
-- listed: the units a chart shows (active, of the kinds owing time limits);
-- a unit without obligations in the period has null sums.
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

-- The jurisdiction a bulletin is printed for, checked: it exists, the period
-- is one, and the caller reads the jurisdiction whole.  bulletin() and
-- issue_bulletin() check the same way.
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

-- The joint meeting's packet (会议材料) in the bulletin's form: the meeting
-- (time, place, convener, office, members, attendance, minutes number), its
-- agenda, the earlier resolutions with their latest reports, and the
-- scorecard of the quarter just ended (judged at its end), names not codes.
-- Printed by the meeting's own, supervisors and administrators; it runs as
-- its owner, so that the same document prints for each (meeting_packet_for).
CREATE FUNCTION jxlink.meeting_packet_html(meeting uuid) RETURNS text
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

-- Issued bulletins: the number drawn for each and the instant its figures
-- were judged at, so that it prints again as issued (reprint_bulletin), and
-- the digest of the document as issued, so that a reprint shows whether the
-- record it was made from changed since.
CREATE TABLE jxlink.bulletin_issue (
    document_no jxlink.docno NOT NULL,
    jurisdiction text NOT NULL,
    from_date date NOT NULL,
    to_date date NOT NULL,
    judged_at timestamp with time zone NOT NULL,
    digest text NOT NULL,
    issued_at timestamp with time zone DEFAULT now() NOT NULL,
    issued_by text NOT NULL,
    CONSTRAINT bulletin_issue_pkey PRIMARY KEY (document_no),
    CONSTRAINT bulletin_issue_check CHECK (from_date <= to_date),
    CONSTRAINT bulletin_issue_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code)
);
ALTER TABLE ONLY jxlink.bulletin_issue FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.bulletin_issue IS '已印发的通报：文号、辖区、期间、评判时刻（据此重印内容不变）、印发时文档的摘要（重印时据以判断记录是否已变）、印发人与时间。只增不改。 Issued bulletins: the document number, jurisdiction, period, the instant judged at (a reprint prints the same), the digest of the document as issued (a reprint shows whether the record changed since), who issued it and when. Append-only.';
COMMENT ON COLUMN jxlink.bulletin_issue.document_no IS '通报文号（发文字号）。 The bulletin''s document number.';
COMMENT ON COLUMN jxlink.bulletin_issue.jurisdiction IS '辖区（市则含其镇街）。 Jurisdiction (a city: with its towns).';
COMMENT ON COLUMN jxlink.bulletin_issue.from_date IS '期间首日。 First day of the period.';
COMMENT ON COLUMN jxlink.bulletin_issue.to_date IS '期间末日。 Last day of the period.';
COMMENT ON COLUMN jxlink.bulletin_issue.judged_at IS '评判时刻。 The instant its figures were judged at.';
COMMENT ON COLUMN jxlink.bulletin_issue.digest IS '印发时文档的 MD5 摘要。 MD5 digest of the document as issued.';
COMMENT ON COLUMN jxlink.bulletin_issue.issued_at IS '印发时间。 When it was issued.';
COMMENT ON COLUMN jxlink.bulletin_issue.issued_by IS '印发人（数据库角色）。 Role that issued it.';
ALTER TABLE jxlink.bulletin_issue ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER bulletin_issue_append_only BEFORE DELETE OR UPDATE ON jxlink.bulletin_issue FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.bulletin_issue ENABLE ALWAYS TRIGGER bulletin_issue_append_only;
CREATE TRIGGER bulletin_issue_no_truncate BEFORE TRUNCATE ON jxlink.bulletin_issue FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.bulletin_issue ENABLE ALWAYS TRIGGER bulletin_issue_no_truncate;
GRANT SELECT ON TABLE jxlink.bulletin_issue TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.bulletin_issue', '');
CREATE POLICY bulletin_issue_read ON jxlink.bulletin_issue FOR SELECT
USING (jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]));
COMMENT ON POLICY bulletin_issue_read ON jxlink.bulletin_issue IS '本辖区工作人员与完整读取该辖区者读其已印发通报的登记。 Staff of the jurisdiction and those who read it whole read its issued bulletins'' records.';

-- Record an issued bulletin.  Its issuer is one who supervises the
-- jurisdiction (staff of its judicial office or discipline commission, a
-- member of jxlink_supervisor) or an administrator, and has just drawn its
-- number (the last of the series, drawn by the same role); the instant and
-- the digest are the record's own, of the whole record, not the caller's.
CREATE FUNCTION jxlink.bulletin_issue_record(document_no jxlink.docno, jurisdiction text, from_date date, to_date date) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    who    text := jxlink.calling_role()::text;
    judged timestamp with time zone := jxlink.period_judged_at(from_date, to_date);
    html   text;
BEGIN
    IF NOT (pg_has_role(who, 'jxlink_supervisor', 'MEMBER') OR pg_has_role(who, 'jxlink_admin', 'MEMBER')
            OR EXISTS (SELECT 1 FROM jxlink.staff s JOIN jxlink.unit u ON u.unit_id = s.unit_id
                       WHERE s.role_name = who AND s.active AND u.kind IN ('judicial_office', 'discipline_commission')
                         AND bulletin_issue_record.jurisdiction = ANY (jxlink.jurisdictions_under(ARRAY[s.jurisdiction])))) THEN
        RAISE EXCEPTION 'a bulletin of "%" is issued by those who supervise it', bulletin_issue_record.jurisdiction
            USING ERRCODE = 'insufficient_privilege';
    ELSIF NOT EXISTS (SELECT 1 FROM jxlink.docno_counter c
                      WHERE c.issuer = jxlink.docno_issuer(bulletin_issue_record.document_no)
                        AND c.year = jxlink.docno_year(bulletin_issue_record.document_no)
                        AND c.last_number = jxlink.docno_number(bulletin_issue_record.document_no)
                        AND c.last_issued_by = who) THEN
        RAISE EXCEPTION 'document number % is not the last one % drew', bulletin_issue_record.document_no, who
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Issue bulletins with issue_bulletin().';
    END IF;
    html := jxlink.bulletin(bulletin_issue_record.jurisdiction, from_date, to_date, judged, bulletin_issue_record.document_no);
    INSERT INTO jxlink.bulletin_issue (document_no, jurisdiction, from_date, to_date, judged_at, digest, issued_by)
    VALUES (bulletin_issue_record.document_no, bulletin_issue_record.jurisdiction, from_date, to_date, judged, md5(html), who);
    RETURN html;
END
$$;
COMMENT ON FUNCTION jxlink.bulletin_issue_record(document_no jxlink.docno, jurisdiction text, from_date date, to_date date) IS '（内部）登记已印发的通报：印发者须监督该辖区（司法所、纪工委在岗人员，jxlink_supervisor 成员）或为管理员（42501），文号须为其刚取得的序列最后一号（55000）；评判时刻与摘要按完整记录计算。返回印发的文档。 (Internal) Records an issued bulletin: the issuer supervises the jurisdiction (staff of its judicial office or discipline commission, a member of jxlink_supervisor) or is an administrator (42501), and the number is the last of its series, just drawn by the same role (55000); the instant and digest are computed from the whole record. Returns the document as issued.';
REVOKE ALL ON FUNCTION jxlink.bulletin_issue_record(document_no jxlink.docno, jurisdiction text, from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.bulletin_issue_record(document_no jxlink.docno, jurisdiction text, from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

-- Issue a bulletin: its number drawn from the issuer's series (next_docno),
-- judged at the period's end (or now while it runs), recorded; returns the
-- document as issued.
CREATE FUNCTION jxlink.issue_bulletin(jurisdiction text, from_date date, to_date date, issuer text, year integer DEFAULT NULL::integer) RETURNS text
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

-- An issued bulletin printed again: the same number and instant, so the same
-- document unless the record it was made from changed since (then a warning
-- says so; the reprint shows the record as it is).
CREATE FUNCTION jxlink.reprint_bulletin(document_no jxlink.docno) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    b    jxlink.bulletin_issue;
    html text;
BEGIN
    SELECT * INTO b FROM jxlink.bulletin_issue x WHERE x.document_no OPERATOR(jxlink.=) reprint_bulletin.document_no;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no bulletin was issued as %', reprint_bulletin.document_no USING ERRCODE = 'no_data_found';
    END IF;
    html := jxlink.bulletin(b.jurisdiction, b.from_date, b.to_date, b.judged_at, b.document_no);
    IF md5(html) <> b.digest THEN
        RAISE WARNING 'bulletin % differs from the one % issued', b.document_no, b.issued_by
            USING DETAIL = 'The records it was made from changed after it was issued (a late record, a calendar change).',
                  HINT = 'obligation_move and the referral history say what changed.';
    END IF;
    RETURN html;
END
$$;
COMMENT ON FUNCTION jxlink.reprint_bulletin(document_no jxlink.docno) IS '重印已印发的通报：同一文号与评判时刻，记录未变则逐字节相同；记录自印发后有变（补录、日历调整）则发出警告并按现有记录重印。未印发的文号 P0002。 Prints an issued bulletin again: the same number and instant, byte for byte the same unless the record changed since it was issued (a late record, a calendar change), which a warning then says; an unknown number is P0002.';
REVOKE ALL ON FUNCTION jxlink.reprint_bulletin(document_no jxlink.docno) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.reprint_bulletin(document_no jxlink.docno) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;
