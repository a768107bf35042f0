/*-------------------------------------------------------------------------
 *
 * event_check.h
 *	  The checks every recorded event shares: its time, its required text.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_EVENT_CHECK_H
#define JXLINK_EVENT_CHECK_H

#include "datatype/timestamp.h"
#include "utils/date.h"

extern void check_calendar_date(DateADT day, const char *what);
extern void check_calendar_time(TimestampTz ts, const char *what);
extern char *event_time_text(TimestampTz ts);
extern void check_event_time(TimestampTz occurred_at, bool occurred_null,
							 TimestampTz previous, bool previous_null, const char *what);
extern void check_required_text(const char *value, const char *what);
extern void require_primary(void);

#endif							/* JXLINK_EVENT_CHECK_H */
