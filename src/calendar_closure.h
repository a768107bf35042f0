/*-------------------------------------------------------------------------
 *
 * calendar_closure.h
 *	  Local closures: the working-day calendar of one jurisdiction.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_CALENDAR_CLOSURE_H
#define JXLINK_CALENDAR_CLOSURE_H

#include "utils/date.h"

typedef struct ClosureOverlay ClosureOverlay;

extern const ClosureOverlay *closure_overlay(const char *jurisdiction);
extern bool closure_is_workday(const ClosureOverlay *ov, DateADT day);
extern DateADT closure_add_workdays(const ClosureOverlay *ov, DateADT day, int32 n);
extern int32 closure_workdays_between(const ClosureOverlay *ov, DateADT from, DateADT to);
extern uint64 closure_version(const ClosureOverlay *ov);

#endif							/* JXLINK_CALENDAR_CLOSURE_H */
