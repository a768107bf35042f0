-- jxlink 0.10.0 -> 0.11.0: custom types for what the provisions count in (issue 18, in progress).
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.11.0'" to load this file. \quit

