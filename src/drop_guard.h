/*-------------------------------------------------------------------------
 *
 * drop_guard.h
 *	  The guarded DROP: the jxlink.drop_records setting.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_DROP_GUARD_H
#define JXLINK_DROP_GUARD_H

extern void drop_guard_define_guc(void);

#endif							/* JXLINK_DROP_GUARD_H */
