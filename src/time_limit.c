/*-------------------------------------------------------------------------
 *
 * time_limit.c
 *	  The time limit type (期限) and its legal counting (DESIGN §3).
 *
 * Text input accepts the ways the provisions and their readers write a
 * period: "3 工作日", "3个工作日", "3 working days", "24 小时", "24 hours",
 * "5 日", "5 calendar days", "1 季度", "1 quarter", "下次会议",
 * "next meeting".  Output is canonical Chinese; time_limit_en gives English.
 * Syntax errors are 22P02; amounts out of range are 22023.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "calendar_closure.h"
#include "localtime.h"
#include "time_limit.h"
#include "server_text.h"

/* The version byte of the binary form. */
#define TL_BINARY_VERSION		1

/* One spelling of a unit, as text input accepts it. */
typedef struct TimeLimitWord
{
	const char *word;
	TimeLimitUnit unit;
} TimeLimitWord;

/* The spellings after a number (English ones case-insensitive). */
static const TimeLimitWord tl_words[] = {
	{"工作日", TL_WORKDAYS},
	{"working days", TL_WORKDAYS},
	{"working day", TL_WORKDAYS},
	{"workdays", TL_WORKDAYS},
	{"workday", TL_WORKDAYS},
	{"小时", TL_HOURS},
	{"hours", TL_HOURS},
	{"hour", TL_HOURS},
	{"季度", TL_QUARTER},
	{"quarters", TL_QUARTER},
	{"quarter", TL_QUARTER},
	{"自然日", TL_AGREED_DAY},
	{"日", TL_AGREED_DAY},
	{"天", TL_AGREED_DAY},
	{"calendar days", TL_AGREED_DAY},
	{"calendar day", TL_AGREED_DAY},
};

/* The spellings of the next joint meeting, written without a number. */
static const char *const tl_meeting_words[] = {
	"下次会议", "下次联席会议", "next meeting", "next joint meeting",
};

/* The SQL names of the units (time_limit_unit, the constructor). */
static const char *const tl_unit_names[TL_UNIT_COUNT] = {
	"workdays", "hours", "quarter", "next_meeting", "agreed_day",
};

#define TL_EXPECTED \
	"Expected a number and a unit: 工作日 (working days), 小时 (hours), 日 (calendar days) or 季度 (quarter, 1 only); or 下次会议 (next meeting), without a number."

PG_FUNCTION_INFO_V1(jxlink_time_limit_in);
PG_FUNCTION_INFO_V1(jxlink_time_limit_out);
PG_FUNCTION_INFO_V1(jxlink_time_limit_recv);
PG_FUNCTION_INFO_V1(jxlink_time_limit_send);
PG_FUNCTION_INFO_V1(jxlink_time_limit_en);
PG_FUNCTION_INFO_V1(jxlink_time_limit_make);
PG_FUNCTION_INFO_V1(jxlink_time_limit_unit);
PG_FUNCTION_INFO_V1(jxlink_time_limit_amount);
PG_FUNCTION_INFO_V1(jxlink_time_limit_cmp);
PG_FUNCTION_INFO_V1(jxlink_time_limit_eq);
PG_FUNCTION_INFO_V1(jxlink_time_limit_ne);
PG_FUNCTION_INFO_V1(jxlink_time_limit_lt);
PG_FUNCTION_INFO_V1(jxlink_time_limit_le);
PG_FUNCTION_INFO_V1(jxlink_time_limit_gt);
PG_FUNCTION_INFO_V1(jxlink_time_limit_ge);
PG_FUNCTION_INFO_V1(jxlink_time_limit_hash);
PG_FUNCTION_INFO_V1(jxlink_time_limit_hash_extended);
PG_FUNCTION_INFO_V1(jxlink_timestamptz_pl_time_limit);
PG_FUNCTION_INFO_V1(jxlink_date_pl_time_limit);
PG_FUNCTION_INFO_V1(jxlink_time_limit_due);
PG_FUNCTION_INFO_V1(jxlink_time_limit_last_day);

/* The largest amount of a unit (quarter and next_meeting: exactly 1). */
static int32
tl_max_amount(TimeLimitUnit unit)
{
	switch (unit)
	{
		case TL_WORKDAYS:
			return TL_MAX_WORKDAYS;
		case TL_HOURS:
			return TL_MAX_HOURS;
		case TL_AGREED_DAY:
			return TL_MAX_DAYS;
		default:
			return 1;
	}
}

/* Refuse (22023) an amount a unit cannot have; input is the text, if any. */
static void
tl_check_amount(TimeLimitUnit unit, int64 amount, const char *input)
{
	int32		max = tl_max_amount(unit);
	int32		min = (unit == TL_QUARTER || unit == TL_NEXT_MEETING) ? 1 : 0;

	if (amount < min || amount > max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 input ? errmsg("time limit out of range: \"%s\"", input) :
				 errmsg("time limit of %lld %s is out of range", (long long) amount, tl_unit_names[unit]),
				 min == max ?
				 errdetail("A %s time limit is always 1.", tl_unit_names[unit]) :
				 errdetail("The amount of %s must be between %d and %d.", tl_unit_names[unit], min, max)));
}

/* A new value. */
static TimeLimit *
tl_make(TimeLimitUnit unit, int32 amount)
{
	TimeLimit  *tl = palloc(sizeof(TimeLimit));

	tl->unit = unit;
	tl->amount = amount;
	return tl;
}

/* Report a syntax error (22P02) in text input. */
static void
tl_syntax_error(const char *input)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", "time_limit", input),
			 errdetail("%s", utf8_cstring_to_server(TL_EXPECTED))));
}

/* Whether s (of length len) is word: English words match in any case. */
static bool
tl_word_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && pg_strncasecmp(s, word, len) == 0;
}

/* Skip ASCII white space and the ideographic space U+3000. */
static const char *
tl_skip_space(const char *p)
{
	for (;;)
	{
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		else if (strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += 3;
		else
			return p;
	}
}

/* The length of s without trailing white space. */
static size_t
tl_trimmed_len(const char *s)
{
	size_t		len = strlen(s);

	for (;;)
	{
		if (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
						s[len - 1] == '\n' || s[len - 1] == '\r'))
			len--;
		else if (len >= 3 && strncmp(s + len - 3, "\xe3\x80\x80", 3) == 0)
			len -= 3;
		else
			return len;
	}
}

/* Parse text input (UTF-8) into a value, or report why not (quoting input). */
static TimeLimit *
tl_parse(const char *input, const char *utf8)
{
	const char *p = tl_skip_space(utf8);
	bool		negative = false;
	int64		amount = 0;
	int			digits = 0;
	size_t		len;

	if (*p == '-' || *p == '+')
		negative = (*p++ == '-');
	while (*p >= '0' && *p <= '9')
	{
		if (amount < 100000000)	/* more digits only make it larger */
			amount = amount * 10 + (*p - '0');
		digits++;
		p++;
	}
	p = tl_skip_space(p);
	if (digits > 0 && strncmp(p, "个", strlen("个")) == 0)
		p = tl_skip_space(p + strlen("个"));
	len = tl_trimmed_len(p);
	if (digits == 0)
	{
		if (negative || p != tl_skip_space(utf8))
			tl_syntax_error(input);
		for (size_t i = 0; i < lengthof(tl_meeting_words); i++)
			if (tl_word_is(p, len, tl_meeting_words[i]))
				return tl_make(TL_NEXT_MEETING, 1);
		tl_syntax_error(input);
	}
	for (size_t i = 0; i < lengthof(tl_words); i++)
	{
		if (tl_word_is(p, len, tl_words[i].word))
		{
			tl_check_amount(tl_words[i].unit, negative ? -amount : amount, input);
			return tl_make(tl_words[i].unit, (int32) amount);
		}
	}
	tl_syntax_error(input);
	return NULL;				/* not reached */
}

/*
 * time_limit_in(cstring) returns time_limit
 */
Datum
jxlink_time_limit_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);

	PG_RETURN_TIME_LIMIT_P(tl_parse(input, server_cstring_to_utf8(input)));
}

/*
 * time_limit_out(time_limit) returns cstring: canonical Chinese
 */
Datum
jxlink_time_limit_out(PG_FUNCTION_ARGS)
{
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(0);

	switch ((TimeLimitUnit) tl->unit)
	{
		case TL_WORKDAYS:
			PG_RETURN_CSTRING((char *) utf8_cstring_to_server(psprintf("%d 工作日", tl->amount)));
		case TL_HOURS:
			PG_RETURN_CSTRING((char *) utf8_cstring_to_server(psprintf("%d 小时", tl->amount)));
		case TL_QUARTER:
			PG_RETURN_CSTRING((char *) utf8_cstring_to_server(psprintf("%d 季度", tl->amount)));
		case TL_NEXT_MEETING:
			PG_RETURN_CSTRING(pstrdup(utf8_cstring_to_server("下次会议")));
		case TL_AGREED_DAY:
			PG_RETURN_CSTRING((char *) utf8_cstring_to_server(psprintf("%d 日", tl->amount)));
	}
	elog(ERROR, "invalid time_limit unit %d", tl->unit);
	PG_RETURN_NULL();
}

/*
 * time_limit_en(time_limit) returns text: the English form
 */
Datum
jxlink_time_limit_en(PG_FUNCTION_ARGS)
{
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(0);
	const char *s = tl->amount == 1 ? "" : "s";
	char	   *out = NULL;

	switch ((TimeLimitUnit) tl->unit)
	{
		case TL_WORKDAYS:
			out = psprintf("%d working day%s", tl->amount, s);
			break;
		case TL_HOURS:
			out = psprintf("%d hour%s", tl->amount, s);
			break;
		case TL_QUARTER:
			out = psprintf("%d quarter%s", tl->amount, s);
			break;
		case TL_NEXT_MEETING:
			out = pstrdup("next meeting");
			break;
		case TL_AGREED_DAY:
			out = psprintf("%d calendar day%s", tl->amount, s);
			break;
	}
	if (out == NULL)
		elog(ERROR, "invalid time_limit unit %d", tl->unit);
	PG_RETURN_TEXT_P(cstring_to_text(out));
}

/*
 * time_limit_recv(internal) returns time_limit: version byte 1, int32 unit,
 * int32 amount; checked like text input
 */
Datum
jxlink_time_limit_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		unit;
	int32		amount;

	if (buf->len - buf->cursor != 1 + 2 * sizeof(int32) ||
		pq_getmsgbyte(buf) != TL_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary representation of type %s", "time_limit"),
				 errdetail("Expected version byte 1, then the unit and the amount as int32.")));
	unit = pq_getmsgint(buf, sizeof(int32));
	amount = pq_getmsgint(buf, sizeof(int32));
	if (unit < 0 || unit >= TL_UNIT_COUNT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary representation of type %s", "time_limit"),
				 errdetail("Unknown unit %d.", unit)));
	tl_check_amount(unit, amount, NULL);
	PG_RETURN_TIME_LIMIT_P(tl_make(unit, amount));
}

/*
 * time_limit_send(time_limit) returns bytea
 */
Datum
jxlink_time_limit_send(PG_FUNCTION_ARGS)
{
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, TL_BINARY_VERSION);
	pq_sendint32(&buf, tl->unit);
	pq_sendint32(&buf, tl->amount);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * time_limit(unit text, amount integer) returns time_limit
 */
Datum
jxlink_time_limit_make(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int32		amount = PG_GETARG_INT32(1);

	for (int unit = 0; unit < TL_UNIT_COUNT; unit++)
	{
		if (strcmp(name, tl_unit_names[unit]) == 0)
		{
			tl_check_amount(unit, amount, NULL);
			PG_RETURN_TIME_LIMIT_P(tl_make(unit, amount));
		}
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown time limit unit: \"%s\"", name),
			 errhint("The units are workdays, hours, quarter, next_meeting and agreed_day.")));
	PG_RETURN_NULL();
}

/*
 * time_limit_unit(time_limit) returns text
 */
Datum
jxlink_time_limit_unit(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(tl_unit_names[PG_GETARG_TIME_LIMIT_P(0)->unit]));
}

/*
 * time_limit_amount(time_limit) returns integer
 */
Datum
jxlink_time_limit_amount(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_TIME_LIMIT_P(0)->amount);
}

/* Order by unit, then amount. */
static int
tl_compare(const TimeLimit *a, const TimeLimit *b)
{
	if (a->unit != b->unit)
		return a->unit < b->unit ? -1 : 1;
	if (a->amount != b->amount)
		return a->amount < b->amount ? -1 : 1;
	return 0;
}

#define TL_CMP(n) tl_compare(PG_GETARG_TIME_LIMIT_P(0), PG_GETARG_TIME_LIMIT_P(1))

/* time_limit_cmp(time_limit, time_limit) returns integer */
Datum
jxlink_time_limit_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(TL_CMP());
}

/* = */
Datum
jxlink_time_limit_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TL_CMP() == 0);
}

/* <> */
Datum
jxlink_time_limit_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TL_CMP() != 0);
}

/* < */
Datum
jxlink_time_limit_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TL_CMP() < 0);
}

/* <= */
Datum
jxlink_time_limit_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TL_CMP() <= 0);
}

/* > */
Datum
jxlink_time_limit_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TL_CMP() > 0);
}

/* >= */
Datum
jxlink_time_limit_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TL_CMP() >= 0);
}

/* time_limit_hash(time_limit) returns integer */
Datum
jxlink_time_limit_hash(PG_FUNCTION_ARGS)
{
	return hash_any((const unsigned char *) PG_GETARG_TIME_LIMIT_P(0), sizeof(TimeLimit));
}

/* time_limit_hash_extended(time_limit, bigint) returns bigint */
Datum
jxlink_time_limit_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended((const unsigned char *) PG_GETARG_TIME_LIMIT_P(0),
							 sizeof(TimeLimit), PG_GETARG_INT64(1));
}

/* The first day of the quarter after the one day is in. */
static DateADT
tl_next_quarter(DateADT day)
{
	int			y,
				m,
				d;

	j2date(day + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	m = ((m - 1) / 3) * 3 + 4;
	if (m > 12)
	{
		m = 1;
		y++;
	}
	return date2j(y, m, 1) - POSTGRES_EPOCH_JDATE;
}

/* Refuse a unit that has no due time of its own (22023). */
static void
tl_refuse(const TimeLimit *tl, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("a time limit of %s has no due time here", tl_unit_names[tl->unit]),
			 errdetail("%s", why)));
}

/*
 * The last day of a time limit started on a local date; working days in the
 * jurisdiction's calendar when an overlay is given, else the national one.
 */
static DateADT
tl_last_day(DateADT start, const TimeLimit *tl, const ClosureOverlay *ov)
{
	switch ((TimeLimitUnit) tl->unit)
	{
		case TL_WORKDAYS:
			if (ov != NULL)
				return closure_add_workdays(ov, start, tl->amount);
			return calendar_add_workdays(start, tl->amount);
		case TL_AGREED_DAY:
			return start + tl->amount;
		case TL_QUARTER:
			return tl_next_quarter(start) - 1;
		case TL_NEXT_MEETING:
			tl_refuse(tl, "It depends on the joint meetings held: use jxlink.obligation_due_by.");
			break;
		case TL_HOURS:
			tl_refuse(tl, "Hours count from an instant: add them to a timestamptz.");
			break;
	}
	return 0;					/* not reached */
}

/*
 * The first late instant of a time limit started at an instant: 00:00 local
 * after the last day; for hours the clock time (closures move no hours).
 */
static TimestampTz
tl_due(TimestampTz started, const TimeLimit *tl, const ClosureOverlay *ov)
{
	TimestampTz due;

	if (tl->unit == TL_HOURS)
	{
		if (TIMESTAMP_NOT_FINITE(started) ||
			pg_add_s64_overflow(started, (int64) tl->amount * USECS_PER_HOUR, &due) ||
			!IS_VALID_TIMESTAMP(due))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("timestamp out of range")));
		return due;
	}
	return local_midnight(tl_last_day(local_date_of(started), tl, ov) + 1);
}

/*
 * The last day of a time limit started on a day, or an error if the day
 * leaves no room for it.
 */
static DateADT
tl_last_day_checked(DateADT start, const TimeLimit *tl, const ClosureOverlay *ov)
{
	if (DATE_NOT_FINITE(start) || !IS_VALID_DATE(start + TL_MAX_DAYS + 92))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range for a time limit")));
	return tl_last_day(start, tl, ov);
}

/*
 * timestamptz + time_limit returns timestamptz: the first late instant
 * (00:00 local after the last day; for hours the clock time)
 */
Datum
jxlink_timestamptz_pl_time_limit(PG_FUNCTION_ARGS)
{
	PG_RETURN_TIMESTAMPTZ(tl_due(PG_GETARG_TIMESTAMPTZ(0), PG_GETARG_TIME_LIMIT_P(1), NULL));
}

/*
 * date + time_limit returns date: the last day of a time limit started on
 * the date (the start day not counted)
 */
Datum
jxlink_date_pl_time_limit(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(tl_last_day_checked(PG_GETARG_DATEADT(0), PG_GETARG_TIME_LIMIT_P(1), NULL));
}

/*
 * time_limit_due(time_limit, timestamptz, jurisdiction text) returns
 * timestamptz: as timestamptz + time_limit, working days counted in the
 * jurisdiction's calendar (its closures and its city's skipped); hours,
 * calendar days and quarters are not moved by closures
 */
Datum
jxlink_time_limit_due(PG_FUNCTION_ARGS)
{
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(0);
	TimestampTz started = PG_GETARG_TIMESTAMPTZ(1);
	const ClosureOverlay *ov = closure_overlay(text_to_cstring(PG_GETARG_TEXT_PP(2)));

	PG_RETURN_TIMESTAMPTZ(tl_due(started, tl, ov));
}

/*
 * time_limit_last_day(time_limit, date, jurisdiction text) returns date: as
 * date + time_limit, working days counted in the jurisdiction's calendar
 */
Datum
jxlink_time_limit_last_day(PG_FUNCTION_ARGS)
{
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(0);
	DateADT		start = PG_GETARG_DATEADT(1);
	const ClosureOverlay *ov = closure_overlay(text_to_cstring(PG_GETARG_TEXT_PP(2)));

	PG_RETURN_DATEADT(tl_last_day_checked(start, tl, ov));
}
