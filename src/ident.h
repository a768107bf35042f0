/*-------------------------------------------------------------------------
 *
 * ident.h
 *	  Identifiers: time-ordered UUIDs (version 7).
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_IDENT_H
#define JXLINK_IDENT_H

#include "utils/uuid.h"

extern void uuid_v7_generate(pg_uuid_t *uuid);

#endif							/* JXLINK_IDENT_H */
