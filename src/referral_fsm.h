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

extern const ReferralTransition *referral_transition_check(const char *from, const char *event);
extern const char *referral_next_state_of(const char *from, const char *event);
extern bool referral_state_in_progress(const char *state);
extern char *referral_text_arg(FunctionCallInfo fcinfo, int n);

#endif							/* JXLINK_REFERRAL_FSM_H */
