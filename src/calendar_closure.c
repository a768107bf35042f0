/*-------------------------------------------------------------------------
 *
 * calendar_closure.c
 *	  Local closures: the working-day calendar of one jurisdiction.
 *
 * The national calendar (calendar.c) is shared by every jurisdiction of the
 * database.  A jurisdiction may also be closed on some of its working days
 * (a typhoon, a flood: jxlink.calendar_closure); a closure declared for a
 * city closes the city and every jurisdiction whose parent it is.  This file
 * keeps, per jurisdiction, the sorted days closed for it (its own and its
 * city's) that are national working days -- the overlay -- and answers the
 * working-day questions of that jurisdiction from the national arrays and a
 * binary search in the overlay:
 *
 *	  workdays in (a, b]  = national count - closed days in (a, b]
 *	  n-th workday after  = national n-th, pushed on by the closed days it
 *							passed over until none is passed over
 *
 * The overlays are rebuilt whenever the national arrays are (every change to
 * calendar_day, calendar_year, calendar_closure or jurisdiction invalidates
 * them, see calendar.c), at the first call after it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/parallel.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "calendar.h"
#include "calendar_closure.h"

struct ClosureOverlay
{
	char	   *code;			/* the jurisdiction */
	int32		nclosed;		/* how many closed days */
	DateADT    *closed;			/* sorted, distinct, national working days */
	uint64		version;		/* national version, with the closed days */
};

typedef struct ClosureSet
{
	int			n;				/* jurisdictions */
	ClosureOverlay *items;		/* sorted by code (strcmp) */
	uint64		build;			/* calendar_build_count() it was built at */
	bool		transient;		/* built in parallel mode */
} ClosureSet;

static MemoryContext ClosureContext = NULL;
static ClosureSet *closures = NULL;

/*
 * Run the query listing every jurisdiction with the days closed for it
 * (null when none), ordered by code in byte order, then by day.
 */
static void
closure_query(Snapshot snap)
{
	static const char *sql =
		"SELECT j.code, c.day FROM jxlink.jurisdiction j"
		" LEFT JOIN jxlink.calendar_closure c"
		"   ON c.jurisdiction OPERATOR(pg_catalog.=) j.code"
		"   OR c.jurisdiction OPERATOR(pg_catalog.=) j.parent"
		" ORDER BY j.code COLLATE \"C\", c.day";

	calendar_query(sql, snap);
}

/*
 * Fill the overlays from the query's rows: one per jurisdiction, keeping the
 * closed days that are national working days, each once.
 */
static void
closure_fill(ClosureSet *set, uint64 national)
{
	TupleDesc	desc = SPI_tuptable->tupdesc;

	set->items = MemoryContextAllocZero(ClosureContext,
										sizeof(ClosureOverlay) * Max(SPI_processed, 1));
	set->n = 0;
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		char	   *code = SPI_getvalue(tup, desc, 1);
		bool		isnull;
		DateADT		day = DatumGetDateADT(SPI_getbinval(tup, desc, 2, &isnull));
		ClosureOverlay *ov = set->n > 0 ? &set->items[set->n - 1] : NULL;

		CHECK_FOR_INTERRUPTS();
		if (ov == NULL || strcmp(ov->code, code) != 0)
		{
			ov = &set->items[set->n++];
			ov->code = MemoryContextStrdup(ClosureContext, code);
			ov->closed = MemoryContextAlloc(ClosureContext,
											sizeof(DateADT) * (SPI_processed - r));
			ov->version = national;
		}
		/* a closure on a day the national calendar has since made a rest day closes nothing */
		if (isnull || !calendar_contains(day) || !calendar_is_workday(day) ||
			(ov->nclosed > 0 && ov->closed[ov->nclosed - 1] == day))
			continue;
		ov->closed[ov->nclosed++] = day;
		if (ov->nclosed == 1)
			ov->version = calendar_hash_bytes(ov->version, code, strlen(code));
		ov->version = calendar_hash_bytes(ov->version, &day, sizeof(day));
	}
}

/*
 * The overlays, rebuilt first if the national arrays were rebuilt since.
 */
static ClosureSet *
closure_get(void)
{
	bool		transient;
	uint64		build = calendar_build_count(&transient);
	ClosureSet *set;
	Snapshot	snap;

	if (likely(closures != NULL && closures->build == build &&
			   (!closures->transient || IsInParallelMode())))
		return closures;

	closures = NULL;
	if (ClosureContext == NULL)
		ClosureContext = AllocSetContextCreate(TopMemoryContext,
											   "jxlink calendar closures",
											   ALLOCSET_DEFAULT_SIZES);

	/*
	 * Reading the tables may take in an invalidation that rebuilds the
	 * national arrays under the fill: then fill again against the new ones.
	 */
	for (;;)
	{
		MemoryContextReset(ClosureContext);
		set = MemoryContextAllocZero(ClosureContext, sizeof(ClosureSet));
		set->transient = IsInParallelMode();
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		snap = set->transient ? GetActiveSnapshot() : GetLatestSnapshot();
		closure_query(snap);
		closure_fill(set, calendar_version());
		SPI_finish();
		set->build = calendar_build_count(&transient);
		if (set->build == build)
			break;
		build = set->build;
	}
	closures = set;
	return set;
}

/*
 * The overlay of a jurisdiction, or an error if there is no such jurisdiction.
 */
const ClosureOverlay *
closure_overlay(const char *jurisdiction)
{
	ClosureSet *set = closure_get();
	int			lo = 0,
				hi = set->n - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(jurisdiction, set->items[mid].code);

		if (c == 0)
			return &set->items[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("jurisdiction \"%s\" does not exist", jurisdiction),
			 errhint("The jurisdictions are the rows of jxlink.jurisdiction.")));
	return NULL;				/* not reached */
}

/*
 * How many closed days of the overlay are <= day.
 */
static int32
closure_count_upto(const ClosureOverlay *ov, DateADT day)
{
	int32		lo = 0,
				hi = ov->nclosed;

	while (lo < hi)
	{
		int32		mid = lo + (hi - lo) / 2;

		if (ov->closed[mid] <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Is the day closed in the overlay?
 */
static bool
closure_is_closed(const ClosureOverlay *ov, DateADT day)
{
	int32		k = closure_count_upto(ov, day);

	return k > 0 && ov->closed[k - 1] == day;
}

/*
 * Is the date a working day of the jurisdiction?
 */
bool
closure_is_workday(const ClosureOverlay *ov, DateADT day)
{
	return calendar_is_workday(day) && !closure_is_closed(ov, day);
}

/*
 * The n-th working day of the jurisdiction after (n > 0) or before (n < 0) a
 * date; for n = 0 the date itself if it is one, else the next one.
 */
DateADT
closure_add_workdays(const ClosureOverlay *ov, DateADT day, int32 n)
{
	DateADT		r = calendar_add_workdays(day, n);
	DateADT		prev = day;
	int32		passed;

	if (ov->nclosed == 0)
		return r;
	if (n == 0)
	{
		while (closure_is_closed(ov, r))
			r = calendar_add_workdays(r, 1);
		return r;
	}
	for (;;)
	{
		CHECK_FOR_INTERRUPTS();
		/* the closed days passed over between prev and r count for nothing */
		if (n > 0)
			passed = closure_count_upto(ov, r) - closure_count_upto(ov, prev);
		else
			passed = closure_count_upto(ov, prev - 1) - closure_count_upto(ov, r - 1);
		if (passed == 0)
			return r;
		prev = r;
		r = calendar_add_workdays(r, n > 0 ? passed : -passed);
	}
}

/*
 * Working days of the jurisdiction in (from, to] when to >= from, minus those
 * in (to, from] otherwise.
 */
int32
closure_workdays_between(const ClosureOverlay *ov, DateADT from, DateADT to)
{
	int32		national = calendar_workdays_between(from, to);

	return national - (closure_count_upto(ov, to) - closure_count_upto(ov, from));
}

/*
 * A hash of the calendar the jurisdiction's answers are built from: the
 * national version when nothing is closed for it.
 */
uint64
closure_version(const ClosureOverlay *ov)
{
	return ov->version;
}
