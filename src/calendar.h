/*-------------------------------------------------------------------------
 *
 * calendar.h
 *	  The working-day calendar: constant-time answers from the calendar tables.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_CALENDAR_H
#define JXLINK_CALENDAR_H

#include "utils/date.h"
#include "utils/snapshot.h"

/* The supported range of dates: 1950-01-01 .. 2149-12-31 inclusive. */
#define CALENDAR_FIRST_YEAR		1950
#define CALENDAR_LAST_YEAR		2149

extern void calendar_register_callbacks(void);
extern void calendar_invalidate(void);
extern bool calendar_contains(DateADT day);
extern bool calendar_is_workday(DateADT day);
extern bool calendar_is_provisional(DateADT day);
extern DateADT calendar_add_workdays(DateADT day, int32 n);
extern int32 calendar_workdays_between(DateADT from, DateADT to);
extern uint64 calendar_version(void);
extern uint64 calendar_hash_bytes(uint64 hash, const void *data, Size len);
extern void calendar_query(const char *sql, Snapshot snap);
extern uint64 calendar_build_count(bool *transient);

#endif							/* JXLINK_CALENDAR_H */
