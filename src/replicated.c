/*-------------------------------------------------------------------------
 *
 * replicated.c
 *	  Replicated jurisdictions: read-only in the database they are copied into.
 *
 * An aggregation database (a prefecture's) subscribes to the publications
 * of several origin databases (sql/80_replication.sql).  The logical
 * replication apply worker marks each jurisdiction row it brings with the
 * subscription's name (jurisdiction.replicated_from); from then on every row
 * of that jurisdiction belongs to its origin.  The row trigger here refuses,
 * in every other session, an INSERT, UPDATE or DELETE of such a row: a
 * recomputed obligation or a re-chained history row would differ from the
 * origin's, and the origin's next change of the same row would stop the
 * apply worker.  The apply worker runs with session_replication_role =
 * replica, so the trigger (enabled on origin) does not fire for it.
 *
 * The replicated jurisdictions are kept per backend, sorted by code, and
 * forgotten at every relcache invalidation of jxlink.jurisdiction (its
 * statement trigger, and under apply its row trigger, send one).  In an
 * origin database the list is empty and the trigger costs a lookup of the
 * row's jurisdiction column.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "pg_compat.h"
#include "replicated.h"

PG_FUNCTION_INFO_V1(jxlink_replicated_row_guard);

typedef struct Replicated
{
	char	   *code;			/* the jurisdiction */
	char	   *subscription;	/* the subscription that brings it */
} Replicated;

static MemoryContext ReplicatedContext = NULL;
static Replicated *replicated = NULL;
static int	nreplicated = 0;
static uint64 replicated_generation = 0;	/* generation the list was read at */
static uint64 inval_generation = 1; /* bumped by every invalidation of jurisdiction */
static Oid	jurisdiction_relid = InvalidOid;

/*
 * Relcache callback: a change of jxlink.jurisdiction makes the list stale.
 */
static void
replicated_relcache_callback(Datum arg pg_attribute_unused(), Oid relid)
{
	if (relid == InvalidOid || relid == jurisdiction_relid)
		inval_generation++;
}

/*
 * Register the relcache callback (once per backend, from _PG_init).
 */
void
replicated_register_callbacks(void)
{
	CacheRegisterRelcacheCallback(replicated_relcache_callback, (Datum) 0);
}

/*
 * Read the replicated jurisdictions (none while jurisdiction has no
 * replicated_from column: a library newer than the installed SQL).
 */
static void
replicated_load(void)
{
	Oid			nsp = get_namespace_oid("jxlink", false);
	uint64		generation = inval_generation;
	uint64		i;

	jurisdiction_relid = get_relname_relid("jurisdiction", nsp);
	if (ReplicatedContext == NULL)
		ReplicatedContext = AllocSetContextCreate(TopMemoryContext, "jxlink replicated jurisdictions",
												  ALLOCSET_SMALL_SIZES);
	MemoryContextReset(ReplicatedContext);
	replicated = NULL;
	nreplicated = 0;
	if (!OidIsValid(jurisdiction_relid) ||
		get_attnum(jurisdiction_relid, "replicated_from") == InvalidAttrNumber)
	{
		replicated_generation = generation;
		return;
	}

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute("SELECT j.code, j.replicated_from FROM jxlink.jurisdiction j"
					" WHERE j.replicated_from IS NOT NULL ORDER BY j.code COLLATE \"C\"",
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the replicated jurisdictions");
	replicated = MemoryContextAllocZero(ReplicatedContext, sizeof(Replicated) * (SPI_processed + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;

		replicated[i].code = MemoryContextStrdup(ReplicatedContext, SPI_getvalue(tup, desc, 1));
		replicated[i].subscription = MemoryContextStrdup(ReplicatedContext, SPI_getvalue(tup, desc, 2));
	}
	nreplicated = (int) SPI_processed;
	SPI_finish();
	/* read whole: valid unless an invalidation came meanwhile (an error leaves it stale) */
	replicated_generation = generation;
}

/*
 * The subscription a jurisdiction is replicated from, or NULL if it is the
 * database's own.
 */
static const char *
replicated_from(const char *code)
{
	int			lo = 0;
	int			hi;

	if (replicated_generation != inval_generation)
		replicated_load();
	hi = nreplicated - 1;
	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(code, replicated[mid].code);

		if (c == 0)
			return replicated[mid].subscription;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * A text column of a tuple, or NULL.
 */
static char *
column_text(HeapTuple tuple, TupleDesc desc, int attnum)
{
	return attnum > 0 ? SPI_getvalue(tuple, desc, attnum) : NULL;
}

/*
 * Refuse a change of a row of a replicated jurisdiction.
 */
pg_noreturn static void
refuse_replicated(const char *code, const char *subscription, Relation rel)
{
	ereport(ERROR,
			(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
			 errmsg("jurisdiction \"%s\" is replicated into this database and is read-only here", code),
			 errdetail("Its rows, %s among them, come from its origin database through subscription \"%s\".",
					   RelationGetRelationName(rel), subscription),
			 errhint("Record it in the origin database; the change arrives here by replication.")));
}

/*
 * Check one side (old or new) of a row of jxlink.jurisdiction itself: its
 * replicated_from is set by the apply worker only.
 */
static void
check_jurisdiction_row(HeapTuple tuple, TupleDesc desc, Relation rel, bool is_new)
{
	char	   *sub = column_text(tuple, desc, SPI_fnumber(desc, "replicated_from"));

	if (sub == NULL)
		return;
	if (is_new)
		ereport(ERROR,
				(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
				 errmsg("jurisdiction \"%s\" cannot be marked as replicated by hand",
						column_text(tuple, desc, SPI_fnumber(desc, "code"))),
				 errdetail("jurisdiction.replicated_from is set by logical replication when a subscription brings the jurisdiction."),
				 errhint("Create a subscription to the origin database's publication (see the README, \"Replication and high availability\").")));
	refuse_replicated(column_text(tuple, desc, SPI_fnumber(desc, "code")), sub, rel);
}

/*
 * Check one side (old or new) of a row carrying a jurisdiction column.
 */
static void
check_row(HeapTuple tuple, TupleDesc desc, Relation rel)
{
	char	   *code = column_text(tuple, desc, SPI_fnumber(desc, "jurisdiction"));
	const char *sub;

	if (code == NULL)
		return;
	sub = replicated_from(code);
	if (sub != NULL)
		refuse_replicated(code, sub, rel);
}

/*
 * BEFORE INSERT OR UPDATE OR DELETE ... FOR EACH ROW trigger on every table
 * holding a jurisdiction's rows: refuse a change of a replicated
 * jurisdiction's row (on jxlink.jurisdiction: of a replicated jurisdiction).
 */
Datum
jxlink_replicated_row_guard(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	desc;
	bool		own_table;
	HeapTuple	oldtup = NULL;
	HeapTuple	newtup = NULL;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!TRIGGER_FIRED_BEFORE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("replicated_row_guard() must be called as a BEFORE ... FOR EACH ROW trigger")));
	rel = trigdata->tg_relation;
	desc = RelationGetDescr(rel);
	own_table = strcmp(RelationGetRelationName(rel), "jurisdiction") == 0;
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		newtup = trigdata->tg_trigtuple;
	else if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		oldtup = trigdata->tg_trigtuple;
		newtup = trigdata->tg_newtuple;
	}
	else
		oldtup = trigdata->tg_trigtuple;

	if (own_table)
	{
		if (oldtup != NULL)
			check_jurisdiction_row(oldtup, desc, rel, false);
		if (newtup != NULL)
			check_jurisdiction_row(newtup, desc, rel, true);
	}
	else
	{
		if (oldtup != NULL)
			check_row(oldtup, desc, rel);
		if (newtup != NULL)
			check_row(newtup, desc, rel);
	}
	return PointerGetDatum(newtup != NULL ? newtup : oldtup);
}
