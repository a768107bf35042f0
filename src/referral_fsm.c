/*-------------------------------------------------------------------------
 *
 * referral_fsm.c
 *	  The referral state machine: states, events, actors, transitions.
 *
 * A section or agency that finds a violation refers the case to the
 * enforcement team (三（三）2–3); the team answers in writing, files,
 * decides and copies the result back (二（一）, 三（三）2④):
 *
 *	 (none) --create--> draft --submit--> awaiting_approval --approve--> approved
 *	 awaiting_approval --send_back--> draft
 *	 approved --transfer--> transferred
 *	 returned --submit--> awaiting_approval (a re-transfer is approved again, 三（三）3)
 *	 transferred --accept--> accepted --file--> filed --decide--> decided
 *	 decided --copy_back--> closed
 *	 transferred --decline--> declined;  transferred --return--> returned
 *	 draft|awaiting_approval|approved|returned --withdraw--> withdrawn
 *	 draft|awaiting_approval|approved --notify_extension--> (same state)
 *
 * This table is the only definition: SQL reads it through
 * referral_transitions() and referral_next_state(), and the trigger
 * referral_state_guard() refuses any change of state it does not allow.
 *
 * The table of states is the definition of the type jxlink.referral_state
 * too (referral_state.c): a state's code is its position there, so the
 * table lists them in lifecycle order (the order a referral passes them,
 * draft first, the final states last) and stored values depend on that
 * order: a new state goes at the end, or an upgrade rewrites the columns.
 *
 * The SQL functions here serve the declared types of every installed
 * version: a state argument or result column is text before 0.11.0 and
 * jxlink.referral_state since (referral_state_datum, referral_state_arg),
 * since one library serves a database still at an older version.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/rel.h"

#include "referral_fsm.h"
#include "server_text.h"

PG_FUNCTION_INFO_V1(jxlink_referral_next_state);
PG_FUNCTION_INFO_V1(jxlink_referral_event_actor);
PG_FUNCTION_INFO_V1(jxlink_referral_transitions);
PG_FUNCTION_INFO_V1(jxlink_referral_states);
PG_FUNCTION_INFO_V1(jxlink_referral_state_guard);

typedef struct ReferralState
{
	const char *name;
	bool		terminal;
	const char *name_zh;
	const char *name_en;
} ReferralState;

/* In lifecycle order: the position is the code of jxlink.referral_state. */
static const ReferralState states[] = {
	{"draft", false, "草稿", "draft"},
	{"awaiting_approval", false, "待分管领导审批", "awaiting the leader's approval"},
	{"approved", false, "已审批待移送", "approved, to be transferred"},
	{"transferred", false, "已移送待受理", "transferred, awaiting acceptance"},
	{"returned", false, "退回补充材料", "returned for more material"},
	{"accepted", false, "已受理", "accepted"},
	{"filed", false, "已立案", "filed (立案)"},
	{"decided", false, "已作出决定", "decided"},
	{"closed", true, "已抄告办结", "result copied back, closed"},
	{"declined", true, "不予受理", "declined"},
	{"withdrawn", true, "已撤回", "withdrawn"},
};

static const char *const events[] = {
	"create", "submit", "approve", "send_back", "notify_extension", "transfer",
	"accept", "decline", "return", "file", "decide", "copy_back", "withdraw",
};

static const char *const actor_names[] = {"sender", "sender_leader", "team"};

static const ReferralTransition transitions[] = {
	{NULL, "create", "draft", ACTOR_SENDER},
	{"draft", "submit", "awaiting_approval", ACTOR_SENDER},
	{"returned", "submit", "awaiting_approval", ACTOR_SENDER},
	{"awaiting_approval", "approve", "approved", ACTOR_SENDER_LEADER},
	{"awaiting_approval", "send_back", "draft", ACTOR_SENDER_LEADER},
	{"draft", "notify_extension", "draft", ACTOR_SENDER},
	{"awaiting_approval", "notify_extension", "awaiting_approval", ACTOR_SENDER},
	{"approved", "notify_extension", "approved", ACTOR_SENDER},
	{"approved", "transfer", "transferred", ACTOR_SENDER},
	{"draft", "withdraw", "withdrawn", ACTOR_SENDER},
	{"awaiting_approval", "withdraw", "withdrawn", ACTOR_SENDER},
	{"approved", "withdraw", "withdrawn", ACTOR_SENDER},
	{"returned", "withdraw", "withdrawn", ACTOR_SENDER},
	{"transferred", "accept", "accepted", ACTOR_TEAM},
	{"transferred", "decline", "declined", ACTOR_TEAM},
	{"transferred", "return", "returned", ACTOR_TEAM},
	{"accepted", "file", "filed", ACTOR_TEAM},
	{"filed", "decide", "decided", ACTOR_TEAM},
	{"decided", "copy_back", "closed", ACTOR_TEAM},
};

/*
 * The number of states.
 */
int
referral_state_count(void)
{
	return (int) lengthof(states);
}

/*
 * The code (lifecycle position) of a state's name, or -1 if it is none.
 */
int
referral_state_code(const char *name)
{
	for (size_t i = 0; i < lengthof(states); i++)
		if (strcmp(states[i].name, name) == 0)
			return (int) i;
	return -1;
}

/*
 * The state of a stored code, or an error (only a damaged value has none).
 */
static const ReferralState *
state_of_code(int code)
{
	if (code < 0 || code >= (int) lengthof(states))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid referral state code %d", code)));
	return &states[code];
}

/*
 * The name of a state's code (as it is written: draft, awaiting_approval...).
 */
const char *
referral_state_name(int code)
{
	return state_of_code(code)->name;
}

/*
 * The Chinese label of a state's code, in the database encoding.
 */
const char *
referral_state_name_zh(int code)
{
	return utf8_cstring_to_server(state_of_code(code)->name_zh);
}

/*
 * The English label of a state's code, in the database encoding (some hold
 * a Chinese term).
 */
const char *
referral_state_name_en(int code)
{
	return utf8_cstring_to_server(state_of_code(code)->name_en);
}

/*
 * Every state's name in lifecycle order, as "a, b, c" (for error details).
 */
char *
referral_state_list(void)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (size_t i = 0; i < lengthof(states); i++)
		appendStringInfo(&buf, "%s%s", i > 0 ? ", " : "", states[i].name);
	return buf.data;
}

/*
 * A state as a datum of the declared type: text (before 0.11.0) or
 * jxlink.referral_state.
 */
Datum
referral_state_datum(const char *name, Oid typid)
{
	int			code = referral_state_code(name);

	if (code < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown referral state \"%s\"", name)));
	if (typid == TEXTOID)
		return CStringGetTextDatum(name);
	return Int16GetDatum((int16) code);
}

/*
 * State argument n of a function as a C string, or NULL: text (before
 * 0.11.0) or jxlink.referral_state.
 */
char *
referral_state_arg(FunctionCallInfo fcinfo, int n)
{
	if (PG_ARGISNULL(n))
		return NULL;
	if (get_fn_expr_argtype(fcinfo->flinfo, n) == TEXTOID)
		return text_to_cstring(PG_GETARG_TEXT_PP(n));
	return pstrdup(referral_state_name(PG_GETARG_INT16(n)));
}

/*
 * Is the name one of the states?
 */
static bool
is_state(const char *name)
{
	return referral_state_code(name) >= 0;
}

/*
 * Is a referral in this state still in progress (a state, not a final one)?
 */
bool
referral_state_in_progress(const char *name)
{
	for (size_t i = 0; i < lengthof(states); i++)
		if (strcmp(states[i].name, name) == 0)
			return !states[i].terminal;
	return false;
}

/*
 * Is the name one of the events?
 */
static bool
is_event(const char *name)
{
	for (size_t i = 0; i < lengthof(events); i++)
		if (strcmp(events[i], name) == 0)
			return true;
	return false;
}

/*
 * Do two state names match (NULL matching NULL)?
 */
static bool
same_state(const char *a, const char *b)
{
	return (a == NULL || b == NULL) ? (a == b) : strcmp(a, b) == 0;
}

/*
 * The transition for (state, event), or NULL if there is none.
 */
static const ReferralTransition *
find_transition(const char *from, const char *event)
{
	for (size_t i = 0; i < lengthof(transitions); i++)
		if (same_state(transitions[i].from, from) &&
			strcmp(transitions[i].event, event) == 0)
			return &transitions[i];
	return NULL;
}

/*
 * Does some transition by this event lead to this state?
 */
static bool
is_result_of(const char *event, const char *to)
{
	for (size_t i = 0; i < lengthof(transitions); i++)
		if (strcmp(transitions[i].event, event) == 0 && same_state(transitions[i].to, to))
			return true;
	return false;
}

/*
 * The events allowed in a state, as "a, b, c" (for error details).
 */
static char *
allowed_events(const char *from)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (size_t i = 0; i < lengthof(transitions); i++)
		if (same_state(transitions[i].from, from))
			appendStringInfo(&buf, "%s%s", buf.len > 0 ? ", " : "",
							 transitions[i].event);
	return buf.len > 0 ? buf.data : "none (the state is final)";
}

/*
 * Check a (state, event) pair and return the transition, or raise the error
 * a clerk sees: unknown names are 22023, a refused transition 55000.
 */
const ReferralTransition *
referral_transition_check(const char *from, const char *event)
{
	const ReferralTransition *t;

	if (from != NULL && !is_state(from))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown referral state \"%s\"", from)));
	if (!is_event(event))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown referral event \"%s\"", event),
				 errdetail("Referral events are create, submit, approve, send_back, notify_extension, transfer, accept, decline, return, file, decide, copy_back and withdraw.")));
	t = find_transition(from, event);
	if (t == NULL)
	{
		if (from == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("a new referral must start with event \"create\", not \"%s\"", event)));
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("a referral in state \"%s\" cannot take event \"%s\"", from, event),
				 errdetail("Events allowed in state \"%s\": %s.", from, allowed_events(from))));
	}
	return t;
}

/*
 * The state after an event, or an error.
 */
const char *
referral_next_state_of(const char *from, const char *event)
{
	return referral_transition_check(from, event)->to;
}

/*
 * Text argument n of a referral function as a C string, or NULL.
 */
char *
referral_text_arg(FunctionCallInfo fcinfo, int n)
{
	return PG_ARGISNULL(n) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(n));
}

/*
 * referral_next_state(state referral_state, event text) returns referral_state
 * (text and text before 0.11.0)
 *
 * A NULL state means a referral not yet created (only "create" applies).
 */
Datum
jxlink_referral_next_state(PG_FUNCTION_ARGS)
{
	char	   *event = referral_text_arg(fcinfo, 1);

	if (event == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("referral event must not be null")));
	return referral_state_datum(referral_next_state_of(referral_state_arg(fcinfo, 0), event),
								get_fn_expr_rettype(fcinfo->flinfo));
}

/*
 * referral_event_actor(event text) returns text: sender, sender_leader or team
 */
Datum
jxlink_referral_event_actor(PG_FUNCTION_ARGS)
{
	char	   *event = text_to_cstring(PG_GETARG_TEXT_PP(0));

	for (size_t i = 0; i < lengthof(transitions); i++)
		if (strcmp(transitions[i].event, event) == 0)
			PG_RETURN_TEXT_P(cstring_to_text(actor_names[transitions[i].actor]));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown referral event \"%s\"", event)));
	PG_RETURN_NULL();			/* keep compiler quiet */
}

/*
 * Text datum of a C string, or a null flag for NULL.
 */
static Datum
text_or_null(const char *s, bool *isnull)
{
	*isnull = (s == NULL);
	return s == NULL ? (Datum) 0 : CStringGetTextDatum(s);
}

/*
 * A state datum for result column n of an SRF (of its declared type), or a
 * null flag for NULL.
 */
static Datum
state_or_null(const char *s, TupleDesc desc, int n, bool *isnull)
{
	*isnull = (s == NULL);
	return s == NULL ? (Datum) 0 : referral_state_datum(s, TupleDescAttr(desc, n)->atttypid);
}

/*
 * referral_transitions() returns table (from_state, event, to_state, actor)
 */
Datum
jxlink_referral_transitions(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (size_t i = 0; i < lengthof(transitions); i++)
	{
		Datum		values[4];
		bool		nulls[4];

		values[0] = state_or_null(transitions[i].from, rsinfo->setDesc, 0, &nulls[0]);
		values[1] = text_or_null(transitions[i].event, &nulls[1]);
		values[2] = state_or_null(transitions[i].to, rsinfo->setDesc, 2, &nulls[2]);
		values[3] = text_or_null(actor_names[transitions[i].actor], &nulls[3]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * referral_states() returns table (state, terminal, name_zh, name_en)
 */
Datum
jxlink_referral_states(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (size_t i = 0; i < lengthof(states); i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = referral_state_datum(states[i].name, TupleDescAttr(rsinfo->setDesc, 0)->atttypid);
		values[1] = BoolGetDatum(states[i].terminal);
		values[2] = CStringGetTextDatum(utf8_cstring_to_server(states[i].name_zh));
		values[3] = CStringGetTextDatum(utf8_cstring_to_server(states[i].name_en));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * A text column of a trigger tuple as a C string (NULL for null).
 */
static char *
tuple_text(HeapTuple tuple, TupleDesc desc, int attnum)
{
	return SPI_getvalue(tuple, desc, attnum);
}

/*
 * The attribute number of a column the trigger needs, or an error.
 */
static int
tuple_attnum(Relation rel, const char *column)
{
	int			attnum = SPI_fnumber(RelationGetDescr(rel), column);

	if (attnum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("referral_state_guard() needs column \"%s\" in table \"%s\"",
						column, RelationGetRelationName(rel))));
	return attnum;
}

/*
 * An int4 column of a trigger tuple (-1 for null).
 */
static int64
tuple_int(HeapTuple tuple, TupleDesc desc, int attnum)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tuple, desc, attnum, &isnull);

	return isnull ? -1 : DatumGetInt32(d);
}

/*
 * BEFORE INSERT OR UPDATE row trigger on jxlink.referral: every row is the
 * result of a transition, and every change of state (or of the last event)
 * is one allowed transition, counted by transition_seq.
 */
Datum
jxlink_referral_state_guard(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	desc;
	HeapTuple	newtup;
	int			att_state,
				att_event,
				att_seq;
	char	   *new_state,
			   *new_event;

	if (!CALLED_AS_TRIGGER(fcinfo) ||
		!TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		TRIGGER_FIRED_BY_DELETE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("referral_state_guard() must be a BEFORE INSERT OR UPDATE ... FOR EACH ROW trigger")));

	rel = trigdata->tg_relation;
	desc = RelationGetDescr(rel);
	att_state = tuple_attnum(rel, "state");
	att_event = tuple_attnum(rel, "last_event");
	att_seq = tuple_attnum(rel, "transition_seq");
	newtup = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ? trigdata->tg_newtuple : trigdata->tg_trigtuple;
	new_state = tuple_text(newtup, desc, att_state);
	new_event = tuple_text(newtup, desc, att_event);

	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
	{
		/*
		 * A new row is the result of some transition: "create" for the API,
		 * any transition for a restore or a replicated row.  The counter
		 * starts at 1 with "create" only.
		 */
		if (new_event == NULL || !is_result_of(new_event, new_state) ||
			(strcmp(new_event, "create") == 0) != (tuple_int(newtup, desc, att_seq) == 1))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("a referral row must be the result of a transition"),
					 errdetail("State \"%s\" does not follow event \"%s\" with transition_seq %lld.",
							   new_state ? new_state : "(null)", new_event ? new_event : "(null)",
							   (long long) tuple_int(newtup, desc, att_seq)),
					 errhint("Create referrals with jxlink.create_referral().")));
	}
	else
	{
		HeapTuple	oldtup = trigdata->tg_trigtuple;
		char	   *old_state = tuple_text(oldtup, desc, att_state);
		int64		old_seq = tuple_int(oldtup, desc, att_seq);
		int64		new_seq = tuple_int(newtup, desc, att_seq);

		if (new_seq == old_seq)
		{
			if (!same_state(old_state, new_state) ||
				!same_state(tuple_text(oldtup, desc, att_event), new_event))
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("the state of a referral changes only through a transition"),
						 errhint("Use the referral functions of schema jxlink (submit_referral, transfer_referral, ...).")));
		}
		else if (new_seq != old_seq + 1)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("transition_seq of a referral advances by one per transition, from %lld to %lld, not to %lld",
							(long long) old_seq, (long long) old_seq + 1, (long long) new_seq)));
		else if (new_event == NULL ||
				 !same_state(referral_next_state_of(old_state, new_event), new_state))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("event \"%s\" takes a referral from \"%s\" to \"%s\", not to \"%s\"",
							new_event ? new_event : "(null)", old_state,
							new_event ? referral_next_state_of(old_state, new_event) : "?",
							new_state ? new_state : "(null)")));
	}
	return PointerGetDatum(newtup);
}
