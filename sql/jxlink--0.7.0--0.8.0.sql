/*
 * jxlink 0.7.0 -> 0.8.0
 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.8.0'" to load this file. \quit

------------------------------------------------------------------------------
-- One event path (create and the decision's share through the C path)
--
-- The event-time and required-text checks are written once, in C
-- (src/event_check.c): the C path calls them directly, the PL/pgSQL API
-- functions as before by name.
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION jxlink.check_occurred_at(occurred_at timestamptz, previous timestamptz, what text) RETURNS void
AS 'MODULE_PATHNAME', 'jxlink_check_occurred_at'
LANGUAGE C PARALLEL SAFE;

CREATE OR REPLACE FUNCTION jxlink.require_text(value text, what text) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_require_text'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
