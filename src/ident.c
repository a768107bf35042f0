/*-------------------------------------------------------------------------
 *
 * ident.c
 *	  Identifiers and actors: time-ordered UUIDs and the calling role.
 *
 * Keys are UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then
 * random bits, so that several street databases merge into one city
 * database without collisions and rows stay in time order in an index.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <sys/time.h>

#include "fmgr.h"
#include "miscadmin.h"
#include "port.h"
#include "utils/builtins.h"
#include "utils/uuid.h"

PG_FUNCTION_INFO_V1(jxlink_uuid_v7);
PG_FUNCTION_INFO_V1(jxlink_calling_role);

/*
 * uuid_v7() returns uuid: a new time-ordered UUID
 */
Datum
jxlink_uuid_v7(PG_FUNCTION_ARGS pg_attribute_unused())
{
	pg_uuid_t  *uuid = palloc(UUID_LEN);
	struct timeval tv;
	uint64		ms;

	if (!pg_strong_random(uuid->data, UUID_LEN))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate random values")));
	gettimeofday(&tv, NULL);
	ms = (uint64) tv.tv_sec * 1000 + tv.tv_usec / 1000;
	for (int i = 0; i < 6; i++)
		uuid->data[i] = (unsigned char) (ms >> (40 - 8 * i));
	uuid->data[6] = (uuid->data[6] & 0x0f) | 0x70;	/* version 7 */
	uuid->data[8] = (uuid->data[8] & 0x3f) | 0x80;	/* RFC 4122 variant */
	PG_RETURN_UUID_P(uuid);
}

/*
 * calling_role() returns name: the role that called, as SET ROLE left it.
 *
 * Inside a SECURITY DEFINER function current_user is the owner; the outer
 * user is the role the clerk acts as (the login role, or the role it SET).
 */
Datum
jxlink_calling_role(PG_FUNCTION_ARGS pg_attribute_unused())
{
	Name		result = palloc0(NAMEDATALEN);

	namestrcpy(result, GetUserNameFromId(GetOuterUserId(), false));
	PG_RETURN_NAME(result);
}
