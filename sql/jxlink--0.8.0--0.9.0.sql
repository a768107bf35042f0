-- jxlink 0.8.0 -> 0.9.0: verdicts no one can game (issue 12).
-- Restates, with CREATE OR REPLACE or ALTER, every object whose definition in
-- the concept files sql/NN_*.sql changed; test/t/002_upgrade.pl compares the
-- result with a fresh install.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.9.0'" to load this file. \quit

-- ===== A. the ledger: event times, late recording, lateness kept =====
-- (section A)

-- ===== end A =====


-- ===== B. referrals: advance notice, returns, actor first, drafts, personal fields =====
-- (section B)

-- ===== end B =====


-- ===== C. the joint meeting =====
-- (section C)

-- ===== end C =====


-- ===== D. confidentiality: staff record, contact reads, leaks =====
-- (section D)

-- ===== end D =====


-- ===== E. poison dates and the history anchor =====
-- (section E)

-- ===== end E =====
