/*-------------------------------------------------------------------------
 *
 * calendar_sql.c
 *	  SQL-callable working-day functions and the calendar change trigger.
 *
 * The arithmetic is in calendar.c; local time in localtime.c.  Every function
 * here is declared STABLE STRICT: its answers depend on table data.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/trigger.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "calendar_closure.h"
#include "localtime.h"

PG_FUNCTION_INFO_V1(jxlink_is_workday);
PG_FUNCTION_INFO_V1(jxlink_is_provisional);
PG_FUNCTION_INFO_V1(jxlink_add_workdays);
PG_FUNCTION_INFO_V1(jxlink_workdays_between);
PG_FUNCTION_INFO_V1(jxlink_workdays_between_or_null);
PG_FUNCTION_INFO_V1(jxlink_workday_deadline);
PG_FUNCTION_INFO_V1(jxlink_local_date);
PG_FUNCTION_INFO_V1(jxlink_local_midnight);
PG_FUNCTION_INFO_V1(jxlink_local_timezone);
PG_FUNCTION_INFO_V1(jxlink_calendar_version);
PG_FUNCTION_INFO_V1(jxlink_calendar_changed);
PG_FUNCTION_INFO_V1(jxlink_is_workday_in);
PG_FUNCTION_INFO_V1(jxlink_add_workdays_in);
PG_FUNCTION_INFO_V1(jxlink_workdays_between_in);
PG_FUNCTION_INFO_V1(jxlink_workdays_between_or_null_in);
PG_FUNCTION_INFO_V1(jxlink_workday_deadline_in);
PG_FUNCTION_INFO_V1(jxlink_calendar_version_in);

/*
 * is_workday(date) returns boolean
 */
Datum
jxlink_is_workday(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(calendar_is_workday(PG_GETARG_DATEADT(0)));
}

/*
 * is_provisional(date) returns boolean
 */
Datum
jxlink_is_provisional(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(calendar_is_provisional(PG_GETARG_DATEADT(0)));
}

/*
 * add_workdays(date, integer) returns date
 */
Datum
jxlink_add_workdays(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(calendar_add_workdays(PG_GETARG_DATEADT(0),
											PG_GETARG_INT32(1)));
}

/*
 * workdays_between(date, date) returns integer
 */
Datum
jxlink_workdays_between(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(calendar_workdays_between(PG_GETARG_DATEADT(0),
											  PG_GETARG_DATEADT(1)));
}

/*
 * workdays_between_or_null(date, date) returns integer: as workdays_between,
 * or null when either day is infinite or outside the calendar (so that one
 * row with such a day cannot make a reader fail)
 */
Datum
jxlink_workdays_between_or_null(PG_FUNCTION_ARGS)
{
	DateADT		from = PG_GETARG_DATEADT(0);
	DateADT		to = PG_GETARG_DATEADT(1);

	if (!calendar_contains(from) || !calendar_contains(to))
		PG_RETURN_NULL();
	PG_RETURN_INT32(calendar_workdays_between(from, to));
}

/*
 * Refuse a negative number of working days for a deadline (22023).
 */
static void
check_workdays(int32 n)
{
	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of working days must not be negative: %d", n)));
}

/*
 * workday_deadline(timestamptz, integer) returns timestamptz
 *
 * The first late instant of an obligation of n working days started at the
 * given instant: 00:00 local time after the n-th working day after the local
 * start date (the start day is not counted).
 */
Datum
jxlink_workday_deadline(PG_FUNCTION_ARGS)
{
	TimestampTz started = PG_GETARG_TIMESTAMPTZ(0);
	int32		n = PG_GETARG_INT32(1);
	DateADT		due;

	check_workdays(n);
	due = calendar_add_workdays(local_date_of(started), n);
	PG_RETURN_TIMESTAMPTZ(local_midnight(due + 1));
}

/*
 * local_date(timestamptz) returns date: the date in jxlink.timezone
 */
Datum
jxlink_local_date(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(local_date_of(PG_GETARG_TIMESTAMPTZ(0)));
}

/*
 * local_midnight(date) returns timestamptz: 00:00 of the date in jxlink.timezone
 */
Datum
jxlink_local_midnight(PG_FUNCTION_ARGS)
{
	DateADT		day = PG_GETARG_DATEADT(0);

	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("local midnight is not defined for infinite dates")));
	PG_RETURN_TIMESTAMPTZ(local_midnight(day));
}

/*
 * local_timezone() returns text: the value of jxlink.timezone
 *
 * Unlike current_setting('jxlink.timezone'), it works in a session that has
 * not loaded the library yet.
 */
Datum
jxlink_local_timezone(PG_FUNCTION_ARGS pg_attribute_unused())
{
	PG_RETURN_TEXT_P(cstring_to_text(local_timezone_name()));
}

/*
 * A calendar version as text: 16 hex digits.
 */
static text *
version_text(uint64 version)
{
	char		buf[17];

	snprintf(buf, sizeof(buf), "%016llx", (unsigned long long) version);
	return cstring_to_text(buf);
}

/*
 * calendar_version() returns text: a hash of the calendar rows in use
 */
Datum
jxlink_calendar_version(PG_FUNCTION_ARGS pg_attribute_unused())
{
	PG_RETURN_TEXT_P(version_text(calendar_version()));
}

/*
 * Statement trigger on the calendar tables: queue a relcache invalidation of
 * the changed table.  It reaches this backend at its next command and every
 * other backend after commit; calendar.c rebuilds on it.  Logical
 * replication's apply worker fires row triggers only, so the same function
 * also serves as an AFTER ... FOR EACH ROW trigger enabled for replica
 * (sql/80_replication.sql).
 */
Datum
jxlink_calendar_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Oid			day_relid;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("calendar_changed() must be called as an AFTER trigger")));
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	/* a backend that built its calendar before calendar_closure existed watches calendar_day only */
	day_relid = get_relname_relid("calendar_day", RelationGetNamespace(trigdata->tg_relation));
	if (OidIsValid(day_relid) && day_relid != RelationGetRelid(trigdata->tg_relation))
		CacheInvalidateRelcacheByRelid(day_relid);
	calendar_invalidate();
	PG_RETURN_POINTER(NULL);
}

/*
 * The closure overlay of the jurisdiction named by a text argument.
 */
static const ClosureOverlay *
overlay_arg(FunctionCallInfo fcinfo, int argno)
{
	char	   *code = text_to_cstring(PG_GETARG_TEXT_PP(argno));

	return closure_overlay(code);
}

/*
 * is_workday(date, jurisdiction text) returns boolean: in the jurisdiction's
 * calendar (the national one less its closures and its city's)
 */
Datum
jxlink_is_workday_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(closure_is_workday(overlay_arg(fcinfo, 1), PG_GETARG_DATEADT(0)));
}

/*
 * add_workdays(date, integer, jurisdiction text) returns date
 */
Datum
jxlink_add_workdays_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(closure_add_workdays(overlay_arg(fcinfo, 2),
										   PG_GETARG_DATEADT(0), PG_GETARG_INT32(1)));
}

/*
 * workdays_between(date, date, jurisdiction text) returns integer
 */
Datum
jxlink_workdays_between_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(closure_workdays_between(overlay_arg(fcinfo, 2),
											 PG_GETARG_DATEADT(0), PG_GETARG_DATEADT(1)));
}

/*
 * workdays_between_or_null(date, date, jurisdiction text) returns integer:
 * null when either day is infinite or outside the calendar
 */
Datum
jxlink_workdays_between_or_null_in(PG_FUNCTION_ARGS)
{
	DateADT		from = PG_GETARG_DATEADT(0);
	DateADT		to = PG_GETARG_DATEADT(1);
	const ClosureOverlay *ov = overlay_arg(fcinfo, 2);

	if (!calendar_contains(from) || !calendar_contains(to))
		PG_RETURN_NULL();
	PG_RETURN_INT32(closure_workdays_between(ov, from, to));
}

/*
 * workday_deadline(timestamptz, integer, jurisdiction text) returns
 * timestamptz: as workday_deadline, in the jurisdiction's calendar
 */
Datum
jxlink_workday_deadline_in(PG_FUNCTION_ARGS)
{
	TimestampTz started = PG_GETARG_TIMESTAMPTZ(0);
	int32		n = PG_GETARG_INT32(1);
	const ClosureOverlay *ov = overlay_arg(fcinfo, 2);

	check_workdays(n);
	PG_RETURN_TIMESTAMPTZ(local_midnight(closure_add_workdays(ov, local_date_of(started), n) + 1));
}

/*
 * calendar_version(jurisdiction text) returns text: the national version
 * when nothing is closed for the jurisdiction, else a hash of it and the
 * closed days
 */
Datum
jxlink_calendar_version_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(version_text(closure_version(overlay_arg(fcinfo, 0))));
}
