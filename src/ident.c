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

#include "ident.h"

PG_FUNCTION_INFO_V1(jxlink_uuid_v7);
PG_FUNCTION_INFO_V1(jxlink_calling_role);

/*
 * Random bytes are drawn from the strong source a block at a time: one call
 * per 409 UUIDs instead of one per UUID.  The block belongs to this backend
 * (the postmaster never fills it, so no two backends share bytes).
 */
#define RANDOM_BLOCK 4096

static uint8 random_block[RANDOM_BLOCK];
static size_t random_used = RANDOM_BLOCK;

/*
 * Fill buf with n strong random bytes (n <= RANDOM_BLOCK).
 */
static void
strong_random_bytes(uint8 *buf, size_t n)
{
	Assert(n <= RANDOM_BLOCK);
	if (random_used + n > RANDOM_BLOCK)
	{
		if (!pg_strong_random(random_block, RANDOM_BLOCK))
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("could not generate random values")));
		random_used = 0;
	}
	memcpy(buf, random_block + random_used, n);
	explicit_bzero(random_block + random_used, n);	/* each byte is used once */
	random_used += n;
}

/*
 * Make a new UUID version 7: Unix milliseconds, then random bits.
 */
void
uuid_v7_generate(pg_uuid_t *uuid)
{
	struct timeval tv;
	uint64		ms;

	strong_random_bytes(uuid->data, UUID_LEN);
	gettimeofday(&tv, NULL);
	ms = (uint64) tv.tv_sec * 1000 + tv.tv_usec / 1000;
	for (int i = 0; i < 6; i++)
		uuid->data[i] = (unsigned char) (ms >> (40 - 8 * i));
	uuid->data[6] = (uuid->data[6] & 0x0f) | 0x70;	/* version 7 */
	uuid->data[8] = (uuid->data[8] & 0x3f) | 0x80;	/* RFC 4122 variant */
}

/*
 * uuid_v7() returns uuid: a new time-ordered UUID
 */
Datum
jxlink_uuid_v7(PG_FUNCTION_ARGS pg_attribute_unused())
{
	pg_uuid_t  *uuid = palloc(UUID_LEN);

	uuid_v7_generate(uuid);
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
