/*-------------------------------------------------------------------------
 *
 * referral_state.c
 *	  The referral state type (移送状态), jxlink.referral_state.
 *
 * A state is stored as an int16, its code: its position in the table of
 * states of referral_fsm.c, which lists them in lifecycle order (draft,
 * awaiting_approval, approved, transferred, returned, accepted, filed,
 * decided, then the final states closed, declined, withdrawn).  So the
 * state machine and the type have one definition, values sort in the order
 * a referral passes them, and the labels are those of referral_states().
 *
 * Text input accepts a state's name exactly as output writes it (the English
 * code, "awaiting_approval"); anything else is 22P02 with every valid state
 * in the detail.  The binary form is a version byte (1) and the int16 code;
 * receive refuses an unknown code with 22P03.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "referral_fsm.h"

/* The version byte of the binary form. */
#define RS_BINARY_VERSION		1

PG_FUNCTION_INFO_V1(jxlink_referral_state_in);
PG_FUNCTION_INFO_V1(jxlink_referral_state_out);
PG_FUNCTION_INFO_V1(jxlink_referral_state_recv);
PG_FUNCTION_INFO_V1(jxlink_referral_state_send);
PG_FUNCTION_INFO_V1(jxlink_referral_state_zh);
PG_FUNCTION_INFO_V1(jxlink_referral_state_en);
PG_FUNCTION_INFO_V1(jxlink_referral_state_cmp);
PG_FUNCTION_INFO_V1(jxlink_referral_state_eq);
PG_FUNCTION_INFO_V1(jxlink_referral_state_ne);
PG_FUNCTION_INFO_V1(jxlink_referral_state_lt);
PG_FUNCTION_INFO_V1(jxlink_referral_state_le);
PG_FUNCTION_INFO_V1(jxlink_referral_state_gt);
PG_FUNCTION_INFO_V1(jxlink_referral_state_ge);
PG_FUNCTION_INFO_V1(jxlink_referral_state_hash);
PG_FUNCTION_INFO_V1(jxlink_referral_state_hash_extended);

#define PG_GETARG_REFERRAL_STATE(n)	PG_GETARG_INT16(n)

/*
 * referral_state_in(cstring) returns referral_state
 */
Datum
jxlink_referral_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int			code = referral_state_code(str);

	if (code < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid referral state: \"%s\"", str),
				 errdetail("The referral states, in lifecycle order: %s.", referral_state_list())));
	PG_RETURN_INT16((int16) code);
}

/*
 * referral_state_out(referral_state) returns cstring: the state's name
 */
Datum
jxlink_referral_state_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(pstrdup(referral_state_name(PG_GETARG_REFERRAL_STATE(0))));
}

/*
 * referral_state_recv(internal) returns referral_state: version byte 1, int16 code
 */
Datum
jxlink_referral_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			code;

	if (buf->len - buf->cursor != 3 || pq_getmsgbyte(buf) != RS_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary referral state"),
				 errdetail("A referral state is sent as the version byte 1 and an int16 code.")));
	code = (int16) pq_getmsgint(buf, sizeof(int16));
	if (code < 0 || code >= referral_state_count())
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary referral state code %d", code),
				 errdetail("Codes run from 0 to %d, in lifecycle order: %s.",
						   referral_state_count() - 1, referral_state_list())));
	PG_RETURN_INT16((int16) code);
}

/*
 * referral_state_send(referral_state) returns bytea
 */
Datum
jxlink_referral_state_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, RS_BINARY_VERSION);
	pq_sendint16(&buf, (uint16) PG_GETARG_REFERRAL_STATE(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* referral_state_zh(referral_state) returns text: the Chinese label */
Datum
jxlink_referral_state_zh(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(referral_state_name_zh(PG_GETARG_REFERRAL_STATE(0))));
}

/* referral_state_en(referral_state) returns text: the English label */
Datum
jxlink_referral_state_en(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(referral_state_name_en(PG_GETARG_REFERRAL_STATE(0))));
}

/* referral_state_cmp: -1, 0 or 1 in lifecycle order */
Datum
jxlink_referral_state_cmp(PG_FUNCTION_ARGS)
{
	int16		a = PG_GETARG_REFERRAL_STATE(0);
	int16		b = PG_GETARG_REFERRAL_STATE(1);

	PG_RETURN_INT32(a < b ? -1 : (a > b ? 1 : 0));
}

/* referral_state_eq: operator = */
Datum
jxlink_referral_state_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_REFERRAL_STATE(0) == PG_GETARG_REFERRAL_STATE(1));
}

/* referral_state_ne: operator <> */
Datum
jxlink_referral_state_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_REFERRAL_STATE(0) != PG_GETARG_REFERRAL_STATE(1));
}

/* referral_state_lt: operator < (earlier in the lifecycle) */
Datum
jxlink_referral_state_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_REFERRAL_STATE(0) < PG_GETARG_REFERRAL_STATE(1));
}

/* referral_state_le: operator <= */
Datum
jxlink_referral_state_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_REFERRAL_STATE(0) <= PG_GETARG_REFERRAL_STATE(1));
}

/* referral_state_gt: operator > (later in the lifecycle) */
Datum
jxlink_referral_state_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_REFERRAL_STATE(0) > PG_GETARG_REFERRAL_STATE(1));
}

/* referral_state_ge: operator >= */
Datum
jxlink_referral_state_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_REFERRAL_STATE(0) >= PG_GETARG_REFERRAL_STATE(1));
}

/* referral_state_hash(referral_state) returns integer */
Datum
jxlink_referral_state_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32((uint32) PG_GETARG_REFERRAL_STATE(0));
}

/* referral_state_hash_extended(referral_state, bigint) returns bigint */
Datum
jxlink_referral_state_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended((uint32) PG_GETARG_REFERRAL_STATE(0), (uint64) PG_GETARG_INT64(1));
}
