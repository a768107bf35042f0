/*-------------------------------------------------------------------------
 *
 * time_limit.h
 *	  The time limit type (期限): an amount of a unit the provisions count in.
 *
 * A time_limit is a fixed-size 8-byte value passed by reference: the unit
 * (int32, TimeLimitUnit) and the amount (int32).  Values compare by unit
 * (in the order of the enum), then by amount.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_TIME_LIMIT_H
#define JXLINK_TIME_LIMIT_H

#include "fmgr.h"

/* The units, in their sort order; the numbers are stored and sent. */
typedef enum TimeLimitUnit
{
	TL_WORKDAYS = 0,			/* 工作日: working days */
	TL_HOURS = 1,				/* 小时: clock hours */
	TL_QUARTER = 2,				/* 季度: until the end of the start's quarter */
	TL_NEXT_MEETING = 3,		/* 下次会议: until the next joint meeting */
	TL_AGREED_DAY = 4			/* 日: calendar days after the start day */
} TimeLimitUnit;

#define TL_UNIT_COUNT			5

/* The largest amounts accepted. */
#define TL_MAX_WORKDAYS			3650
#define TL_MAX_HOURS			8760
#define TL_MAX_DAYS				73048	/* the calendar's span: 1950-01-01 .. 2149-12-31 */

typedef struct TimeLimit
{
	int32		unit;
	int32		amount;
} TimeLimit;

#define DatumGetTimeLimitP(X)	((TimeLimit *) DatumGetPointer(X))
#define PG_GETARG_TIME_LIMIT_P(n)	DatumGetTimeLimitP(PG_GETARG_DATUM(n))
#define PG_RETURN_TIME_LIMIT_P(x)	PG_RETURN_POINTER(x)

#endif							/* JXLINK_TIME_LIMIT_H */
