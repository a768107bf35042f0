# jxlink — PGXS build.  PG_CONFIG may be overridden: make PG_CONFIG=/path/to/pg_config
EXTENSION = jxlink
MODULE_big = jxlink
OBJS = src/jxlink.o src/server_text.o src/localtime.o src/calendar.o src/calendar_sql.o src/calendar_closure.o src/referral_fsm.o src/ident.o src/docno.o \
	src/spi_plan.o src/referral_apply.o src/history_chain.o src/event_check.o src/drop_guard.o src/time_limit.o \
	src/referral_state.o src/replicated.o

# The current version's install script is built from the concept files under
# sql/, NN_concept.sql, in the order of their numbers (each file defines its
# objects once; see doc/architecture.md).  The frozen scripts of released versions stay
# installable: jxlink--0.1.0.sql (generated from its template, as released)
# and every upgrade script jxlink--A--B.sql.
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" jxlink.control)
CONCEPT_FILES = $(sort $(wildcard sql/[0-9][0-9]_*.sql))
DATA_built = sql/jxlink--0.1.0.sql sql/jxlink--$(EXTVERSION).sql
DATA = $(wildcard sql/jxlink--*--*.sql)

REGRESS = install calendar_workdays calendar_errors calendar_timezone calendar_admin referral_deadlines referral_workflow referral_other_outcomes referral_illegal_transitions referral_refused_actor referral_refused_arguments referral_refused_timing docno_upgrade docno_input docno_rejected docno_functions docno_order_indexes docno_binary docno_numbering views_as_of views_scorecard_live complaints_first_receiver joint_meeting sharing_assistance patrol_findings supervision_views history ledger_periods ledger_calendar gaming_dates gaming_history gaming_meetings gaming_referral gaming_confidentiality gaming_event_times gaming_withdraw_late data_dictionary bi_reporting guarded_drop setup_as_written bi_login bi_as_of time_limit referral_state install_euc_cn municipal_model municipal_readers municipal_calendar municipal_local sealed_quarters alerts case_notices bulletin replication
REGRESS_OPTS = --inputdir=test --load-extension=plpgsql
ISOLATION = calendar_invalidation referral_accept_return referral_extension_race referral_create_race docno_concurrency history_chain_race calendar_closure_invalidation sealed_quarter_race alert_claim_race alert_warning_race
ISOLATION_OPTS = --inputdir=test

EXTRA_CLEAN = results output_iso regression.diffs regression.out tmp_check


PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
# Warnings are errors in jxlink's own code; PostgreSQL's headers count as system headers.
PG_CPPFLAGS = -isystem $(shell $(PG_CONFIG) --includedir-server) -Wall -Wextra -Werror
include $(PGXS)

sql/jxlink--0.1.0.sql: sql/jxlink--0.1.0.sql.in data/cn_calendar.tsv data/calendar_to_sql.awk
	awk -f data/calendar_to_sql.awk data/cn_calendar.tsv $< > $@.tmp
	mv $@.tmp $@

# The header (the psql guard; SQL function bodies are checked by the tests,
# not while the script runs, so a function may name a table of a later file),
# then the concept files, the calendar rows replacing their placeholder.
sql/jxlink--$(EXTVERSION).sql: $(CONCEPT_FILES) data/cn_calendar.tsv data/calendar_to_sql.awk jxlink.control Makefile
	{ printf '%s\n' '-- jxlink $(EXTVERSION): built by make from the concept files sql/NN_*.sql; do not edit.' \
	    '\echo Use "CREATE EXTENSION jxlink" to load this file. \quit' \
	    'SET LOCAL check_function_bodies = false;' ''; \
	  for f in $(CONCEPT_FILES); do cat $$f; echo; done; } \
	| awk -f data/calendar_to_sql.awk data/cn_calendar.tsv - > $@.tmp
	mv $@.tmp $@

# Every object file depends on the headers it includes.
$(OBJS): $(wildcard src/*.h)
