/*-------------------------------------------------------------------------
 *
 * referral_fsm.h
 *	  The referral state machine (案件移送), defined once.
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_REFERRAL_FSM_H
#define JXLINK_REFERRAL_FSM_H

#include "fmgr.h"

/* Who may fire an event: the sending unit, its leader, or the team. */
typedef enum ReferralActor
{
	ACTOR_SENDER,
	ACTOR_SENDER_LEADER,
	ACTOR_TEAM
} ReferralActor;

typedef struct ReferralTransition
{
	const char *from;			/* NULL: the referral does not exist yet */
	const char *event;
	const char *to;
	ReferralActor actor;
} ReferralTransition;

/*
 * The states, in lifecycle order.  A state's code is its position in the
 * table of referral_fsm.c; jxlink.referral_state stores that code.
 */
extern int	referral_state_count(void);
extern int	referral_state_code(const char *name);
extern const char *referral_state_name(int code);
extern const char *referral_state_name_zh(int code);
extern const char *referral_state_name_en(int code);
extern char *referral_state_list(void);
extern Datum referral_state_datum(const char *name, Oid typid);
extern char *referral_state_arg(FunctionCallInfo fcinfo, int n);

extern const ReferralTransition *referral_transition_check(const char *from, const char *event);
extern const char *referral_next_state_of(const char *from, const char *event);
extern bool referral_state_in_progress(const char *state);
extern char *referral_text_arg(FunctionCallInfo fcinfo, int n);

#endif							/* JXLINK_REFERRAL_FSM_H */
