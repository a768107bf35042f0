# jxlink — PGXS build.  PG_CONFIG may be overridden: make PG_CONFIG=/path/to/pg_config
EXTENSION = jxlink
MODULE_big = jxlink
OBJS = src/jxlink.o src/localtime.o src/calendar.o src/calendar_sql.o src/referral_fsm.o src/ident.o src/docno.o \
	src/spi_plan.o src/referral_apply.o src/history_chain.o

# The 0.1.0 install script is generated: its calendar rows come from data/cn_calendar.tsv.
DATA_built = sql/jxlink--0.1.0.sql
DATA = $(filter-out $(DATA_built),$(wildcard sql/jxlink--*--*.sql))

REGRESS = install calendar calendar_errors calendar_timezone calendar_admin referral docno views linkage history
REGRESS_OPTS = --inputdir=test --load-extension=plpgsql
ISOLATION = calendar_invalidation referral_accept_return referral_extension_race referral_create_race docno_concurrency
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

$(OBJS): src/calendar.h src/localtime.h src/referral_fsm.h src/docno.h src/spi_plan.h
