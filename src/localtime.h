/*-------------------------------------------------------------------------
 *
 * localtime.h
 *	  Local time of the street: the jxlink.timezone setting.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_LOCALTIME_H
#define JXLINK_LOCALTIME_H

#include "datatype/timestamp.h"
#include "utils/date.h"

extern void localtime_define_guc(void);
extern DateADT local_date_of(TimestampTz ts);
extern TimestampTz local_midnight(DateADT day);
extern const char *local_timezone_name(void);

#endif							/* JXLINK_LOCALTIME_H */
