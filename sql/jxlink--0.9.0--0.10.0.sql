-- jxlink 0.9.0 -> 0.10.0: BI tools and DBAs as they really work (issue 15, in progress).
-- Restates, with CREATE OR REPLACE or ALTER, every object whose definition in
-- the concept files sql/NN_*.sql changed; test/t/002_upgrade.pl compares the
-- result with a fresh install.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.10.0'" to load this file. \quit

-- ===== F. the guarded DROP =====
-- (section F)

-- ===== end F =====


-- ===== G. the data dictionary =====
-- (section G)

-- ===== end G =====


-- ===== H. reporting over SQL (三（四）) =====
-- (section H)

-- ===== end H =====
