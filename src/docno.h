/*-------------------------------------------------------------------------
 *
 * docno.h
 *	  The document number type (发文字号, GB/T 9704-2012 §7.2.4).
 *
 * A docno is a varlena whose data is the sequence number (int32), the year
 * (int16) and the issuer code (机关代字) as UTF-8 bytes, in that order and
 * without padding.  Stored values may have a short (1-byte) header and are
 * then unaligned, so the fields are read with memcpy (docno_unpack).
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_DOCNO_H
#define JXLINK_DOCNO_H

#include "fmgr.h"

#include "pg_compat.h"

/* The limits of the parts (doc/docno.md). */
#define DOCNO_MAX_ISSUER_CHARS	32
#define DOCNO_MAX_ISSUER_BYTES	(DOCNO_MAX_ISSUER_CHARS * 4)
#define DOCNO_MIN_YEAR			1000
#define DOCNO_MAX_YEAR			9999
#define DOCNO_MIN_NUMBER		1
#define DOCNO_MAX_NUMBER		PG_INT32_MAX

/* Bytes of data before the issuer: number, then year. */
#define DOCNO_FIXED_SIZE		(sizeof(int32) + sizeof(int16))

/* The parts of a document number, pointing into a value or a buffer. */
typedef struct DocNoParts
{
	int32		number;
	int16		year;
	int			issuer_len;		/* bytes of UTF-8 */
	const char *issuer;			/* not NUL-terminated */
} DocNoParts;

#define PG_GETARG_DOCNO_PP(n)	((struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n)))

/*
 * The parts of a (detoasted, possibly short-header) docno value.
 */
static inline void
docno_unpack(const struct varlena *value, DocNoParts *parts)
{
	const char *data = VARDATA_ANY(value);

	memcpy(&parts->number, data, sizeof(int32));
	memcpy(&parts->year, data + sizeof(int32), sizeof(int16));
	parts->issuer = data + DOCNO_FIXED_SIZE;
	parts->issuer_len = VARSIZE_ANY_EXHDR(value) - DOCNO_FIXED_SIZE;
}

extern struct varlena *docno_make(const DocNoParts *parts);
extern int	docno_compare(const struct varlena *a, const struct varlena *b);

#endif							/* JXLINK_DOCNO_H */
