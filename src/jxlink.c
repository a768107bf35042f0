/*-------------------------------------------------------------------------
 *
 * jxlink.c
 *	  Module entry point: settings and cache callbacks of the extension.
 *
 * jxlink turns a sub-district's rules for coordinating administrative law
 * enforcement (新塘街道综合行政执法协调协作联动机制暂行规定, 2022) into a
 * system of record.  Each concept lives in its own file:
 *	  localtime.c	   - the jxlink.timezone setting and local dates
 *	  calendar.c	   - the per-backend working-day calendar
 *	  calendar_sql.c   - the SQL-callable calendar functions
 *	  referral_fsm.c   - the referral state machine and its guard trigger
 *	  referral_apply.c - the referral API: the one path of every event
 *	  history_chain.c  - the hash chain of the referral history
 *	  spi_plan.c	   - saved plans of jxlink's own queries
 *	  ident.c		   - time-ordered UUIDs and the calling role
 *	  docno.c		   - the document number type
 *	  drop_guard.c	   - the guarded DROP EXTENSION (jxlink.drop_records)
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "calendar.h"
#include "drop_guard.h"
#include "localtime.h"
#include "replicated.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * Define the settings and register the cache callbacks, once per backend.
 */
void
_PG_init(void)
{
	localtime_define_guc();
	drop_guard_define_guc();
	MarkGUCPrefixReserved("jxlink");
	calendar_register_callbacks();
	replicated_register_callbacks();
}
