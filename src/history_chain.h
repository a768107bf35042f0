/*-------------------------------------------------------------------------
 *
 * history_chain.h
 *	  The hash of a referral history row, and the hash stored for one (see
 *	  history_chain.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_HISTORY_CHAIN_H
#define JXLINK_HISTORY_CHAIN_H

#include "fmgr.h"

/* The columns of a history row, in the order the hash reads them. */
typedef enum HistoryField
{
	HF_HISTORY_ID,				/* uuid */
	HF_JURISDICTION,			/* text */
	HF_REFERRAL_ID,				/* uuid */
	HF_SEQ,						/* int4 */
	HF_EVENT,					/* text */
	HF_FROM_STATE,			/* text (the state's name), may be null */
	HF_TO_STATE,				/* text (the state's name) */
	HF_OCCURRED_AT,				/* timestamptz */
	HF_RECORDED_AT,				/* timestamptz */
	HF_ACTOR_ROLE,				/* text */
	HF_ACTOR_LOGIN,				/* text */
	HF_ACTOR_UNIT,				/* uuid, may be null */
	HF_NOTE,					/* text, may be null */
	HISTORY_FIELDS
} HistoryField;

extern bytea *history_digest_values(const Datum *values, const bool *nulls, const bytea *prev);
extern bytea *history_row_hash(Datum referral_id, int32 seq);

#endif							/* JXLINK_HISTORY_CHAIN_H */
