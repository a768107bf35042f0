-- pgTAP: the objects of the calendar, their signatures and volatility.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
\pset pager off
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION jxlink;

SELECT plan(66);

-- The extension and its schema.
SELECT has_extension('jxlink');
SELECT has_schema('jxlink');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'jxlink'),
          (SELECT default_version FROM pg_available_extensions WHERE name = 'jxlink'), 'installed version is the default');
SELECT ok(NOT (SELECT extrelocatable FROM pg_extension WHERE extname = 'jxlink'), 'jxlink is not relocatable');

-- Tables and columns.
SELECT has_table('jxlink', 'calendar_day', 'table calendar_day exists');
SELECT has_table('jxlink', 'calendar_year', 'table calendar_year exists');
SELECT columns_are('jxlink', 'calendar_day', ARRAY['day', 'kind', 'name_zh', 'name_en', 'source', 'origin']);
SELECT columns_are('jxlink', 'calendar_year', ARRAY['year', 'source', 'origin', 'loaded_at']);
SELECT col_is_pk('jxlink', 'calendar_day', 'day', 'col_is_pk jxlink.calendar_day.day');
SELECT col_is_pk('jxlink', 'calendar_year', 'year', 'col_is_pk jxlink.calendar_year.year');
SELECT col_type_is('jxlink', 'calendar_day', 'day', 'date', 'col_type_is jxlink.calendar_day.day.date');
SELECT col_type_is('jxlink', 'calendar_day', 'kind', 'text', 'col_type_is jxlink.calendar_day.kind.text');
SELECT col_type_is('jxlink', 'calendar_year', 'year', 'integer', 'col_type_is jxlink.calendar_year.year.integer');
SELECT col_not_null('jxlink', 'calendar_day', 'kind', 'col_not_null jxlink.calendar_day.kind');
SELECT col_not_null('jxlink', 'calendar_day', 'name_zh', 'col_not_null jxlink.calendar_day.name_zh');
SELECT col_not_null('jxlink', 'calendar_day', 'name_en', 'col_not_null jxlink.calendar_day.name_en');
SELECT col_default_is('jxlink', 'calendar_day', 'origin', 'local', 'col_default_is jxlink.calendar_day.origin.local');
SELECT col_default_is('jxlink', 'calendar_year', 'origin', 'local', 'col_default_is jxlink.calendar_year.origin.local');
SELECT col_has_check('jxlink', 'calendar_day', 'kind', 'col_has_check jxlink.calendar_day.kind');
SELECT col_has_check('jxlink', 'calendar_day', 'day', 'col_has_check jxlink.calendar_day.day');
SELECT col_has_check('jxlink', 'calendar_year', 'year', 'col_has_check jxlink.calendar_year.year');

-- Triggers.
SELECT triggers_are('jxlink', 'calendar_day',
    ARRAY['calendar_day_guard', 'calendar_day_no_truncate', 'calendar_day_changed', 'calendar_day_applied',
          'calendar_day_recompute_insert', 'calendar_day_recompute_update', 'calendar_day_recompute_delete']);
SELECT triggers_are('jxlink', 'calendar_year',
    ARRAY['calendar_year_guard', 'calendar_year_no_truncate', 'calendar_year_changed', 'calendar_year_applied',
          'calendar_year_recompute_insert', 'calendar_year_recompute_update', 'calendar_year_recompute_delete']);
SELECT trigger_is('jxlink', 'calendar_day', 'calendar_day_changed', 'jxlink', 'calendar_changed');
SELECT trigger_is('jxlink', 'calendar_day', 'calendar_day_guard', 'jxlink', 'shipped_row_guard');
-- logical replication's apply fires row triggers enabled for replica only: the invalidation for applied rows
SELECT trigger_is('jxlink', 'calendar_day', 'calendar_day_applied', 'jxlink', 'calendar_changed');
SELECT is((SELECT string_agg(tgname || '=' || tgenabled::text, ', ' ORDER BY tgname) FROM pg_trigger
           WHERE tgname IN ('calendar_day_applied', 'calendar_year_applied', 'calendar_closure_applied', 'jurisdiction_calendar_applied', 'jurisdiction_applied')),
          'calendar_closure_applied=R, calendar_day_applied=R, calendar_year_applied=R, jurisdiction_applied=R, jurisdiction_calendar_applied=R',
          'the triggers for applied rows fire under replication only');

-- The functions of the SQL contract: signatures, results, language, volatility.
SELECT has_function('jxlink', 'is_workday', ARRAY['date']);
SELECT has_function('jxlink', 'add_workdays', ARRAY['date', 'integer']);
SELECT has_function('jxlink', 'workdays_between', ARRAY['date', 'date']);
SELECT has_function('jxlink', 'is_provisional', ARRAY['date']);
SELECT has_function('jxlink', 'workday_deadline', ARRAY['timestamp with time zone', 'integer']);
SELECT has_function('jxlink', 'local_date', ARRAY['timestamp with time zone']);
SELECT has_function('jxlink', 'calendar_version', ARRAY[]::text[]);

SELECT function_returns('jxlink', 'is_workday', ARRAY['date'], 'boolean');
SELECT function_returns('jxlink', 'add_workdays', ARRAY['date', 'integer'], 'date');
SELECT function_returns('jxlink', 'workdays_between', ARRAY['date', 'date'], 'integer');
SELECT function_returns('jxlink', 'is_provisional', ARRAY['date'], 'boolean');
SELECT function_returns('jxlink', 'workday_deadline', ARRAY['timestamp with time zone', 'integer'], 'timestamp with time zone');
SELECT function_returns('jxlink', 'local_date', ARRAY['timestamp with time zone'], 'date');
SELECT function_returns('jxlink', 'calendar_version', ARRAY[]::text[], 'text');

-- Answers depend on table data: STABLE, never IMMUTABLE.
SELECT volatility_is('jxlink', 'is_workday', ARRAY['date'], 'stable');
SELECT volatility_is('jxlink', 'add_workdays', ARRAY['date', 'integer'], 'stable');
SELECT volatility_is('jxlink', 'workdays_between', ARRAY['date', 'date'], 'stable');
SELECT volatility_is('jxlink', 'is_provisional', ARRAY['date'], 'stable');
SELECT volatility_is('jxlink', 'workday_deadline', ARRAY['timestamp with time zone', 'integer'], 'stable');
SELECT volatility_is('jxlink', 'local_date', ARRAY['timestamp with time zone'], 'stable');
SELECT volatility_is('jxlink', 'calendar_version', ARRAY[]::text[], 'stable');

SELECT is_strict('jxlink', 'is_workday', ARRAY['date']);
SELECT is_strict('jxlink', 'add_workdays', ARRAY['date', 'integer']);
SELECT is_strict('jxlink', 'workdays_between', ARRAY['date', 'date']);
SELECT is_strict('jxlink', 'workday_deadline', ARRAY['timestamp with time zone', 'integer']);

SELECT function_lang_is('jxlink', 'add_workdays', ARRAY['date', 'integer'], 'c');
SELECT function_lang_is('jxlink', 'workday_deadline', ARRAY['timestamp with time zone', 'integer'], 'c');
SELECT function_lang_is('jxlink', 'shipped_row_guard', ARRAY[]::text[], 'plpgsql');

SELECT is((SELECT count(*)::int FROM pg_proc
           WHERE pronamespace = 'jxlink'::regnamespace AND proparallel <> 's'
             AND proname IN ('is_workday', 'add_workdays', 'workdays_between', 'is_provisional',
                             'workday_deadline', 'local_date', 'calendar_version')), 0,
          'every calendar function is PARALLEL SAFE');

-- Hygiene: functions that set no search_path run no SQL of their own.  One
-- exception: read_complainant_contact commits (a procedure with a SET clause
-- cannot); it runs as the caller and every name in it is schema-qualified.
SELECT is((SELECT array_agg(proname::text ORDER BY proname) FROM pg_proc
           WHERE pronamespace = 'jxlink'::regnamespace AND prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')
             AND NOT coalesce(proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)
             AND NOT (prokind = 'p' AND NOT prosecdef AND proname = 'read_complainant_contact')),
          NULL, 'every PL/pgSQL function pins search_path to pg_catalog, pg_temp');
SELECT is((SELECT array_agg(proname::text ORDER BY proname) FROM pg_proc
           WHERE pronamespace = 'jxlink'::regnamespace AND prosecdef
             AND NOT coalesce(proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)),
          NULL, 'every SECURITY DEFINER function pins search_path to pg_catalog, pg_temp');

-- Privileges: everyone may read the calendar and use the functions; only
-- the owner writes it; nobody but the owner runs the trigger functions.
SELECT schema_privs_are('jxlink', 'public', ARRAY['USAGE']);
SELECT table_privs_are('jxlink', 'calendar_day', 'public', ARRAY['SELECT']);
SELECT table_privs_are('jxlink', 'calendar_year', 'public', ARRAY['SELECT']);
SELECT function_privs_are('jxlink', 'add_workdays', ARRAY['date', 'integer'], 'public', ARRAY['EXECUTE']);
SELECT function_privs_are('jxlink', 'shipped_row_guard', ARRAY[]::text[], 'public', ARRAY[]::text[]);
SELECT function_privs_are('jxlink', 'calendar_changed', ARRAY[]::text[], 'public', ARRAY[]::text[]);

-- The calendar tables are registered for pg_dump.
SELECT ok(ARRAY['calendar_day', 'calendar_year'] <@ (SELECT array_agg(c.relname::text)
      FROM pg_extension e, unnest(e.extconfig) AS cfg(oid) JOIN pg_class c ON c.oid = cfg.oid
      WHERE e.extname = 'jxlink'), 'both calendar tables are extension configuration tables');
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
           WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'r'
             AND c.oid <> ALL ((SELECT extconfig FROM pg_extension WHERE extname = 'jxlink')::oid[])),
          NULL, 'every table of the extension is registered for pg_dump');

SELECT * FROM finish();
ROLLBACK;
