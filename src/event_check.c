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

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "event_check.h"

PG_FUNCTION_INFO_V1(jxlink_check_occurred_at);
PG_FUNCTION_INFO_V1(jxlink_require_text);

/* How a null name shows in a message (as PL/pgSQL's RAISE shows it). */
#define NULL_TEXT "<NULL>"

static void refuse_empty(const char *what) pg_attribute_noreturn();

/*
 * A timestamptz as the session shows it (for messages).
 */
char *
event_time_text(TimestampTz ts)
{
	return DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(ts)));
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
