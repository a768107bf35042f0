/*-------------------------------------------------------------------------
 *
 * localtime.c
 *	  The street's local time, independent of the session's TimeZone.
 *
 * Deadlines of the provisions end at 24:00 local time, so the same data
 * must give the same deadline whether the client runs in UTC or in
 * Asia/Shanghai.  The zone is the setting jxlink.timezone (superuser only,
 * default Asia/Shanghai), checked when set.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <stdlib.h>

#include "pgtime.h"
#include "utils/datetime.h"
#include "utils/guc.h"

#include "localtime.h"
#include "pg_compat.h"

static char *jxlink_timezone_name = NULL;
static pg_tz *jxlink_tz = NULL;

/*
 * Check a new value of jxlink.timezone: a known zone without leap seconds.
 */
static bool
check_jxlink_timezone(char **newval, void **extra,
					  GucSource source pg_attribute_unused())
{
	pg_tz	   *tz;
	pg_tz	  **result;

	tz = pg_tzset(*newval);
	if (tz == NULL)
	{
		GUC_check_errdetail("Time zone \"%s\" is not recognized.", *newval);
		return false;
	}
	if (!pg_tz_acceptable(tz))
	{
		GUC_check_errdetail("Time zone \"%s\" appears to use leap seconds.", *newval);
		return false;
	}
	result = (pg_tz **) jx_guc_extra_alloc(sizeof(pg_tz *));
	if (result == NULL)
		return false;
	*result = tz;
	*extra = result;
	return true;
}

/*
 * Install the zone checked by check_jxlink_timezone.
 */
static void
assign_jxlink_timezone(const char *newval pg_attribute_unused(), void *extra)
{
	jxlink_tz = *(pg_tz **) extra;
}

/*
 * Define jxlink.timezone.
 */
void
localtime_define_guc(void)
{
	DefineCustomStringVariable("jxlink.timezone",
							   "Local time zone of the street's deadlines.",
							   "Working-day deadlines end at 24:00 in this zone, whatever the session's TimeZone.",
							   &jxlink_timezone_name,
							   "Asia/Shanghai",
							   PGC_SUSET,
							   0,
							   check_jxlink_timezone,
							   assign_jxlink_timezone,
							   NULL);
}

/*
 * Refuse an infinite timestamp: deadlines are defined for finite instants only.
 */
static void
check_finite(TimestampTz ts)
{
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("working-day arithmetic is not defined for infinite timestamps")));
}

/*
 * The local date (in jxlink.timezone) of an instant.
 */
DateADT
local_date_of(TimestampTz ts)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;

	check_finite(ts);
	if (timestamp2tm(ts, &tz, &tm, &fsec, NULL, jxlink_tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE;
}

/*
 * The instant of 00:00 local time (in jxlink.timezone) on a date.
 */
TimestampTz
local_midnight(DateADT day)
{
	struct pg_tm tm;
	TimestampTz result;
	int			tz;

	memset(&tm, 0, sizeof(tm));
	j2date(day + POSTGRES_EPOCH_JDATE, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tz = DetermineTimeZoneOffset(&tm, jxlink_tz);
	if (tm2timestamp(&tm, 0, &tz, &result) != 0 || !IS_VALID_TIMESTAMP(result))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return result;
}

/*
 * The name of the street's time zone (the value of jxlink.timezone).
 */
const char *
local_timezone_name(void)
{
	return jxlink_timezone_name;
}
