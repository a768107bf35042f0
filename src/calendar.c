/*-------------------------------------------------------------------------
 *
 * calendar.c
 *	  The per-backend working-day calendar.
 *
 * The official schedule lives in jxlink.calendar_day (rest days and make-up
 * working days) and jxlink.calendar_year (years whose schedule is loaded).
 * A date not listed follows the weekday rule: Monday to Friday work.  This
 * file reads both tables into three arrays over the supported range:
 *
 *	  flags[i]	 - whether day i is a working day, whether it is provisional
 *	  before[i]	 - how many working days lie in [first day, day i)
 *	  workday[k] - the day offset of the k-th working day
 *
 * so that every question (is it a working day, the n-th working day after a
 * date, working days between two dates) is answered by one or two array
 * reads.  The arrays are rebuilt at the first call after a relcache
 * invalidation of either table; a statement trigger on both tables raises
 * one (calendar_sql.c), so a change is seen by the changing transaction at
 * its next command and by every other backend after commit.
 *
 * A change to jxlink.calendar_closure or jxlink.jurisdiction (the local
 * closures and who belongs to which city) raises the same invalidation: the
 * arrays are rebuilt with it and the closure overlays of calendar_closure.c,
 * which follow calendar_build_count(), after them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/parallel.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "calendar.h"

#define CAL_WORKDAY			0x01
#define CAL_PROVISIONAL		0x02

typedef struct Calendar
{
	DateADT		first;			/* first supported date */
	int32		ndays;			/* number of supported dates */
	int32		nworkdays;		/* working days in the range */
	uint8	   *flags;			/* ndays entries of CAL_* bits */
	int32	   *before;			/* ndays + 1 running counts of working days */
	int32	   *workday;		/* nworkdays day offsets */
	bool		transient;		/* built in parallel mode from an older snapshot */
	uint64		version;		/* hash of the rows it was built from */
} Calendar;

static MemoryContext CalendarContext = NULL;
static Calendar *calendar = NULL;
static uint64 calendar_generation = 0;	/* generation the calendar was built at */
static uint64 inval_generation = 1; /* bumped by every relevant invalidation */
static Oid	calendar_day_relid = InvalidOid;
static Oid	calendar_year_relid = InvalidOid;
static Oid	calendar_closure_relid = InvalidOid;
static Oid	jurisdiction_relid = InvalidOid;
static uint64 calendar_builds = 0;	/* how many times the arrays were built */

/*
 * Relcache callback: a change to either calendar table makes the arrays stale.
 */
static void
calendar_relcache_callback(Datum arg pg_attribute_unused(), Oid relid)
{
	if (relid == InvalidOid || relid == calendar_day_relid ||
		relid == calendar_year_relid || relid == calendar_closure_relid ||
		relid == jurisdiction_relid)
		inval_generation++;
}

/*
 * Register the relcache callback (once per backend, from _PG_init).
 */
void
calendar_register_callbacks(void)
{
	CacheRegisterRelcacheCallback(calendar_relcache_callback, (Datum) 0);
}

/*
 * Forget the arrays, so that the next call rebuilds them.
 */
void
calendar_invalidate(void)
{
	inval_generation++;
}

/*
 * FNV-1a step over a buffer (the calendar's version hashes, national and local).
 */
uint64
calendar_hash_bytes(uint64 hash, const void *data, Size len)
{
	const unsigned char *p = data;

	while (len-- > 0)
	{
		hash ^= *p++;
		hash *= UINT64CONST(0x100000001b3);
	}
	return hash;
}

/*
 * Look up the calendar tables' OIDs in schema jxlink, or complain.
 */
static void
calendar_lookup_relids(void)
{
	Oid			nsp = get_namespace_oid("jxlink", true);

	calendar_day_relid = OidIsValid(nsp) ? get_relname_relid("calendar_day", nsp) : InvalidOid;
	calendar_year_relid = OidIsValid(nsp) ? get_relname_relid("calendar_year", nsp) : InvalidOid;
	/* absent while an upgrade to 0.12.0 runs: nothing to watch yet */
	calendar_closure_relid = OidIsValid(nsp) ? get_relname_relid("calendar_closure", nsp) : InvalidOid;
	jurisdiction_relid = OidIsValid(nsp) ? get_relname_relid("jurisdiction", nsp) : InvalidOid;
	if (!OidIsValid(calendar_day_relid) || !OidIsValid(calendar_year_relid))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("extension \"jxlink\" is not installed in this database"),
				 errhint("Run CREATE EXTENSION jxlink.")));
}

/*
 * Run a read-only query with the given snapshot; its rows are in SPI_tuptable.
 */
void
calendar_query(const char *sql, Snapshot snap)
{
	SPIPlanPtr	plan = SPI_prepare(sql, 0, NULL);

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for \"%s\": %s",
			 sql, SPI_result_code_string(SPI_result));
	if (SPI_execute_snapshot(plan, NULL, NULL, snap, InvalidSnapshot,
							 true, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_snapshot failed for \"%s\"", sql);
}

/*
 * Fill the flags by the weekday rule: Monday to Friday work; all provisional.
 */
static void
calendar_weekday_rule(Calendar *cal)
{
	int			dow = j2day(cal->first + POSTGRES_EPOCH_JDATE);

	for (int32 i = 0; i < cal->ndays; i++)
	{
		cal->flags[i] = CAL_PROVISIONAL | ((dow != 0 && dow != 6) ? CAL_WORKDAY : 0);
		dow = (dow + 1) % 7;
	}
}

/*
 * Apply the rows of calendar_day (rest days and make-up working days).
 */
static uint64
calendar_apply_days(Calendar *cal, Snapshot snap, uint64 hash)
{
	calendar_query("SELECT d.day, d.kind FROM jxlink.calendar_day d ORDER BY d.day", snap);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		DateADT		day = DatumGetDateADT(SPI_getbinval(tup, desc, 1, &isnull));
		char	   *kind = SPI_getvalue(tup, desc, 2);
		int64		i = (int64) day - cal->first;
		bool		work = (kind != NULL && strcmp(kind, "workday") == 0);

		CHECK_FOR_INTERRUPTS();
		if (i < 0 || i >= cal->ndays)
			continue;			/* the table's CHECK keeps this from happening */
		cal->flags[i] = (cal->flags[i] & ~CAL_WORKDAY) | (work ? CAL_WORKDAY : 0);
		hash = calendar_hash_bytes(hash, &day, sizeof(day));
		hash = calendar_hash_bytes(hash, &work, sizeof(work));
	}
	return hash;
}

/*
 * Clear the provisional flag of every day of the years in calendar_year.
 */
static uint64
calendar_apply_years(Calendar *cal, Snapshot snap, uint64 hash)
{
	calendar_query("SELECT y.year FROM jxlink.calendar_year y ORDER BY y.year", snap);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		bool		isnull;
		int32		year = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[r],
													   SPI_tuptable->tupdesc, 1, &isnull));
		int64		lo,
					hi;

		CHECK_FOR_INTERRUPTS();
		if (year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR)
			continue;			/* the table's CHECK keeps this from happening */
		lo = date2j(year, 1, 1) - POSTGRES_EPOCH_JDATE - cal->first;
		hi = date2j(year + 1, 1, 1) - POSTGRES_EPOCH_JDATE - cal->first;
		for (int64 i = lo; i < hi; i++)
			cal->flags[i] &= ~CAL_PROVISIONAL;
		hash = calendar_hash_bytes(hash, &year, sizeof(year));
	}
	return hash;
}

/*
 * Compute the running counts and the index of working days from the flags.
 */
static void
calendar_index(Calendar *cal)
{
	int32		k = 0;

	cal->before = MemoryContextAlloc(CalendarContext, sizeof(int32) * (cal->ndays + 1));
	for (int32 i = 0; i < cal->ndays; i++)
	{
		cal->before[i] = k;
		if (cal->flags[i] & CAL_WORKDAY)
			k++;
	}
	cal->before[cal->ndays] = k;
	cal->nworkdays = k;
	cal->workday = MemoryContextAlloc(CalendarContext, sizeof(int32) * Max(k, 1));
	for (int32 i = 0; i < cal->ndays; i++)
		if (cal->flags[i] & CAL_WORKDAY)
			cal->workday[cal->before[i]] = i;
}

/*
 * The first day of the supported range (CALENDAR_FIRST_YEAR-01-01).
 */
static inline DateADT
calendar_first_day(void)
{
	return date2j(CALENDAR_FIRST_YEAR, 1, 1) - POSTGRES_EPOCH_JDATE;
}

/*
 * The day after the supported range (CALENDAR_LAST_YEAR+1-01-01).
 */
static inline DateADT
calendar_end_day(void)
{
	return date2j(CALENDAR_LAST_YEAR + 1, 1, 1) - POSTGRES_EPOCH_JDATE;
}

/*
 * Build the arrays from the calendar tables.
 *
 * The tables are read with the latest snapshot, so that a backend never keeps
 * a calendar older than the last committed change it was told about; the
 * latest snapshot also sees this transaction's own earlier commands.  Parallel
 * mode cannot take a new snapshot: there the active one is used and the result
 * is marked transient, to be rebuilt outside parallel mode.
 */
static Calendar *
calendar_build(void)
{
	uint64		generation = inval_generation;
	bool		transient = IsInParallelMode();
	Snapshot	snap;
	Calendar   *cal;
	uint64		hash = UINT64CONST(0xcbf29ce484222325);

	calendar = NULL;
	if (CalendarContext == NULL)
		CalendarContext = AllocSetContextCreate(TopMemoryContext,
												"jxlink calendar",
												ALLOCSET_DEFAULT_SIZES);
	else
		MemoryContextReset(CalendarContext);

	calendar_lookup_relids();
	cal = MemoryContextAllocZero(CalendarContext, sizeof(Calendar));
	cal->first = calendar_first_day();
	cal->ndays = calendar_end_day() - cal->first;
	cal->flags = MemoryContextAlloc(CalendarContext, cal->ndays);
	cal->transient = transient;
	calendar_weekday_rule(cal);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	snap = transient ? GetActiveSnapshot() : GetLatestSnapshot();
	hash = calendar_apply_days(cal, snap, hash);
	hash = calendar_apply_years(cal, snap, hash);
	SPI_finish();

	calendar_index(cal);
	cal->version = hash;
	calendar = cal;
	calendar_generation = generation;
	calendar_builds++;
	return cal;
}

/*
 * The current calendar, rebuilt first if a change made it stale.
 */
static inline Calendar *
calendar_get(void)
{
	Calendar   *cal = calendar;

	if (likely(cal != NULL && calendar_generation == inval_generation &&
			   (!cal->transient || IsInParallelMode())))
		return cal;
	return calendar_build();
}

/*
 * Complain about a date or a result outside the supported range.
 */
static void
calendar_out_of_range(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("%s is out of range for the working-day calendar", what),
			 errdetail("The working-day calendar covers %d-01-01 to %d-12-31.",
					   CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR)));
}

/*
 * Offset of a date in the calendar, or an error if it lies outside.
 */
static inline int32
calendar_offset(const Calendar *cal, DateADT day)
{
	int64		i = (int64) day - cal->first;

	if (unlikely(DATE_NOT_FINITE(day)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("working-day arithmetic is not defined for infinite dates")));
	if (unlikely(i < 0 || i >= cal->ndays))
		calendar_out_of_range("date");
	return (int32) i;
}

/*
 * Is the date finite and inside the supported range?  (No table is read.)
 */
bool
calendar_contains(DateADT day)
{
	return !DATE_NOT_FINITE(day) &&
		day >= calendar_first_day() && day < calendar_end_day();
}

/*
 * Is the date a working day?
 */
bool
calendar_is_workday(DateADT day)
{
	Calendar   *cal = calendar_get();

	return (cal->flags[calendar_offset(cal, day)] & CAL_WORKDAY) != 0;
}

/*
 * Does the date fall in a year without a loaded official schedule?
 */
bool
calendar_is_provisional(DateADT day)
{
	Calendar   *cal = calendar_get();

	return (cal->flags[calendar_offset(cal, day)] & CAL_PROVISIONAL) != 0;
}

/*
 * The n-th working day after (n > 0) or before (n < 0) a date; for n = 0 the
 * date itself if it is a working day, else the next working day.
 */
DateADT
calendar_add_workdays(DateADT day, int32 n)
{
	Calendar   *cal = calendar_get();
	int32		i = calendar_offset(cal, day);
	int64		k;

	if (n > 0)
		k = (int64) cal->before[i + 1] + n - 1;
	else if (n < 0)
		k = (int64) cal->before[i] + n;
	else if (cal->flags[i] & CAL_WORKDAY)
		return day;
	else
		k = cal->before[i];
	if (unlikely(k < 0 || k >= cal->nworkdays))
		calendar_out_of_range("result");
	return cal->first + cal->workday[k];
}

/*
 * Working days in (from, to] when to >= from, minus those in (to, from]
 * otherwise.
 */
int32
calendar_workdays_between(DateADT from, DateADT to)
{
	Calendar   *cal = calendar_get();
	int32		i = calendar_offset(cal, from);
	int32		j = calendar_offset(cal, to);

	return cal->before[j + 1] - cal->before[i + 1];
}

/*
 * A hash of the calendar rows the current answers are built from.
 */
uint64
calendar_version(void)
{
	return calendar_get()->version;
}

/*
 * Make the arrays current and say which build they are (it changes whenever
 * they are rebuilt); *transient is set when they were built in parallel mode.
 */
uint64
calendar_build_count(bool *transient)
{
	*transient = calendar_get()->transient;
	return calendar_builds;
}
