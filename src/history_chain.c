/*-------------------------------------------------------------------------
 *
 * history_chain.c
 *	  The tamper-evident referral history: each row hashed with the previous.
 *
 * A history row's hash is SHA-256 of the previous row's hash followed by the
 * row's canonical text: every column in a fixed order, joined by the unit
 * separator U+001F, timestamps in UTC as YYYY-MM-DDTHH:MI:SS.USZ.  Null
 * from_state, actor_unit and note count as empty; any other null column is
 * left out together with its separator (the rules of concat_ws, which
 * history_digest() used when it was written in SQL, in 0.6.0: the hashes of
 * rows written then still match).  from_state and to_state enter as their
 * text, the same whether the column is text (before 0.11.0) or
 * jxlink.referral_state, whose output is the state's name.
 *
 * history_digest(row, prev) computes it; the trigger history_chain() sets
 * prev_hash and row_hash of a new row that has none (a restored row keeps
 * its own), and jxlink.verify_history() recomputes them.
 *
 * The referrals of a jurisdiction are chained too, so that a referral deleted
 * with its whole history is found: the first history row of each referral
 * (its creation) gets the next number of its jurisdiction (chain_no) and
 * chain_hash = SHA-256 of the previous creation's chain_hash followed by the
 * text "chain_no U+001F referral_id U+001F" and the row's own row_hash
 * (history_link()).  Two creations at once take turns on a transaction-level
 * advisory lock of the jurisdiction, taken only for the creation row, after
 * every other lock create_referral takes.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/cryptohash.h"
#include "common/hashfn.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/typcache.h"

#include "history_chain.h"
#include "pg_compat.h"
#include "spi_plan.h"

PG_FUNCTION_INFO_V1(jxlink_history_digest);
PG_FUNCTION_INFO_V1(jxlink_history_chain);
PG_FUNCTION_INFO_V1(jxlink_history_link);

/* The advisory lock space of the creation chain: "jxlk", then a hash of the jurisdiction. */
#define CHAIN_LOCK_KEY 0x6a786c6b

/* How a column enters the canonical text. */
typedef enum FieldForm
{
	FIELD_TEXT,					/* as is */
	FIELD_UUID,					/* uuid_out */
	FIELD_INT4,					/* decimal */
	FIELD_UTC					/* timestamptz in UTC, microseconds, "Z" */
} FieldForm;

typedef struct DigestField
{
	const char *column;
	FieldForm	form;
	bool		null_is_empty;	/* coalesce(column, '') */
} DigestField;

/* The canonical order of the columns (the 0.6.0 definition). */
static const DigestField digest_fields[HISTORY_FIELDS] = {
	[HF_HISTORY_ID] = {"history_id", FIELD_UUID, false},
	[HF_JURISDICTION] = {"jurisdiction", FIELD_TEXT, false},
	[HF_REFERRAL_ID] = {"referral_id", FIELD_UUID, false},
	[HF_SEQ] = {"seq", FIELD_INT4, false},
	[HF_EVENT] = {"event", FIELD_TEXT, false},
	[HF_FROM_STATE] = {"from_state", FIELD_TEXT, true},
	[HF_TO_STATE] = {"to_state", FIELD_TEXT, false},
	[HF_OCCURRED_AT] = {"occurred_at", FIELD_UTC, false},
	[HF_RECORDED_AT] = {"recorded_at", FIELD_UTC, false},
	[HF_ACTOR_ROLE] = {"actor_role", FIELD_TEXT, false},
	[HF_ACTOR_LOGIN] = {"actor_login", FIELD_TEXT, false},
	[HF_ACTOR_UNIT] = {"actor_unit", FIELD_UUID, true},
	[HF_NOTE] = {"note", FIELD_TEXT, true},
};

#define DIGEST_SEPARATOR '\x1f'

/*
 * The attribute number of a history column, or an error naming it.
 */
static int
history_attnum(TupleDesc desc, const char *column)
{
	int			attnum = SPI_fnumber(desc, column);

	if (attnum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("a referral history row needs column \"%s\"", column)));
	return attnum;
}

/*
 * Append a timestamp as to_char(timezone('UTC', ts), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
 * would; false (nothing appended) for an infinite one, where to_char gives null.
 */
static bool
append_utc(StringInfo buf, TimestampTz ts)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			year;

	if (TIMESTAMP_NOT_FINITE(ts) || timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0)
		return false;
	year = tm.tm_year > 0 ? tm.tm_year : -(tm.tm_year - 1);	/* BC years count up */
	appendStringInfo(buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
					 year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
					 (int) fsec);
	return true;
}

/*
 * Append one column's canonical text; false if the column is left out.
 */
static bool
append_field(StringInfo buf, const DigestField *f, Datum value, bool isnull)
{
	if (isnull)
		return f->null_is_empty;
	switch (f->form)
	{
		case FIELD_TEXT:
			{
				text	   *t = DatumGetTextPP(value);

				appendBinaryStringInfo(buf, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
				return true;
			}
		case FIELD_UUID:
			appendStringInfoString(buf, DatumGetCString(DirectFunctionCall1(uuid_out, value)));
			return true;
		case FIELD_INT4:
			appendStringInfo(buf, "%d", DatumGetInt32(value));
			return true;
		case FIELD_UTC:
			return append_utc(buf, DatumGetTimestampTz(value));
	}
	return false;				/* keep compiler quiet */
}

/*
 * SHA-256 of the bytes of prev followed by those of data.
 */
static bytea *
sha256_of(const bytea *prev, const char *data, size_t len)
{
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);
	bytea	   *result = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);

	if (pg_cryptohash_init(ctx) < 0 ||
		(prev != NULL &&
		 pg_cryptohash_update(ctx, (const uint8 *) VARDATA_ANY(prev), VARSIZE_ANY_EXHDR(prev)) < 0) ||
		pg_cryptohash_update(ctx, (const uint8 *) data, len) < 0 ||
		pg_cryptohash_final(ctx, (uint8 *) VARDATA(result), PG_SHA256_DIGEST_LENGTH) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute SHA-256: %s", pg_cryptohash_error(ctx))));
	pg_cryptohash_free(ctx);
	SET_VARSIZE(result, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	return result;
}

/*
 * The link of a creation in its jurisdiction's chain: SHA-256 of prev (none
 * for the first) and "chain_no U+001F referral_id U+001F" and row_hash.
 */
static bytea *
history_link_of(const bytea *prev, int32 chain_no, Datum referral_id, const bytea *row_hash)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%d%c%s%c", chain_no, DIGEST_SEPARATOR,
					 DatumGetCString(DirectFunctionCall1(uuid_out, referral_id)), DIGEST_SEPARATOR);
	appendBinaryStringInfo(&buf, VARDATA_ANY(row_hash), VARSIZE_ANY_EXHDR(row_hash));
	return sha256_of(prev, buf.data, buf.len);
}

/*
 * history_link(prev bytea, chain_no integer, referral_id uuid, row_hash bytea) returns bytea
 */
Datum
jxlink_history_link(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(history_link_of(PG_ARGISNULL(0) ? NULL : PG_GETARG_BYTEA_PP(0),
									  PG_GETARG_INT32(1), PG_GETARG_DATUM(2),
									  PG_GETARG_BYTEA_PP(3)));
}

/*
 * The hash of a history row, its columns given in HistoryField order,
 * chained to prev (NULL: the first row).
 */
bytea *
history_digest_values(const Datum *values, const bool *nulls, const bytea *prev)
{
	StringInfoData buf;
	char	   *utf8;
	bool		first = true;

	initStringInfo(&buf);
	for (int i = 0; i < HISTORY_FIELDS; i++)
	{
		int			mark = buf.len;

		if (!first)
			appendStringInfoChar(&buf, DIGEST_SEPARATOR);
		if (append_field(&buf, &digest_fields[i], values[i], nulls[i]))
			first = false;
		else
		{
			buf.len = mark;		/* left out, with its separator */
			buf.data[mark] = '\0';
		}
	}
	/* convert_to(..., 'UTF8'): the extension requires a UTF8 database */
	utf8 = pg_server_to_any(buf.data, buf.len, PG_UTF8);
	return sha256_of(prev, utf8, strlen(utf8));
}

/*
 * A column that enters the hash as text, as a text datum: a column of
 * another type (from_state and to_state, jxlink.referral_state since 0.11.0)
 * as its output function writes it, so that the hash stays that of its text.
 */
static Datum
history_text_value(Datum value, Oid typid)
{
	Oid			output;
	bool		varlena;

	if (typid == TEXTOID)
		return value;
	getTypeOutputInfo(typid, &output, &varlena);
	return CStringGetTextDatum(OidOutputFunctionCall(output, value));
}

/*
 * The hash of a history row given as a tuple of desc.
 */
static bytea *
history_tuple_digest(HeapTuple tuple, TupleDesc desc, const bytea *prev)
{
	Datum		values[HISTORY_FIELDS];
	bool		nulls[HISTORY_FIELDS];

	for (int i = 0; i < HISTORY_FIELDS; i++)
	{
		int			attnum = history_attnum(desc, digest_fields[i].column);

		values[i] = heap_getattr(tuple, attnum, desc, &nulls[i]);
		if (!nulls[i] && digest_fields[i].form == FIELD_TEXT)
			values[i] = history_text_value(values[i], TupleDescAttr(desc, attnum - 1)->atttypid);
	}
	return history_digest_values(values, nulls, prev);
}

/*
 * history_digest(h jxlink.referral_history, prev bytea) returns bytea
 */
Datum
jxlink_history_digest(PG_FUNCTION_ARGS)
{
	HeapTupleHeader row;
	HeapTupleData tuple;
	TupleDesc	desc;
	bytea	   *result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	row = PG_GETARG_HEAPTUPLEHEADER(0);
	desc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(row), HeapTupleHeaderGetTypMod(row));
	tuple.t_len = HeapTupleHeaderGetDatumLength(row);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = row;
	result = history_tuple_digest(&tuple, desc, PG_ARGISNULL(1) ? NULL : PG_GETARG_BYTEA_PP(1));
	ReleaseTupleDesc(desc);
	PG_RETURN_BYTEA_P(result);
}

/*
 * The row_hash of row seq of a referral's history, or NULL if there is none
 * (or it has none), read with a new snapshot and copied out of SPI's memory.
 * The caller is connected to SPI.
 */
bytea *
history_row_hash(Datum referral_id, int32 seq)
{
	static SPIPlanPtr plan = NULL;
	Datum		values[2] = {referral_id, Int32GetDatum(seq)};
	bool		isnull;
	Datum		hash;

	spi_plan_run(&plan,
				 "SELECT h.row_hash FROM jxlink.referral_history h"
				 " WHERE h.referral_id OPERATOR(pg_catalog.=) $1 AND h.seq OPERATOR(pg_catalog.=) $2",
				 2, (Oid[]) {UUIDOID, INT4OID}, values, NULL, false);
	if (SPI_processed == 0)
		return NULL;
	hash = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? NULL : (bytea *) DatumGetPointer(spi_copy_varlena(hash));
}

/*
 * The number and chain_hash of the last creation chained in a jurisdiction
 * (0 and NULL: none yet), after taking the jurisdiction's chain lock, read
 * with a new snapshot (so a creation committed while this one waited is
 * seen).  The caller is connected to SPI.
 */
static int32
history_chain_head(Datum jurisdiction, bytea **head)
{
	static SPIPlanPtr plan = NULL;
	Datum		values[1] = {jurisdiction};
	text	   *code;
	bool		isnull;
	int32		chain_no;
	Datum		hash;

	code = DatumGetTextPP(jurisdiction);
	DirectFunctionCall2(pg_advisory_xact_lock_int4, Int32GetDatum(CHAIN_LOCK_KEY),
						Int32GetDatum((int32) hash_bytes((const unsigned char *) VARDATA_ANY(code),
														 VARSIZE_ANY_EXHDR(code))));
	spi_plan_run(&plan,
				 "SELECT h.chain_no, h.chain_hash FROM jxlink.referral_history h"
				 " WHERE h.jurisdiction OPERATOR(pg_catalog.=) $1 AND h.chain_no IS NOT NULL"
				 " ORDER BY h.chain_no DESC LIMIT 1",
				 1, (Oid[]) {TEXTOID}, values, NULL, false);
	*head = NULL;
	if (SPI_processed == 0)
		return 0;
	chain_no = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	hash = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);
	if (!isnull)
		*head = (bytea *) DatumGetPointer(spi_copy_varlena(hash));
	return chain_no;
}

/*
 * BEFORE INSERT row trigger on jxlink.referral_history: chain a new row to
 * the previous row of its referral (a row that brings its hash keeps it),
 * and a creation row to the previous creation of its jurisdiction (a row
 * that brings its chain_no keeps its chain: a restore).
 */
Datum
jxlink_history_chain(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	HeapTuple	tuple;
	int			cols[5];
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};
	int			ncols = 0;
	bool		isnull;
	bool		seq_null;
	bool		chained;
	Datum		referral_id;
	Datum		row_hash;
	int32		seq;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) || !TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("history_chain() must be a BEFORE INSERT ... FOR EACH ROW trigger")));
	desc = RelationGetDescr(trigdata->tg_relation);
	tuple = trigdata->tg_trigtuple;
	referral_id = heap_getattr(tuple, history_attnum(desc, "referral_id"), desc, &isnull);
	seq = DatumGetInt32(heap_getattr(tuple, history_attnum(desc, "seq"), desc, &seq_null));
	if (isnull || seq_null)
		return PointerGetDatum(tuple);	/* the NOT NULL constraints refuse it */
	/* before ALTER EXTENSION UPDATE adds the chain of creations, nothing to chain */
	if (SPI_fnumber(desc, "chain_no") <= 0)
		chained = true;
	else
	{
		(void) heap_getattr(tuple, history_attnum(desc, "chain_no"), desc, &chained);
		chained = !chained;
	}
	row_hash = heap_getattr(tuple, history_attnum(desc, "row_hash"), desc, &isnull);
	if (!isnull && (seq != 1 || chained))
		return PointerGetDatum(tuple);

	SPI_connect();
	if (isnull)
	{
		bytea	   *prev = history_row_hash(referral_id, seq - 1);

		cols[ncols] = history_attnum(desc, "prev_hash");
		values[ncols] = PointerGetDatum(prev);
		nulls[ncols++] = (prev == NULL);
		row_hash = PointerGetDatum(history_tuple_digest(tuple, desc, prev));
		cols[ncols] = history_attnum(desc, "row_hash");
		values[ncols++] = row_hash;
	}
	if (seq == 1 && !chained)
	{
		bytea	   *head;
		int32		chain_no;
		Datum		jurisdiction = heap_getattr(tuple, history_attnum(desc, "jurisdiction"), desc, &isnull);

		if (isnull)
		{
			SPI_finish();
			return PointerGetDatum(tuple);	/* the NOT NULL constraint refuses it */
		}
		chain_no = history_chain_head(jurisdiction, &head) + 1;
		cols[ncols] = history_attnum(desc, "chain_no");
		values[ncols++] = Int32GetDatum(chain_no);
		cols[ncols] = history_attnum(desc, "chain_prev");
		values[ncols] = PointerGetDatum(head);
		nulls[ncols++] = (head == NULL);
		cols[ncols] = history_attnum(desc, "chain_hash");
		values[ncols++] = PointerGetDatum(history_link_of(head, chain_no, referral_id,
														  DatumGetByteaPP(row_hash)));
	}
	SPI_finish();
	return PointerGetDatum(heap_modify_tuple_by_cols(tuple, desc, ncols, cols, values, nulls));
}
