/*
 * jxlink 0.7.0 -> 0.8.0
 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.8.0'" to load this file. \quit
