/*-------------------------------------------------------------------------
 *
 * spi_plan.c
 *	  Saved SPI plans for jxlink's own fixed queries.
 *
 * The C paths of jxlink (the referral transition, the history chain) run a
 * few fixed queries many times.  Each is prepared once per backend and kept;
 * the plan cache replans it when a table it reads changes.  Every name in
 * them is schema-qualified, operators included, so that the caller's
 * search_path cannot change what they mean.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "nodes/parsenodes.h"

#include "pg_compat.h"
#include "spi_plan.h"

/*
 * Run a fixed query with the plan kept in *plan (prepared on first use);
 * the rows are in SPI_tuptable.  The caller is connected to SPI.
 */
void
spi_plan_run(SPIPlanPtr *plan, const char *sql, int nargs, const Oid *argtypes,
			 const Datum *values, const bool *nulls, bool read_only)
{
	char		flags[FUNC_MAX_ARGS];
	int			rc;

	Assert(nargs <= FUNC_MAX_ARGS);
	if (*plan == NULL)
	{
		/* a generic plan: the queries are key lookups, never worth replanning */
		SPIPlanPtr	p = SPI_prepare_cursor(sql, nargs, (Oid *) argtypes, CURSOR_OPT_GENERIC_PLAN);

		if (p == NULL)
			elog(ERROR, "SPI_prepare failed for \"%s\": %s", sql, SPI_result_code_string(SPI_result));
		if (SPI_keepplan(p) != 0)
			elog(ERROR, "SPI_keepplan failed for \"%s\"", sql);
		*plan = p;
	}
	for (int i = 0; i < nargs; i++)
		flags[i] = (nulls != NULL && nulls[i]) ? 'n' : ' ';
	rc = SPI_execute_plan(*plan, (Datum *) values, flags, read_only, 0);
	if (rc < 0)
		elog(ERROR, "SPI_execute_plan failed for \"%s\": %s", sql, SPI_result_code_string(rc));
}

/*
 * A copy of a varlena datum in the memory of the function that connected
 * to SPI, so that it outlives SPI_finish().
 */
Datum
spi_copy_varlena(Datum value)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(value);
	Size		size = VARSIZE_ANY(v);
	void	   *copy = SPI_palloc(size);

	memcpy(copy, v, size);
	return PointerGetDatum(copy);
}
