/*-------------------------------------------------------------------------
 *
 * referral_apply.c
 *	  The one path of every referral event, and the SQL API over it.
 *
 * Each API function (submit_referral, transfer_referral, ...) acts for the
 * caller's unit and goes through referral_event(); create_referral, whose
 * referral does not exist yet, through referral_create(), the same steps:
 *
 *	 1. the caller's staff row (jxlink.staff), or 42501;
 *	 2. the referral, locked, and the hash of its last history row, or P0002
 *		(for "create": the case, locked, and the team it is referred to);
 *		then the caller's unit must be party to it: the sending unit, or the
 *		team once the referral was transferred to it (42501, one message
 *		whatever the state, which a unit not party to it never learns);
 *	 3. the transition, from the table of referral_fsm.c (55000 if refused);
 *	 4. who may fire the event: the sending unit, its leader, the team (42501;
 *		for "create": the unit that found the case, not the team itself);
 *	 5. the event time: not in the future, not before the previous event
 *		(for "create": not before the discovery of the case);
 *	 6. the event's own argument (reason, notice, number...) and its
 *		preconditions: the materials of a transfer (三（三）3), the terms of
 *		an extension notice (三（三）2②: dated and recorded before the
 *		deadline), no other referral of the case in progress (create);
 *	 7. the move and its history row, hashed here and chained to the last
 *		one, in one statement (referral_state_guard checks the move once more;
 *		"create" inserts the referral and its first history row instead);
 *	 8. the obligations the event meets and opens, in jxlink.referral_ledger()
 *		(the transfer period that "create" starts, the share of a decision,
 *		the resubmission a return opens).
 *
 * Every check comes before any write, and any error undoes the whole call:
 * a refused event changes nothing.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "event_check.h"
#include "history_chain.h"
#include "ident.h"
#include "pg_compat.h"
#include "referral_fsm.h"
#include "server_text.h"
#include "spi_plan.h"

/* What an event needs besides the referral and its time. */
typedef enum EventArgument
{
	ARG_NONE,					/* nothing (submit, approve) */
	ARG_URGENT,					/* the urgency flag, required (create) */
	ARG_NOTE,					/* an optional note (copy_back) */
	ARG_REASON,					/* a reason, required */
	ARG_NOTICE,					/* the written notice, required */
	ARG_LETTER_NO,				/* the transfer letter number, required */
	ARG_CASE_NO,				/* the case number, required */
	ARG_DECISION				/* the decision number and the outcome, required */
} EventArgument;

/*
 * The events of the API.  "sets" are the columns an event changes besides
 * state, last_event, transition_seq and last_event_at; they use the
 * parameters of move_referral(): $6 the event time, $7 the acting role,
 * $10 the event's argument, $11 the outcome.
 */
typedef struct EventRule
{
	const char *event;
	EventArgument argument;
	bool		ledger;			/* does it meet or open obligations? */
	const char *sets;			/* the columns it sets besides the state (see move_referral) */
} EventRule;

static const EventRule event_rules[] = {
	{"create", ARG_URGENT, true, NULL},	/* inserts: see insert_referral */
	{"submit", ARG_NONE, false, ""},
	{"approve", ARG_NONE, false, ", approved_by = $7, approved_at = $6"},
	{"send_back", ARG_REASON, false, ""},
	{"notify_extension", ARG_REASON, true, ", extension_notified_at = $6, extension_reason = $10"},
	{"transfer", ARG_LETTER_NO, true,
	", letter_no = CAST($10 AS jxlink.docno), transfer_count = x.transfer_count OPERATOR(pg_catalog.+) 1"},
	{"accept", ARG_NOTICE, true, ""},
	{"decline", ARG_REASON, true, ""},
	{"return", ARG_REASON, true, ", return_count = x.return_count OPERATOR(pg_catalog.+) 1"},
	{"file", ARG_CASE_NO, true, ", filed_case_no = CAST($10 AS jxlink.docno)"},
	{"decide", ARG_DECISION, true, ", decision_no = CAST($10 AS jxlink.docno), decision_outcome = $11"},
	{"copy_back", ARG_NOTE, true, ""},
	{"withdraw", ARG_REASON, true, ""},
};

#define EVENT_RULES lengthof(event_rules)

/* One call of an API function. */
typedef struct EventCall
{
	const EventRule *rule;
	Datum		referral_id;
	bool		referral_null;
	Datum		case_id;		/* create only */
	bool		case_null;
	bool		urgent;			/* create only */
	bool		urgent_null;
	TimestampTz occurred_at;
	bool		occurred_null;
	char	   *argument;		/* reason, notice, note or number; NULL if none */
	char	   *outcome;		/* decide only */
} EventCall;

/* The caller's staff row. */
typedef struct Caller
{
	char	   *role_name;
	Datum		unit_id;
	bool		is_leader;
} Caller;

/* The referral as it was read, before the event (a new one: as it starts). */
typedef struct ReferralRow
{
	Datum		referral_id;
	Datum		case_id;
	Datum		from_unit;
	Datum		to_unit;
	char	   *state;			/* NULL before "create" */
	bool		urgent;
	int32		transition_seq;
	int32		transfer_count;
	TimestampTz last_event_at;
	TimestampTz extension_notified_at;
	bool		extension_notified;
	Datum		jurisdiction;
	Datum		history_head;	/* row_hash of its last history row */
	bool		history_head_null;
} ReferralRow;

/* The case a new referral refers, as it was read (locked). */
typedef struct CaseRow
{
	Datum		jurisdiction;
	Datum		discovering_unit;
	TimestampTz discovered_at;
	Datum		team;			/* the enforcement team of its jurisdiction */
	bool		team_null;		/* there is none */
} CaseRow;

/*
 * The event name as words ("send back"), for messages.
 */
static char *
event_words(const char *event)
{
	char	   *words = pstrdup(event);

	for (char *p = words; *p; p++)
		if (*p == '_')
			*p = ' ';
	return words;
}

/*
 * Column n (1-based) of the first row SPI returned, and whether it is null.
 */
static Datum
result_value(int n, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, n, isnull);
}

/*
 * Column n of the first row SPI returned, known not null.
 */
static Datum
result_datum(int n)
{
	bool		isnull;

	return result_value(n, &isnull);
}

/*
 * Step 1 on its own, when the referral query could not say who the caller
 * is (no referral, or no staff row joined): jxlink.caller_staff() gives the
 * staff row or raises the error a clerk sees (42501, or the street not
 * registered).
 */
static void
caller_staff(Caller *me)
{
	static SPIPlanPtr plan = NULL;

	spi_plan_run(&plan, "SELECT s.unit_id, s.is_leader FROM jxlink.caller_staff() s",
				 0, NULL, NULL, NULL, false);
	me->unit_id = result_datum(1);
	me->is_leader = DatumGetBool(result_datum(2));
}

/*
 * The caller has no staff row in the jurisdiction it acts in: the error of
 * jxlink.caller_staff() when it is staff nowhere, else 42501 naming the
 * jurisdiction (a clerk of another town).
 */
pg_noreturn static void
not_staff_here(Caller *me, Datum jurisdiction)
{
	caller_staff(me);
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("role \"%s\" is not staff of a unit in jurisdiction %s",
					me->role_name, TextDatumGetCString(jurisdiction)),
			 errhint("An administrator maps login roles to units in jxlink.staff, per jurisdiction.")));
}

/*
 * Steps 1 and 2 in one query: the caller's staff row in the referral's
 * jurisdiction (42501 if none) and the referral, locked until the end of the transaction, with the hash of
 * its last history row (P0002 if there is no such referral).  The lock is
 * the one the move's UPDATE takes (FOR NO KEY UPDATE: a transition changes
 * no key): it excludes every other transition of the referral, and lets rows
 * that merely reference it (materials, shares) be written meanwhile.
 */
static void
lock_referral(const EventCall *call, Caller *me, ReferralRow *r)
{
	static SPIPlanPtr plan = NULL;
	Datum		values[2];
	bool		isnull;

	me->role_name = GetUserNameFromId(GetOuterUserId(), false);
	if (call->referral_null)
	{
		caller_staff(me);
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("referral must not be null")));
	}
	values[0] = call->referral_id;
	values[1] = CStringGetTextDatum(me->role_name);
	spi_plan_run(&plan,
				 "SELECT x.case_id, x.from_unit, x.to_unit, CAST(x.state AS pg_catalog.text), x.urgent, x.transition_seq,"
				 " x.transfer_count, x.last_event_at, x.extension_notified_at, x.jurisdiction,"
				 " (SELECT h.row_hash FROM jxlink.referral_history h"
				 "   WHERE h.referral_id OPERATOR(pg_catalog.=) x.referral_id"
				 "     AND h.seq OPERATOR(pg_catalog.=) x.transition_seq),"
				 " s.unit_id, s.is_leader"
				 " FROM jxlink.referral x"
				 " LEFT JOIN jxlink.staff s"
				 "   ON s.jurisdiction OPERATOR(pg_catalog.=) x.jurisdiction"
				 "  AND s.role_name OPERATOR(pg_catalog.=) $2 AND s.active"
				 " WHERE x.referral_id OPERATOR(pg_catalog.=) $1"
				 " FOR NO KEY UPDATE OF x",
				 2, (Oid[]) {UUIDOID, TEXTOID}, values, NULL, false);
	if (SPI_processed == 0)
	{
		caller_staff(me);
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("referral %s does not exist",
						DatumGetCString(DirectFunctionCall1(uuid_out, call->referral_id)))));
	}
	r->referral_id = call->referral_id;
	r->case_id = result_datum(1);
	r->from_unit = result_datum(2);
	r->to_unit = result_datum(3);
	r->state = TextDatumGetCString(result_datum(4));
	r->urgent = DatumGetBool(result_datum(5));
	r->transition_seq = DatumGetInt32(result_datum(6));
	r->transfer_count = DatumGetInt32(result_datum(7));
	r->last_event_at = DatumGetTimestampTz(result_datum(8));
	r->extension_notified_at = DatumGetTimestampTz(result_value(9, &isnull));
	r->extension_notified = !isnull;
	r->jurisdiction = result_datum(10);
	r->history_head = result_value(11, &r->history_head_null);
	me->unit_id = result_value(12, &isnull);
	if (isnull)
		not_staff_here(me, r->jurisdiction);
	else
		me->is_leader = DatumGetBool(result_datum(13));
	if (r->history_head_null)
	{
		/*
		 * The lock was won after a concurrent transition: the row as it left
		 * it is locked, but the query's older snapshot does not show the
		 * history row it wrote.  Read that row with a new snapshot.
		 */
		bytea	   *head = history_row_hash(r->referral_id, r->transition_seq);

		r->history_head_null = (head == NULL);
		r->history_head = PointerGetDatum(head);
	}
}

/*
 * Steps 1 and 2 of "create" in one query: the caller's staff row in the
 * case's jurisdiction (42501 if none) and the case, locked until the end of the transaction (P0002 if
 * there is no such case), with the enforcement team of its jurisdiction.
 * The lock (FOR NO KEY UPDATE: nothing changes the case) makes a second
 * creation for the case wait until the first is over, and then see its
 * referral (check_no_referral_in_progress).
 */
static void
lock_case(const EventCall *call, Caller *me, CaseRow *c)
{
	static SPIPlanPtr plan = NULL;
	Datum		values[2];
	bool		nulls[2] = {call->case_null, false};
	bool		isnull;

	me->role_name = GetUserNameFromId(GetOuterUserId(), false);
	values[0] = call->case_id;
	values[1] = CStringGetTextDatum(me->role_name);
	spi_plan_run(&plan,
				 "SELECT c.jurisdiction, c.discovering_unit, c.discovered_at,"
				 " (SELECT u.unit_id FROM jxlink.unit u"
				 "   WHERE u.jurisdiction OPERATOR(pg_catalog.=) c.jurisdiction"
				 "     AND u.kind OPERATOR(pg_catalog.=) 'enforcement_team' AND u.active LIMIT 1),"
				 " s.unit_id, s.is_leader"
				 " FROM jxlink.case_file c"
				 " LEFT JOIN jxlink.staff s"
				 "   ON s.jurisdiction OPERATOR(pg_catalog.=) c.jurisdiction"
				 "  AND s.role_name OPERATOR(pg_catalog.=) $2 AND s.active"
				 " WHERE c.case_id OPERATOR(pg_catalog.=) $1"
				 " FOR NO KEY UPDATE OF c",
				 2, (Oid[]) {UUIDOID, TEXTOID}, values, nulls, false);
	if (SPI_processed == 0)
	{
		caller_staff(me);
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("case %s does not exist",
						call->case_null ? "<NULL>" :
						DatumGetCString(DirectFunctionCall1(uuid_out, call->case_id)))));
	}
	c->jurisdiction = result_datum(1);
	c->discovering_unit = result_datum(2);
	c->discovered_at = DatumGetTimestampTz(result_datum(3));
	c->team = result_value(4, &c->team_null);
	me->unit_id = result_value(5, &isnull);
	if (isnull)
		not_staff_here(me, c->jurisdiction);
	else
		me->is_leader = DatumGetBool(result_datum(6));
}

/*
 * Do two uuid datums hold the same value?
 */
static bool
same_unit(Datum a, Datum b)
{
	return DatumGetBool(DirectFunctionCall2(uuid_eq, a, b));
}

/*
 * Step 2b: is the caller's unit party to the referral, the sending unit or the
 * team once it was transferred to it (三（三）3: a draft is the sender's own)?
 * Checked before the state, with one message: a unit not party to the
 * referral learns nothing of it.
 */
static void
check_party(const Caller *me, const ReferralRow *r)
{
	if (same_unit(me->unit_id, r->from_unit) ||
		(same_unit(me->unit_id, r->to_unit) && r->transfer_count > 0))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("your unit is not party to this referral"),
			 errdetail("Only the sending unit, and the enforcement team once the referral was transferred to it, act on a referral.")));
}

/*
 * Step 4: may the caller fire this event on this referral?
 */
static void
check_actor(const ReferralTransition *t, const Caller *me, const ReferralRow *r)
{
	const char *words = event_words(t->event);

	if ((t->actor == ACTOR_SENDER || t->actor == ACTOR_SENDER_LEADER) &&
		!same_unit(me->unit_id, r->from_unit))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only the sending unit may %s this referral", words),
				 errdetail("Role %s belongs to another unit.", me->role_name)));
	if (t->actor == ACTOR_SENDER_LEADER && !me->is_leader)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only a leader in charge of the sending unit may %s this referral", words),
				 errdetail("%s", utf8_cstring_to_server("三（三）3: the transfer is approved by the leader in charge."))));
	if (t->actor == ACTOR_TEAM && !same_unit(me->unit_id, r->to_unit))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only the enforcement team may %s this referral", words)));
}

/*
 * Step 4 of "create": only the unit that found the case refers it, to the
 * team of its jurisdiction, which files its own cases without a referral.
 */
static void
check_creator(const Caller *me, const CaseRow *c)
{
	if (!same_unit(c->discovering_unit, me->unit_id))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only the unit that found a case may refer it")));
	if (c->team_null)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("jurisdiction %s has no enforcement team", TextDatumGetCString(c->jurisdiction))));
	if (same_unit(c->team, me->unit_id))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the enforcement team files its own cases directly"),
				 errdetail("%s", utf8_cstring_to_server("二（三）: the team files, investigates and decides."))));
}

/*
 * Step 5: an event time is never in the future nor before the previous event.
 */
static void
check_occurred_at(const EventCall *call, const ReferralRow *r)
{
	check_event_time(call->occurred_at, call->occurred_null, r->last_event_at, false,
					 "the previous event of this referral");
}

/*
 * Step 6a: the event's own argument.
 */
static void
check_argument(const EventCall *call)
{
	switch (call->rule->argument)
	{
		case ARG_NONE:
		case ARG_NOTE:
			break;
		case ARG_URGENT:
			if (call->urgent_null)
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("urgent must not be null")));
			break;
		case ARG_REASON:
			check_required_text(call->argument, "the reason");
			break;
		case ARG_NOTICE:
			check_required_text(call->argument, "the written notice");
			break;
		case ARG_LETTER_NO:
			check_required_text(call->argument, "the transfer letter number");
			break;
		case ARG_CASE_NO:
			check_required_text(call->argument, "the case number");
			break;
		case ARG_DECISION:
			check_required_text(call->argument, "the decision number");
			if (call->outcome == NULL ||
				(strcmp(call->outcome, "penalty") != 0 && strcmp(call->outcome, "no_penalty") != 0))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("the outcome must be penalty or no_penalty, not %s",
								call->outcome ? call->outcome : "null")));
			break;
	}
}

/*
 * Step 6b, transfer: the transfer letter, case-source material and
 * preliminary evidence are on file (三（三）3).
 */
static void
check_materials(const ReferralRow *r)
{
	static SPIPlanPtr plan = NULL;
	bool		isnull;
	Datum		missing;

	spi_plan_run(&plan,
				 "SELECT pg_catalog.string_agg(k, ', ' ORDER BY k)"
				 " FROM pg_catalog.unnest(ARRAY['case_source', 'preliminary_evidence', 'transfer_letter']::pg_catalog.text[]) AS k"
				 " WHERE NOT EXISTS (SELECT 1 FROM jxlink.referral_material m"
				 " WHERE m.referral_id OPERATOR(pg_catalog.=) $1 AND m.kind OPERATOR(pg_catalog.=) k)",
				 1, (Oid[]) {UUIDOID}, &r->referral_id, NULL, false);
	missing = result_value(1, &isnull);
	if (!isnull)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("referral cannot be transferred without its materials"),
				 errdetail("Missing: %s (%s).", TextDatumGetCString(missing), utf8_cstring_to_server("三（三）3")),
				 errhint("Add them with jxlink.add_material().")));
}

/*
 * Step 6b, notify_extension: never on an urgent referral, only once, and in
 * advance (三（三）2②③): dated before the original transfer deadline and
 * recorded before it too (a notice written down after the deadline was not
 * given in advance, whatever date it claims).
 */
static void
check_extension(const EventCall *call, const ReferralRow *r)
{
	static SPIPlanPtr plan = NULL;
	bool		isnull = true;
	TimestampTz due = 0;

	if (r->urgent)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("an urgent referral cannot be extended"),
				 errdetail("%s", utf8_cstring_to_server("三（三）2③: urgent cases are transferred within 24 hours."))));
	if (r->extension_notified)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the team was already notified of an extension on %s",
						event_time_text(r->extension_notified_at)),
				 errdetail("%s", utf8_cstring_to_server("三（三）2②: the transfer period is at most 5 working days."))));
	spi_plan_run(&plan,
				 "SELECT o.due_at FROM jxlink.obligation o"
				 " WHERE o.subject_id OPERATOR(pg_catalog.=) $1 AND o.kind OPERATOR(pg_catalog.=) 'transfer'"
				 " AND o.status OPERATOR(pg_catalog.=) 'open' LIMIT 1",
				 1, (Oid[]) {UUIDOID}, &r->referral_id, NULL, false);
	if (SPI_processed > 0)
		due = DatumGetTimestampTz(result_value(1, &isnull));
	if (SPI_processed == 0 || isnull)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the extension notice must come before the original transfer deadline"),
				 errdetail("%s", utf8_cstring_to_server("三（三）2②: the referral owes no open transfer to extend."))));
	if (call->occurred_at >= due)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the extension notice must come before the original transfer deadline %s",
						event_time_text(due)),
				 errdetail("%s", utf8_cstring_to_server(psprintf("三（三）2②: notify the team in advance; this notice is dated %s.",
																 event_time_text(call->occurred_at))))));
	if (GetCurrentTransactionStartTimestamp() >= due)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the extension notice must be recorded before the original transfer deadline %s",
						event_time_text(due)),
				 errdetail("%s", utf8_cstring_to_server(psprintf("三（三）2②: a notice recorded after the deadline was not given in advance, whatever date it claims (%s).",
																 event_time_text(call->occurred_at))))));
}

/*
 * Step 6b, create: the case has no referral in progress (one in a state that
 * is not final).  Run after the case was locked, with a new snapshot: a
 * referral created meanwhile by the holder of the lock is seen.
 */
static void
check_no_referral_in_progress(const EventCall *call)
{
	static SPIPlanPtr plan = NULL;

	spi_plan_run(&plan,
				 "SELECT x.state FROM jxlink.referral x WHERE x.case_id OPERATOR(pg_catalog.=) $1",
				 1, (Oid[]) {UUIDOID}, &call->case_id, NULL, false);
	for (uint64 i = 0; i < SPI_processed; i++)
		if (referral_state_in_progress(SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1)))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("the case already has a referral in progress")));
}

/*
 * The history note of an event: its argument ("number outcome" for decide,
 * "urgent" for the creation of an urgent referral).
 */
static Datum
event_note(const EventCall *call, bool *isnull)
{
	if (call->rule->argument == ARG_URGENT)
	{
		*isnull = !call->urgent;
		return call->urgent ? CStringGetTextDatum("urgent") : (Datum) 0;
	}
	*isnull = (call->argument == NULL);
	if (*isnull)
		return (Datum) 0;
	if (call->rule->argument == ARG_DECISION)
		return CStringGetTextDatum(psprintf("%s %s", call->argument, call->outcome ? call->outcome : ""));
	return CStringGetTextDatum(call->argument);
}

/*
 * The history row of a transition, in HistoryField order, with its hash
 * chained to the referral's last row.
 */
static void
history_row(const EventCall *call, const Caller *me, const ReferralRow *r,
			const ReferralTransition *t, Datum *values, bool *nulls, Datum *row_hash)
{
	pg_uuid_t  *history_id = palloc(sizeof(pg_uuid_t));

	uuid_v7_generate(history_id);
	memset(nulls, 0, HISTORY_FIELDS * sizeof(bool));
	values[HF_HISTORY_ID] = UUIDPGetDatum(history_id);
	values[HF_JURISDICTION] = r->jurisdiction;
	values[HF_REFERRAL_ID] = r->referral_id;
	values[HF_SEQ] = Int32GetDatum(r->transition_seq + 1);
	values[HF_EVENT] = CStringGetTextDatum(call->rule->event);
	nulls[HF_FROM_STATE] = (r->state == NULL);
	values[HF_FROM_STATE] = r->state ? CStringGetTextDatum(r->state) : (Datum) 0;
	values[HF_TO_STATE] = CStringGetTextDatum(t->to);
	values[HF_OCCURRED_AT] = TimestampTzGetDatum(call->occurred_at);
	values[HF_RECORDED_AT] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());	/* now() */
	values[HF_ACTOR_ROLE] = CStringGetTextDatum(me->role_name);
	values[HF_ACTOR_LOGIN] = CStringGetTextDatum(GetUserNameFromId(GetSessionUserId(), false));
	values[HF_ACTOR_UNIT] = me->unit_id;
	values[HF_NOTE] = event_note(call, &nulls[HF_NOTE]);
	*row_hash = PointerGetDatum(history_digest_values(values, nulls,
													  r->history_head_null ? NULL :
													  DatumGetByteaPP(r->history_head)));
}

/*
 * Step 7: the move and its history row, in one statement, prepared once per
 * event.  The UPDATE sets only the columns the event changes (so the triggers
 * on the document numbers fire only for the events that set them).  The
 * numbers go through the text -> docno cast, which checks them (22P02) and
 * stores them canonical.  The states go as text, through the assignment
 * cast text -> jxlink.referral_state (its input function), so that the
 * statement serves a database still at a version where they are text.
 * history_chain() keeps the hash computed here.
 */
static void
move_referral(const EventCall *call, const Caller *me, const ReferralRow *r,
			  const ReferralTransition *t)
{
	static SPIPlanPtr plans[EVENT_RULES];
	static const Oid types[] = {UUIDOID, TEXTOID, TEXTOID, TEXTOID, INT4OID, TIMESTAMPTZOID,
		TEXTOID, UUIDOID, TEXTOID, TEXTOID, TEXTOID, UUIDOID, TIMESTAMPTZOID, TEXTOID, TEXTOID,
	BYTEAOID, BYTEAOID, INT4OID};
	Datum		values[lengthof(types)];
	bool		nulls[lengthof(types)] = {0};
	Datum		h[HISTORY_FIELDS];
	bool		hnull[HISTORY_FIELDS];
	const char *sql;

	history_row(call, me, r, t, h, hnull, &values[16]);
	values[0] = r->referral_id;
	values[1] = h[HF_FROM_STATE];
	values[2] = h[HF_EVENT];
	values[3] = h[HF_TO_STATE];
	values[4] = h[HF_SEQ];
	values[5] = h[HF_OCCURRED_AT];
	values[6] = h[HF_ACTOR_ROLE];
	values[7] = h[HF_ACTOR_UNIT];
	values[8] = h[HF_NOTE];
	nulls[8] = hnull[HF_NOTE];
	values[9] = call->argument ? CStringGetTextDatum(call->argument) : (Datum) 0;
	nulls[9] = (call->argument == NULL);
	values[10] = call->outcome ? CStringGetTextDatum(call->outcome) : (Datum) 0;
	nulls[10] = (call->outcome == NULL);
	values[11] = h[HF_HISTORY_ID];
	values[12] = h[HF_RECORDED_AT];
	values[13] = h[HF_ACTOR_LOGIN];
	values[14] = h[HF_JURISDICTION];
	values[15] = r->history_head;
	nulls[15] = r->history_head_null;
	values[17] = Int32GetDatum(r->transition_seq);

	/* the statement's text is needed only to prepare it */
	sql = plans[call->rule - event_rules] != NULL ? "the move of a referral" :
		psprintf("WITH moved AS ("
				   " UPDATE jxlink.referral x"
				   " SET state = $4, last_event = $3, transition_seq = $5, last_event_at = $6%s"
				   " WHERE x.referral_id OPERATOR(pg_catalog.=) $1 AND x.transition_seq OPERATOR(pg_catalog.=) $18"
				   " RETURNING 1)"
				   " INSERT INTO jxlink.referral_history (history_id, jurisdiction, referral_id, seq, event,"
				   " from_state, to_state, occurred_at, recorded_at, actor_role, actor_login, actor_unit, note,"
				   " prev_hash, row_hash)"
				   " SELECT $12, $15, $1, $5, $3, $2, $4, $6, $13, $7, $14, $8, $9, $16, $17 FROM moved",
				   call->rule->sets);
	spi_plan_run(&plans[call->rule - event_rules], sql, lengthof(types), types, values, nulls, false);
	/* the row is locked and its transition_seq was read under the lock */
	if (SPI_processed != 1)
		elog(ERROR, "referral %s moved while locked",
			 DatumGetCString(DirectFunctionCall1(uuid_out, r->referral_id)));
}

/*
 * Step 7 of "create": the new referral and its first history row, in one
 * statement (referral_state_guard checks that the row is the result of
 * "create").  The creator is the sending unit, so $4 is the actor's unit too.
 * history_chain() keeps the hash computed here.
 */
static void
insert_referral(const EventCall *call, const Caller *me, const ReferralRow *r,
				const ReferralTransition *t)
{
	static SPIPlanPtr plan = NULL;
	static const Oid types[] = {UUIDOID, TEXTOID, UUIDOID, UUIDOID, UUIDOID, BOOLOID, TEXTOID,
		TEXTOID, INT4OID, TIMESTAMPTZOID, TEXTOID, UUIDOID, TIMESTAMPTZOID, TEXTOID, TEXTOID, BYTEAOID};
	Datum		values[lengthof(types)];
	bool		nulls[lengthof(types)] = {0};
	Datum		h[HISTORY_FIELDS];
	bool		hnull[HISTORY_FIELDS];

	history_row(call, me, r, t, h, hnull, &values[15]);
	values[0] = r->referral_id;
	values[1] = r->jurisdiction;
	values[2] = r->case_id;
	values[3] = r->from_unit;
	values[4] = r->to_unit;
	values[5] = BoolGetDatum(r->urgent);
	values[6] = h[HF_TO_STATE];
	values[7] = h[HF_EVENT];
	values[8] = h[HF_SEQ];
	values[9] = h[HF_OCCURRED_AT];
	values[10] = h[HF_ACTOR_ROLE];
	values[11] = h[HF_HISTORY_ID];
	values[12] = h[HF_RECORDED_AT];
	values[13] = h[HF_ACTOR_LOGIN];
	values[14] = h[HF_NOTE];
	nulls[14] = hnull[HF_NOTE];
	spi_plan_run(&plan,
				 "WITH created AS ("
				 " INSERT INTO jxlink.referral (referral_id, jurisdiction, case_id, from_unit, to_unit, urgent,"
				 " state, last_event, transition_seq, last_event_at, created_by)"
				 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
				 " RETURNING 1)"
				 " INSERT INTO jxlink.referral_history (history_id, jurisdiction, referral_id, seq, event,"
				 " from_state, to_state, occurred_at, recorded_at, actor_role, actor_login, actor_unit, note,"
				 " prev_hash, row_hash)"
				 " SELECT $12, $2, $1, $9, $8, NULL, $7, $10, $13, $11, $14, $4, $15, NULL, $16 FROM created",
				 lengthof(types), types, values, nulls, false);
	if (SPI_processed != 1)
		elog(ERROR, "referral %s was not created",
			 DatumGetCString(DirectFunctionCall1(uuid_out, r->referral_id)));
}

/*
 * Step 8: the obligations the event meets and opens (jxlink.referral_ledger).
 */
static void
apply_ledger(const EventCall *call, const Caller *me, const ReferralRow *r)
{
	static SPIPlanPtr plan = NULL;
	Datum		values[9];
	bool		nulls[9] = {0};

	values[0] = r->referral_id;
	values[1] = r->case_id;
	values[2] = r->from_unit;
	values[3] = r->to_unit;
	values[4] = CStringGetTextDatum(call->rule->event);
	values[5] = TimestampTzGetDatum(call->occurred_at);
	values[6] = event_note(call, &nulls[6]);
	values[7] = CStringGetTextDatum(me->role_name);
	values[8] = BoolGetDatum(r->transfer_count == 0);
	spi_plan_run(&plan,
				 "SELECT jxlink.referral_ledger($1, $2, $3, $4, $5, $6, $7, $8, $9)",
				 9,
				 (Oid[]) {UUIDOID, UUIDOID, UUIDOID, UUIDOID, TEXTOID, TIMESTAMPTZOID, TEXTOID,
						  TEXTOID, BOOLOID},
				 values, nulls, false);
}

/*
 * Apply one event to one referral; returns the new state.
 */
static Datum
referral_event(EventCall *call)
{
	Caller		me;
	ReferralRow r;
	const ReferralTransition *t;

	require_primary();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	lock_referral(call, &me, &r);
	check_party(&me, &r);
	t = referral_transition_check(r.state, call->rule->event);
	check_actor(t, &me, &r);
	check_occurred_at(call, &r);
	check_argument(call);
	if (strcmp(call->rule->event, "transfer") == 0)
		check_materials(&r);
	else if (strcmp(call->rule->event, "notify_extension") == 0)
		check_extension(call, &r);
	move_referral(call, &me, &r, t);
	if (call->rule->ledger)
		apply_ledger(call, &me, &r);
	SPI_finish();
	return CStringGetTextDatum(t->to);
}

/*
 * Create a referral of a case (event "create"); returns its identifier.
 */
static Datum
referral_create(EventCall *call)
{
	pg_uuid_t  *referral_id = palloc(sizeof(pg_uuid_t));	/* outlives SPI */
	Caller		me;
	CaseRow		c;
	ReferralRow r = {0};
	const ReferralTransition *t;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	lock_case(call, &me, &c);
	t = referral_transition_check(NULL, call->rule->event);
	/* in the order create_referral always checked: the time last */
	check_creator(&me, &c);
	check_argument(call);
	check_no_referral_in_progress(call);
	check_event_time(call->occurred_at, call->occurred_null, c.discovered_at, false,
					 "the discovery of the case");

	uuid_v7_generate(referral_id);
	r.referral_id = UUIDPGetDatum(referral_id);
	r.case_id = call->case_id;
	r.from_unit = me.unit_id;
	r.to_unit = c.team;
	r.state = NULL;
	r.urgent = call->urgent;
	r.jurisdiction = c.jurisdiction;
	r.history_head_null = true;
	insert_referral(call, &me, &r, t);
	apply_ledger(call, &me, &r);
	SPI_finish();
	return UUIDPGetDatum(referral_id);
}

/*
 * The rule of an event, by name.
 */
static const EventRule *
event_rule(const char *event)
{
	for (size_t i = 0; i < lengthof(event_rules); i++)
		if (strcmp(event_rules[i].event, event) == 0)
			return &event_rules[i];
	elog(ERROR, "no rule for referral event \"%s\"", event);
	return NULL;				/* keep compiler quiet */
}

/*
 * Apply an event from an API call: argument 0 is the referral, argument
 * text_argno (or -1) its text argument, the last one the event time.
 */
static Datum
api_event(FunctionCallInfo fcinfo, const char *event, int text_argno)
{
	EventCall	call = {0};
	int			last = PG_NARGS() - 1;

	call.rule = event_rule(event);
	call.referral_null = PG_ARGISNULL(0);
	call.referral_id = call.referral_null ? (Datum) 0 : PG_GETARG_DATUM(0);
	call.occurred_null = PG_ARGISNULL(last);
	call.occurred_at = call.occurred_null ? 0 : PG_GETARG_TIMESTAMPTZ(last);
	if (text_argno >= 0)
		call.argument = referral_text_arg(fcinfo, text_argno);
	if (call.rule->argument == ARG_DECISION)
		call.outcome = referral_text_arg(fcinfo, text_argno + 1);
	return referral_event(&call);
}

PG_FUNCTION_INFO_V1(jxlink_create_referral);

/*
 * create_referral(case_id uuid, urgent boolean, occurred_at timestamptz) returns uuid
 */
Datum
jxlink_create_referral(PG_FUNCTION_ARGS)
{
	EventCall	call = {0};

	require_primary();
	call.rule = event_rule("create");
	call.case_null = PG_ARGISNULL(0);
	call.case_id = call.case_null ? (Datum) 0 : PG_GETARG_DATUM(0);
	call.urgent_null = PG_ARGISNULL(1);
	call.urgent = call.urgent_null ? false : PG_GETARG_BOOL(1);
	call.occurred_null = PG_ARGISNULL(2);
	call.occurred_at = call.occurred_null ? 0 : PG_GETARG_TIMESTAMPTZ(2);
	return referral_create(&call);
}

/* The API: one SQL function per event, all over api_event(). */
#define REFERRAL_API(name, event, text_argno) \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS) { return api_event(fcinfo, event, text_argno); }

/* submit_referral(referral, occurred_at) */
REFERRAL_API(jxlink_submit_referral, "submit", -1)
/* approve_referral(referral, occurred_at) */
REFERRAL_API(jxlink_approve_referral, "approve", -1)
/* send_back_referral(referral, reason, occurred_at) */
REFERRAL_API(jxlink_send_back_referral, "send_back", 1)
/* notify_extension(referral, reason, occurred_at) */
REFERRAL_API(jxlink_notify_extension, "notify_extension", 1)
/* transfer_referral(referral, letter_no, occurred_at) */
REFERRAL_API(jxlink_transfer_referral, "transfer", 1)
/* accept_referral(referral, notice, occurred_at) */
REFERRAL_API(jxlink_accept_referral, "accept", 1)
/* decline_referral(referral, reason, occurred_at) */
REFERRAL_API(jxlink_decline_referral, "decline", 1)
/* return_referral(referral, reason, occurred_at) */
REFERRAL_API(jxlink_return_referral, "return", 1)
/* file_referral(referral, case_no, occurred_at) */
REFERRAL_API(jxlink_file_referral, "file", 1)
/* decide_referral(referral, decision_no, outcome, occurred_at) */
REFERRAL_API(jxlink_decide_referral, "decide", 1)
/* copy_back_referral(referral, note, occurred_at) */
REFERRAL_API(jxlink_copy_back_referral, "copy_back", 1)
/* withdraw_referral(referral, reason, occurred_at) */
REFERRAL_API(jxlink_withdraw_referral, "withdraw", 1)
