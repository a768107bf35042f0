/*-------------------------------------------------------------------------
 *
 * drop_guard.c
 *	  The guarded DROP: an event trigger refuses DROP EXTENSION jxlink (and
 *	  DROP SCHEMA jxlink CASCADE, DROP OWNED BY the extension's owner) while
 *	  the record tables hold rows, unless the session that drops confirmed it
 *	  with SET jxlink.drop_records = '<name of the database>'.
 *
 * The event trigger fires at ddl_command_start, before anything is dropped:
 * at sql_drop the tables (and the trigger itself, a member of the extension)
 * are already gone.  Only C sees the statement's parse tree, hence which
 * objects it names.  Rows are counted by scanning the tables directly, so
 * row-level security cannot hide any from the count.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/pg_class.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_extension.h"
#include "commands/dbcommands.h"
#include "commands/event_trigger.h"
#include "commands/extension.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "drop_guard.h"
#include "pg_compat.h"

PG_FUNCTION_INFO_V1(jxlink_guard_drop);

/* The confirmation: the database's name, set in the session that drops. */
static char *drop_records = NULL;

/*
 * Tables of set-up and reference data, not records: the calendar, the rules,
 * the organisation (re-created by a set-up script) and the document-number
 * counters and the sealed quarters' counts (derived from the records).  Every
 * other table of the extension, including any added later, is a record table.
 */
static const char *const setup_tables[] = {
	"calendar_day", "calendar_year", "deadline_rule", "docno_counter",
	"jurisdiction", "liaison", "setting", "staff", "unit",
	"deadline_rule_local", "setting_local", "quarter_sealed", "quarter_tally", NULL
};

/* One record table and its number of rows. */
typedef struct RecordCount
{
	char	   *relname;
	int64		rows;
} RecordCount;

/*
 * Define jxlink.drop_records (superusers only, never from a configuration file).
 */
void
drop_guard_define_guc(void)
{
	DefineCustomStringVariable("jxlink.drop_records",
							   "Confirms that DROP EXTENSION jxlink may delete this database's records.",
							   "Set it, in the session that drops, to the name of the database; "
							   "a value from a configuration file, ALTER DATABASE or ALTER ROLE does not count.",
							   &drop_records,
							   "",
							   PGC_SUSET,
							   GUC_NOT_IN_SAMPLE | GUC_DISALLOW_IN_FILE | GUC_DISALLOW_IN_AUTO_FILE,
							   NULL,
							   NULL,
							   NULL);
}

/*
 * Read the owner and the schema of extension ext_oid from pg_extension.
 */
static void
extension_owner_schema(Oid ext_oid, Oid *owner, Oid *schema)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;

	*owner = InvalidOid;
	*schema = InvalidOid;
	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(ext_oid));
	scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
	{
		Form_pg_extension ext = (Form_pg_extension) GETSTRUCT(tuple);

		*owner = ext->extowner;
		*schema = ext->extnamespace;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
}

/*
 * Does a list of String nodes name the given object?
 */
static bool
names_include(List *names, const char *name)
{
	ListCell   *lc;

	foreach(lc, names)
	{
		if (IsA(lfirst(lc), String) && strcmp(strVal(lfirst(lc)), name) == 0)
			return true;
	}
	return false;
}

/*
 * Would this statement drop extension ext_oid?  DROP EXTENSION naming it,
 * DROP SCHEMA naming its schema with CASCADE, DROP OWNED BY its owner.
 */
static bool
statement_drops_extension(Node *parsetree, Oid ext_oid)
{
	Oid			owner;
	Oid			schema;
	ListCell   *lc;

	extension_owner_schema(ext_oid, &owner, &schema);
	if (IsA(parsetree, DropStmt))
	{
		DropStmt   *stmt = (DropStmt *) parsetree;
		char	   *schema_name;

		if (stmt->removeType == OBJECT_EXTENSION)
			return names_include(stmt->objects, "jxlink");
		if (stmt->removeType != OBJECT_SCHEMA || stmt->behavior != DROP_CASCADE)
			return false;
		schema_name = get_namespace_name(schema);
		return schema_name != NULL && names_include(stmt->objects, schema_name);
	}
	if (IsA(parsetree, DropOwnedStmt))
	{
		foreach(lc, ((DropOwnedStmt *) parsetree)->roles)
		{
			if (get_rolespec_oid(lfirst_node(RoleSpec, lc), true) == owner)
				return true;
		}
	}
	return false;
}

/*
 * May the current user drop extension ext_oid (own it or its schema)?  If not,
 * PostgreSQL refuses the statement itself (42501), and no count is shown.
 */
static bool
may_drop_extension(Oid ext_oid)
{
	Oid			owner;
	Oid			schema;

	extension_owner_schema(ext_oid, &owner, &schema);
	return jx_extension_ownercheck(ext_oid, GetUserId()) ||
		(OidIsValid(schema) && jx_namespace_ownercheck(schema, GetUserId()));
}

/*
 * Is relname one of the set-up tables?
 */
static bool
is_setup_table(const char *relname)
{
	int			i;

	for (i = 0; setup_tables[i] != NULL; i++)
	{
		if (strcmp(setup_tables[i], relname) == 0)
			return true;
	}
	return false;
}

/*
 * Count the rows of a table with a heap scan (row-level security does not apply).
 */
static int64
count_rows(Oid relid)
{
	Relation	rel;
	Snapshot	snapshot;
	TableScanDesc scan;
	TupleTableSlot *slot;
	int64		rows = 0;

	rel = table_open(relid, AccessShareLock);
	snapshot = RegisterSnapshot(GetLatestSnapshot());
	slot = table_slot_create(rel, NULL);
	scan = table_beginscan(rel, snapshot, 0, NULL);
	while (table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		CHECK_FOR_INTERRUPTS();
		rows++;
	}
	table_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	UnregisterSnapshot(snapshot);
	table_close(rel, AccessShareLock);
	return rows;
}

/*
 * Order record counts by table name.
 */
static int
record_count_cmp(const void *a, const void *b)
{
	return strcmp(((const RecordCount *) a)->relname,
				  ((const RecordCount *) b)->relname);
}

/*
 * The record tables of extension ext_oid that hold rows, by name; *n is their number.
 */
static RecordCount *
record_counts(Oid ext_oid, int *n)
{
	Relation	depend;
	ScanKeyData key[2];
	SysScanDesc scan;
	HeapTuple	tuple;
	RecordCount *counts = NULL;
	int			allocated = 0;

	*n = 0;
	depend = table_open(DependRelationId, AccessShareLock);
	ScanKeyInit(&key[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(ExtensionRelationId));
	ScanKeyInit(&key[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(ext_oid));
	scan = systable_beginscan(depend, DependReferenceIndexId, true, NULL, 2, key);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tuple);
		char	   *relname;
		int64		rows;

		if (dep->classid != RelationRelationId || dep->deptype != DEPENDENCY_EXTENSION ||
			get_rel_relkind(dep->objid) != RELKIND_RELATION)
			continue;
		relname = get_rel_name(dep->objid);
		if (relname == NULL || is_setup_table(relname))
			continue;
		rows = count_rows(dep->objid);
		if (rows == 0)
			continue;
		if (*n >= allocated)
		{
			allocated = allocated == 0 ? 16 : allocated * 2;
			counts = counts == NULL ? palloc(allocated * sizeof(RecordCount))
				: repalloc(counts, allocated * sizeof(RecordCount));
		}
		counts[*n].relname = relname;
		counts[*n].rows = rows;
		(*n)++;
	}
	systable_endscan(scan);
	table_close(depend, AccessShareLock);
	if (*n > 1)
		qsort(counts, *n, sizeof(RecordCount), record_count_cmp);
	return counts;
}

/*
 * Is jxlink.drop_records set to this database's name, in this session (not as a default)?
 */
static bool
drop_confirmed(const char *dbname)
{
	const char *reset = GetConfigOptionResetString("jxlink.drop_records");

	return drop_records != NULL && strcmp(drop_records, dbname) == 0 &&
		(reset == NULL || strcmp(reset, dbname) != 0);
}

/*
 * Is jxlink.drop_records set to this database's name as a default (file, database, role)?
 */
static bool
drop_confirmed_by_default(const char *dbname)
{
	const char *reset = GetConfigOptionResetString("jxlink.drop_records");

	return reset != NULL && strcmp(reset, dbname) == 0;
}

/*
 * The event trigger jxlink_guard_drop (ddl_command_start of DROP EXTENSION,
 * DROP SCHEMA, DROP OWNED): refuse to drop jxlink with its records unless confirmed.
 */
Datum
jxlink_guard_drop(PG_FUNCTION_ARGS)
{
	EventTriggerData *trigdata;
	Oid			ext_oid;
	RecordCount *counts;
	int			n;
	int			i;
	int64		total = 0;
	StringInfoData detail;
	char	   *dbname;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_EVENT_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("jxlink.guard_drop() is called only as an event trigger")));
	trigdata = (EventTriggerData *) fcinfo->context;
	ext_oid = get_extension_oid("jxlink", true);
	if (!OidIsValid(ext_oid) || !statement_drops_extension(trigdata->parsetree, ext_oid) ||
		!may_drop_extension(ext_oid))
		PG_RETURN_NULL();

	counts = record_counts(ext_oid, &n);
	if (n == 0)
		PG_RETURN_NULL();
	initStringInfo(&detail);
	for (i = 0; i < n; i++)
	{
		appendStringInfo(&detail, "%sjxlink.%s: " INT64_FORMAT,
						 i > 0 ? ", " : "", counts[i].relname, counts[i].rows);
		total += counts[i].rows;
	}
	dbname = get_database_name(MyDatabaseId);

	if (drop_confirmed(dbname))
	{
		ereport(LOG,
				(errmsg("dropping extension \"jxlink\" with its " INT64_FORMAT " records in database \"%s\", as role \"%s\" confirmed by jxlink.drop_records",
						total, dbname, GetUserNameFromId(GetUserId(), false)),
				 errdetail_internal("Rows deleted: %s.", detail.data)));
		PG_RETURN_NULL();
	}
	ereport(ERROR,
			(errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
			 errmsg("cannot drop extension \"jxlink\" because it holds " INT64_FORMAT " records",
					total),
			 errdetail("%s would delete the record tables of database \"%s\" with their rows: %s.",
					   GetCommandTagName(trigdata->tag), dbname, detail.data),
			 drop_confirmed_by_default(dbname)
			 ? errhint("jxlink.drop_records is set for the server, the database or the role; it only counts when set in the session that drops: SET jxlink.drop_records = '%s';",
					   dbname)
			 : errhint("Back the database up first (pg_dump). To delete the records, confirm in the session that drops: SET jxlink.drop_records = '%s';",
					   dbname)));
	PG_RETURN_NULL();
}
