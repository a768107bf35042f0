/*-------------------------------------------------------------------------
 *
 * spi_plan.h
 *	  Saved SPI plans for jxlink's own fixed queries.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_SPI_PLAN_H
#define JXLINK_SPI_PLAN_H

#include "executor/spi.h"

extern void spi_plan_run(SPIPlanPtr *plan, const char *sql, int nargs, const Oid *argtypes,
						 const Datum *values, const bool *nulls, bool read_only);
extern Datum spi_copy_varlena(Datum value);

#endif							/* JXLINK_SPI_PLAN_H */
