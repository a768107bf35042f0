/*-------------------------------------------------------------------------
 *
 * event_check.c
 *	  The checks every recorded event shares: its time, its required text.
 *
 * Every API function records an event that may be entered after the fact
 * but never ahead of time, and most need some text (a reason, a notice, a
 * title) that must not be left blank.  These two checks are written once,
 * here: the C referral path calls them directly, and the PL/pgSQL API
 * functions call them as jxlink.check_occurred_at() and jxlink.require_text()
 * (same messages, SQLSTATEs and details either way).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xlog.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "event_check.h"
#include "localtime.h"
#include "pg_compat.h"

PG_FUNCTION_INFO_V1(jxlink_check_occurred_at);
PG_FUNCTION_INFO_V1(jxlink_require_text);
PG_FUNCTION_INFO_V1(jxlink_check_calendar_date);
PG_FUNCTION_INFO_V1(jxlink_check_calendar_time);
PG_FUNCTION_INFO_V1(jxlink_require_primary);

/* How a null name shows in a message (as PL/pgSQL's RAISE shows it). */
#define NULL_TEXT "<NULL>"

pg_noreturn static void refuse_empty(const char *what);
pg_noreturn static void refuse_out_of_calendar(const char *what, const char *value);

/*
 * A timestamptz as the session shows it (for messages).
 */
char *
event_time_text(TimestampTz ts)
{
	return DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(ts)));
}

/*
 * Refuse a date or time outside the working-day calendar, named "what".
 */
static void
refuse_out_of_calendar(const char *what, const char *value)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("%s %s is outside the working-day calendar (%d-01-01 to %d-12-31)",
					what ? what : NULL_TEXT, value, CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR),
			 errdetail("Working-day deadlines and the readers that count them are defined only inside the calendar; infinite dates are never accepted.")));
}

/*
 * A date is inside the calendar, or an error naming it "what".
 */
void
check_calendar_date(DateADT day, const char *what)
{
	if (!calendar_contains(day))
		refuse_out_of_calendar(what, DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(day))));
}

/*
 * An instant is finite and its local date inside the calendar, or an error
 * naming it "what".
 */
void
check_calendar_time(TimestampTz ts, const char *what)
{
	if (TIMESTAMP_NOT_FINITE(ts) || !calendar_contains(local_date_of(ts)))
		refuse_out_of_calendar(what, event_time_text(ts));
}

/*
 * An event time is given, not in the future, and not before the previous
 * time (if there is one), which the message calls "what".
 */
void
check_event_time(TimestampTz occurred_at, bool occurred_null,
				 TimestampTz previous, bool previous_null, const char *what)
{
	if (occurred_null)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("occurred_at must not be null")));
	check_calendar_time(occurred_at, "occurred_at");
	if (occurred_at > GetCurrentTimestamp())
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("occurred_at %s is in the future", event_time_text(occurred_at))));
	if (!previous_null && occurred_at < previous)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("occurred_at %s is before %s", event_time_text(occurred_at),
						what ? what : NULL_TEXT),
				 errdetail("The previous time is %s.", event_time_text(previous))));
}

/*
 * Are the len bytes at s all spaces (or none)?  (btrim's default.)
 */
static bool
is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ')
			return false;
	return true;
}

/*
 * Refuse a missing or blank required text, named "what" in the message.
 */
static void
refuse_empty(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s must not be empty", what ? what : NULL_TEXT)));
}

/*
 * A required text (NULL for SQL null) is not null, empty or only spaces.
 */
void
check_required_text(const char *value, const char *what)
{
	if (value == NULL || is_blank(value, strlen(value)))
		refuse_empty(what);
}

/*
 * The text argument n as a C string, or NULL for null.
 */
static char *
text_arg(FunctionCallInfo fcinfo, int n)
{
	return PG_ARGISNULL(n) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(n));
}

/*
 * check_occurred_at(occurred_at timestamptz, previous timestamptz, what text) returns void
 */
Datum
jxlink_check_occurred_at(PG_FUNCTION_ARGS)
{
	check_event_time(PG_ARGISNULL(0) ? 0 : PG_GETARG_TIMESTAMPTZ(0), PG_ARGISNULL(0),
					 PG_ARGISNULL(1) ? 0 : PG_GETARG_TIMESTAMPTZ(1), PG_ARGISNULL(1),
					 text_arg(fcinfo, 2));
	PG_RETURN_VOID();
}

/*
 * require_text(value text, what text) returns text: the value, if not blank
 */
Datum
jxlink_require_text(PG_FUNCTION_ARGS)
{
	text	   *value;

	if (PG_ARGISNULL(0))
		refuse_empty(text_arg(fcinfo, 1));
	value = PG_GETARG_TEXT_PP(0);
	if (is_blank(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value)))
		refuse_empty(text_arg(fcinfo, 1));
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

/*
 * check_calendar_date(value date, what text) returns date: the value, if null
 * or inside the calendar
 */
Datum
jxlink_check_calendar_date(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	check_calendar_date(PG_GETARG_DATEADT(0), text_arg(fcinfo, 1));
	PG_RETURN_DATEADT(PG_GETARG_DATEADT(0));
}

/*
 * check_calendar_time(value timestamptz, what text) returns timestamptz: the
 * value, if null or inside the calendar
 */
Datum
jxlink_check_calendar_time(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	check_calendar_time(PG_GETARG_TIMESTAMPTZ(0), text_arg(fcinfo, 1));
	PG_RETURN_TIMESTAMPTZ(PG_GETARG_TIMESTAMPTZ(0));
}

/*
 * Refuse to record anything on a hot standby, saying so: the records are
 * written on the primary; a standby serves the readers.
 */
void
require_primary(void)
{
	if (RecoveryInProgress())
		ereport(ERROR,
				(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
				 errmsg("jxlink records are written on the primary, and this server is a hot standby"),
				 errhint("Connect to the primary to record events; a standby serves the views, the as-of functions and the documents.")));
}

/*
 * require_primary() returns void
 */
Datum
jxlink_require_primary(PG_FUNCTION_ARGS pg_attribute_unused())
{
	require_primary();
	PG_RETURN_VOID();
}
