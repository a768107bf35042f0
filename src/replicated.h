/*-------------------------------------------------------------------------
 *
 * replicated.h
 *	  Replicated jurisdictions: read-only in the database they are copied into.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_REPLICATED_H
#define JXLINK_REPLICATED_H

extern void replicated_register_callbacks(void);

#endif							/* JXLINK_REPLICATED_H */
