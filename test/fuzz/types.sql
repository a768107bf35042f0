-- Server side of the type fuzzer (test/fuzz/types.sh): loaded as superuser
-- into each fuzzing database.  Every value is tried in a subtransaction
-- (BEGIN ... EXCEPTION), so a run of 100,000 values is one statement per
-- chunk, and every outcome is a row of fuzz.outcome:
--
--   mode 'server'    the bytes were refused before reaching the type (e.g.
--                    22021: invalid UTF-8 in a UTF8 database);
--   mode 'text'      the type's input function, through a literal 'x'::type;
--   mode 'cast'      CAST(text AS type), when the type has a cast function
--                    from text: it must accept and refuse what input does,
--                    with the same result;
--   mode 'roundtrip' output(input(s)) must be accepted again by input and
--                    give the same text (else dump/restore changes values);
--   mode 'binary'    the type's receive function, fed mutated send() output
--                    and random bytes through COPY ... (FORMAT binary); a
--                    value it accepts must also survive text output/input
--                    (mode 'binary_roundtrip').
--
-- sqlstate '00000' is success; 'MISMATCH' a failed property check.  The tables are
-- logged: they must survive the crash recovery of a server the fuzzer crashed.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS fuzz CASCADE;
CREATE SCHEMA fuzz;
CREATE TABLE fuzz.corpus (id integer PRIMARY KEY, payload bytea NOT NULL);
CREATE TABLE fuzz.outcome (
    typ      text NOT NULL,
    mode     text NOT NULL,
    id       integer NOT NULL,
    sqlstate text NOT NULL,
    message  text,
    payload  bytea
);

-- The base types of the extension (or of any schema).
CREATE FUNCTION fuzz.base_types(schema_name name) RETURNS SETOF regtype
LANGUAGE sql STABLE AS $$
    SELECT t.oid::regtype FROM pg_type t
    WHERE t.typtype = 'b' AND t.typnamespace = schema_name::regnamespace
      AND t.typcategory <> 'A'              -- not the implicit array types
    ORDER BY t.oid
$$;

-- Bytes or text for a report: as text if valid UTF-8, else escaped.
CREATE FUNCTION fuzz.show(b bytea) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN pg_catalog.convert_from(b, 'UTF8');
EXCEPTION WHEN OTHERS THEN
    RETURN encode(b, 'escape');
END $$;
CREATE FUNCTION fuzz.show(s text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT fuzz.show(pg_catalog.convert_to(s, pg_catalog.getdatabaseencoding()))
$$;

-- output(v)::text of a literal, through the type's own output function.
CREATE FUNCTION fuzz.io(t regtype, s text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE format('SELECT %s(%L::%s)::text', (SELECT typoutput FROM pg_type WHERE oid = t)::regproc, s, t)
        INTO result;
    RETURN result;
END $$;

-- Text input of one type over corpus ids first_id .. last_id.
CREATE FUNCTION fuzz.text_input(t regtype, first_id integer, last_id integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    rec        record;
    s          text;
    out1       text;
    out2       text;
    cast_out   text;
    st         text;
    msg        text;
    detail     text;
    cast_st    text;
    cast_msg   text;
    n          bigint := 0;
    src        name := CASE WHEN pg_catalog.getdatabaseencoding() = 'SQL_ASCII' THEN 'SQL_ASCII' ELSE 'UTF8' END;
    outfn      regproc := (SELECT typoutput FROM pg_type WHERE oid = t);
    has_cast   boolean := EXISTS (SELECT 1 FROM pg_cast c WHERE c.castsource = 'text'::regtype
                                  AND c.casttarget = t AND c.castmethod = 'f');
BEGIN
    FOR rec IN SELECT c.id, c.payload FROM fuzz.corpus c WHERE c.id BETWEEN first_id AND last_id ORDER BY c.id LOOP
        n := n + 1;
        -- the bytes as text of the database (the server refuses bad encoding itself)
        BEGIN
            s := pg_catalog.convert_from(rec.payload, src);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
            msg := msg || coalesce(nullif(' (' || detail || ')', ' ()'), '');
            INSERT INTO fuzz.outcome VALUES (t::text, 'server', rec.id, st, msg, NULL);
            CONTINUE;
        END;
        -- the input function
        BEGIN
            EXECUTE format('SELECT %s(%L::%s)::text', outfn, s, t) INTO out1;
            st := '00000';
            msg := NULL;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
            msg := msg || coalesce(nullif(' (' || detail || ')', ' ()'), '');
            out1 := NULL;
        END;
        INSERT INTO fuzz.outcome VALUES (t::text, 'text', rec.id, st, msg,
                                         CASE WHEN NOT fuzz.clean(st, 'text') THEN rec.payload END);
        -- the cast from text agrees with the input function
        IF has_cast THEN
            BEGIN
                EXECUTE format('SELECT %s(CAST(%L::text AS %s))::text', outfn, s, t) INTO cast_out;
                cast_st := '00000';
                cast_msg := NULL;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS cast_st = RETURNED_SQLSTATE, cast_msg = MESSAGE_TEXT;
                cast_out := NULL;
            END;
            IF cast_st IS DISTINCT FROM st OR cast_out IS DISTINCT FROM out1 THEN
                INSERT INTO fuzz.outcome VALUES (t::text, 'cast', rec.id, 'MISMATCH',
                    format('input: %s %s; cast: %s %s', st, coalesce(out1, msg), cast_st, coalesce(cast_out, cast_msg)),
                    rec.payload);
            ELSE
                INSERT INTO fuzz.outcome VALUES (t::text, 'cast', rec.id, cast_st, cast_msg, NULL);
            END IF;
        END IF;
        -- output, then input again: same text
        IF st = '00000' THEN
            BEGIN
                EXECUTE format('SELECT %s(%L::%s)::text', outfn, out1, t) INTO out2;
                IF out2 IS DISTINCT FROM out1 THEN
                    INSERT INTO fuzz.outcome VALUES (t::text, 'roundtrip', rec.id, 'MISMATCH',
                        format('%s -> %s -> %s', s, out1, out2), rec.payload);
                ELSE
                    INSERT INTO fuzz.outcome VALUES (t::text, 'roundtrip', rec.id, '00000', NULL, NULL);
                END IF;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
            msg := msg || coalesce(nullif(' (' || detail || ')', ' ()'), '');
                INSERT INTO fuzz.outcome VALUES (t::text, 'roundtrip', rec.id, 'MISMATCH',
                    format('%s -> %s -> error %s: %s', s, out1, st, msg), rec.payload);
            END;
        END IF;
    END LOOP;
    RETURN n;
END $$;

-- A random mutation of bytes (random() is seeded by the caller).
CREATE FUNCTION fuzz.mutate(b bytea) RETURNS bytea
LANGUAGE plpgsql AS $$
DECLARE
    len integer := length(b);
    i   integer := floor(random() * greatest(len, 1))::integer;
    op  integer := floor(random() * 10)::integer;
    edges bytea[] := ARRAY['\x00'::bytea, '\xff', '\x7f', '\x80', '\x0000', '\xffff', '\x7fff', '\x8000',
                           '\x00000000', '\xffffffff', '\x7fffffff', '\x80000000', '\x000003e8', '\x0000270f',
                           '\x03e8', '\x270f', '\x2710', '\x03e7'];
    r   bytea := '';
    k   integer;
BEGIN
    IF op = 0 AND len > 0 THEN          -- flip a bit
        RETURN set_byte(b, i, get_byte(b, i) # (1 << floor(random() * 8)::integer));
    ELSIF op = 1 AND len > 0 THEN       -- set a byte
        RETURN set_byte(b, i, floor(random() * 256)::integer);
    ELSIF op = 2 THEN                   -- truncate
        RETURN substring(b FROM 1 FOR i);
    ELSIF op = 3 THEN                   -- an edge integer over some bytes
        RETURN overlay(b PLACING edges[1 + floor(random() * array_length(edges, 1))::integer] FROM i + 1);
    ELSIF op = 4 THEN                   -- insert random bytes
        FOR k IN 1 .. 1 + floor(random() * 6)::integer LOOP
            r := r || set_byte('\x00'::bytea, 0, floor(random() * 256)::integer);
        END LOOP;
        RETURN overlay(b PLACING r FROM i + 1 FOR 0);
    ELSIF op = 5 THEN                   -- invalid or truncated UTF-8 in the tail
        RETURN b || (ARRAY['\xe380'::bytea, '\xc0af', '\xeda080', '\xf4908080', '\xff', '\x00', '\xe5'])
                     [1 + floor(random() * 7)::integer];
    ELSIF op = 6 THEN                   -- duplicate the tail
        RETURN b || substring(b FROM i + 1);
    ELSIF op = 7 THEN                   -- fully random bytes
        FOR k IN 1 .. floor(random() * 24)::integer LOOP
            r := r || set_byte('\x00'::bytea, 0, floor(random() * 256)::integer);
        END LOOP;
        RETURN r;
    ELSIF op = 8 THEN                   -- very long tail
        RETURN b || decode(repeat('e6998b', 10 + floor(random() * 100)::integer), 'hex');
    ELSE                                -- drop the first byte
        RETURN substring(b FROM 2);
    END IF;
END $$;

-- The seeds of the binary fuzzing of a type: up to 2000 values the text run
-- accepted, as text (in id order).
CREATE FUNCTION fuzz.binary_seeds(t regtype) RETURNS text[]
LANGUAGE sql AS $$
    SELECT array_agg(x.txt ORDER BY x.id)
    FROM (SELECT o.id, fuzz.io(t, pg_catalog.convert_from(c.payload,
                 CASE WHEN pg_catalog.getdatabaseencoding() = 'SQL_ASCII' THEN 'SQL_ASCII' ELSE 'UTF8' END)) AS txt
          FROM fuzz.outcome o JOIN fuzz.corpus c USING (id)
          WHERE o.typ = t::text AND o.mode = 'text' AND o.sqlstate = '00000'
          ORDER BY o.id LIMIT 2000) x
$$;

-- Binary receive of one type, values first_i .. last_i: i <= 0 is seed 1 - i
-- as send() gives it (it must come back equal); i > 0 is a mutation of a
-- seed, made with random() seeded from (seed, i), so any sub-range gives the
-- same payloads (the driver bisects a range that crashes the server).
CREATE FUNCTION fuzz.binary_input(t regtype, first_i integer, last_i integer, seed integer)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    outfn   regproc := (SELECT typoutput FROM pg_type WHERE oid = t);
    sendfn  regproc := (SELECT typsend FROM pg_type WHERE oid = t);
    file    text := current_setting('data_directory') || '/fuzz_recv.bin';
    texts   text[] := fuzz.binary_seeds(t);
    seeds   bytea[];
    nseeds  integer;
    b       bytea;
    seed_text text;
    out1    text;
    out2    text;
    st      text;
    msg     text;
    detail  text;
    i       integer;
    k       integer;
    n       bigint := 0;
BEGIN
    IF texts IS NULL THEN
        RETURN 0;
    END IF;
    nseeds := array_length(texts, 1);
    FOR i IN 1 .. nseeds LOOP
        EXECUTE format('SELECT %s(%L::%s)', sendfn, texts[i], t) INTO b;
        seeds[i] := b;
    END LOOP;
    EXECUTE format('CREATE TEMP TABLE IF NOT EXISTS recv_target (v %s)', t);
    FOR i IN greatest(first_i, 1 - nseeds) .. last_i LOOP
        n := n + 1;
        IF i <= 0 THEN
            b := seeds[1 - i];
            seed_text := texts[1 - i];
        ELSE
            PERFORM setseed((((seed::bigint * 1000003 + i) % 2000003) / 1000001.5) - 1);
            b := seeds[1 + floor(random() * nseeds)::integer];
            FOR k IN 1 .. 1 + floor(random() * 3)::integer LOOP
                b := fuzz.mutate(b);
            END LOOP;
            seed_text := NULL;
        END IF;
        EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', b, file);
        BEGIN
            EXECUTE format('COPY recv_target FROM %L (FORMAT binary)', file);
            EXECUTE format('DELETE FROM recv_target RETURNING %s(v)::text', outfn) INTO out1;
            st := '00000';
            msg := NULL;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
            msg := msg || coalesce(nullif(' (' || detail || ')', ' ()'), '');
            out1 := NULL;
        END;
        INSERT INTO fuzz.outcome VALUES (t::text, 'binary', i, st, msg, CASE WHEN NOT fuzz.clean(st, 'binary') THEN b END);
        IF seed_text IS NOT NULL AND out1 IS DISTINCT FROM seed_text THEN
            INSERT INTO fuzz.outcome VALUES (t::text, 'binary_roundtrip', i, 'MISMATCH',
                format('send(%s) received as %s', seed_text, coalesce(out1, st || ': ' || msg)), b);
        ELSIF st = '00000' THEN
            -- what receive accepts, text input must accept and keep
            BEGIN
                out2 := fuzz.io(t, out1);
                IF out2 IS DISTINCT FROM out1 THEN
                    INSERT INTO fuzz.outcome VALUES (t::text, 'binary_roundtrip', i, 'MISMATCH',
                        format('received %s, text input gives %s', out1, out2), b);
                ELSE
                    INSERT INTO fuzz.outcome VALUES (t::text, 'binary_roundtrip', i, '00000', NULL, NULL);
                END IF;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
            msg := msg || coalesce(nullif(' (' || detail || ')', ' ()'), '');
                INSERT INTO fuzz.outcome VALUES (t::text, 'binary_roundtrip', i, 'MISMATCH',
                    format('received %s, text input refuses it: %s %s', out1, st, msg), b);
            END;
        END IF;
    END LOOP;
    RETURN n;
END $$;

-- The verdict on an outcome: class 22 (data exception) is a clean refusal;
-- allowed besides: 54000 (program_limit_exceeded) for oversized input, and,
-- for binary receive only, 08P01 (protocol_violation), which PostgreSQL's
-- own pq_getmsg*() raise on a payload shorter than they read.  Anything else
-- (XX000 above all), a crash or a failed property check (MISMATCH) is not.
CREATE FUNCTION fuzz.clean(sqlstate text, mode text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT sqlstate = '00000' OR sqlstate LIKE '22%' OR sqlstate = '54000'
           OR (mode = 'binary' AND sqlstate = '08P01')
$$;
