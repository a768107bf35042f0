/*-------------------------------------------------------------------------
 *
 * docno.c
 *	  The document number type jxlink.docno (发文字号).
 *
 * GB/T 9704-2012 §7.2.4: a document number is the issuer code (机关代字),
 * the year in hexagonal brackets and the sequence number followed by 号,
 * e.g. 晋政办〔2021〕35号.  Clerks type it in many ways; the input accepts
 *
 *	 - the brackets 〔〕 ﹝﹞ [] ［］ 【】 （） (), each closed by its own pair,
 *	 - full-width digits, and full-width Latin letters in the issuer code,
 *	 - spaces (also U+3000 and U+00A0) around and between the parts,
 *	 - 第 before the sequence number, leading zeros in it,
 *
 * and refuses anything else with a detail saying what is wrong.  The output
 * is canonical: 〔〕, ASCII digits, no leading zeros, no 第, no spaces.
 *
 * The issuer code is 1 to 32 Chinese characters (CJK unified and
 * compatibility ideographs, 〇) or Latin letters; the year has four digits,
 * 1000 to 9999; the sequence number is 1 to 2147483647.  Values order by
 * issuer code (its UTF-8 bytes, i.e. Unicode code points), then year, then
 * number, so 晋政办〔2021〕4号 < 晋政办〔2021〕35号.
 *
 * One scanner validates whatever becomes a docno: text input, the cast from
 * text, binary receive and the constructor.  They differ only in the error
 * they raise: 22P02 for text, 22P03 for binary, 22023 (issuer code) or 22003
 * (year, number out of range) for the constructor.
 *
 * The scanner works on UTF-8.  In a database of another encoding, input is
 * converted to UTF-8 first and output back (the stored issuer is UTF-8).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"

#include "docno.h"
#include "pg_compat.h"
#include "server_text.h"

PG_FUNCTION_INFO_V1(jxlink_docno_in);
PG_FUNCTION_INFO_V1(jxlink_docno_out);
PG_FUNCTION_INFO_V1(jxlink_docno_recv);
PG_FUNCTION_INFO_V1(jxlink_docno_send);
PG_FUNCTION_INFO_V1(jxlink_docno_from_text);
PG_FUNCTION_INFO_V1(jxlink_docno_to_text);
PG_FUNCTION_INFO_V1(jxlink_docno_make);
PG_FUNCTION_INFO_V1(jxlink_docno_check);
PG_FUNCTION_INFO_V1(jxlink_docno_issuer);
PG_FUNCTION_INFO_V1(jxlink_docno_year);
PG_FUNCTION_INFO_V1(jxlink_docno_number);
PG_FUNCTION_INFO_V1(jxlink_docno_eq);
PG_FUNCTION_INFO_V1(jxlink_docno_ne);
PG_FUNCTION_INFO_V1(jxlink_docno_lt);
PG_FUNCTION_INFO_V1(jxlink_docno_le);
PG_FUNCTION_INFO_V1(jxlink_docno_gt);
PG_FUNCTION_INFO_V1(jxlink_docno_ge);
PG_FUNCTION_INFO_V1(jxlink_docno_cmp);
PG_FUNCTION_INFO_V1(jxlink_docno_sortsupport);
PG_FUNCTION_INFO_V1(jxlink_docno_hash);
PG_FUNCTION_INFO_V1(jxlink_docno_hash_extended);
PG_FUNCTION_INFO_V1(jxlink_docno_smaller);
PG_FUNCTION_INFO_V1(jxlink_docno_larger);

/* UTF-8 of the characters the canonical form is made of. */
#define UTF8_OPEN		"\xE3\x80\x94"	/* 〔 U+3014 */
#define UTF8_CLOSE		"\xE3\x80\x95"	/* 〕 U+3015 */
#define UTF8_HAO		"\xE5\x8F\xB7"	/* 号 U+53F7 */

#define CH_HAO			0x53F7		/* 号 */
#define CH_DI			0x7B2C		/* 第 */

/* What scan_peek() returns besides a code point. */
#define CH_END			(-2)
#define CH_INVALID		(-1)

/* The version byte that starts the binary form. */
#define DOCNO_BINARY_VERSION 1

/* Longest canonical form in UTF-8: issuer, 〔, 4 digits, 〕, 10 digits, 号. */
#define DOCNO_MAX_TEXT	(DOCNO_MAX_ISSUER_BYTES + 3 + 4 + 3 + 10 + 3)

/* A scan of UTF-8 input, and what it found. */
typedef struct Scan
{
	const unsigned char *s;
	int			len;
	int			pos;
	const char *detail;			/* what is wrong (UTF-8), or NULL */
	int			issuer_len;
	int			issuer_chars;
	char		issuer[DOCNO_MAX_ISSUER_BYTES];
} Scan;

/*
 * Start scanning len bytes of UTF-8.
 */
static void
scan_init(Scan *sc, const char *s, int len)
{
	sc->s = (const unsigned char *) s;
	sc->len = len;
	sc->pos = 0;
	sc->detail = NULL;
	sc->issuer_len = 0;
	sc->issuer_chars = 0;
}

/*
 * The code point at byte pos of UTF-8 input (CH_END, CH_INVALID) and its
 * length in bytes.  Strict like pg_utf8_islegal(): no overlong forms, no
 * surrogates, nothing above U+10FFFF.
 */
static pg_attribute_always_inline int32
utf8_peek(const unsigned char *s, int len, int pos, int *clen)
{
	const unsigned char *p = s + pos;
	int			left = len - pos;
	unsigned char c;
	int32		cp;

	if (left <= 0)
	{
		*clen = 0;
		return CH_END;
	}
	c = p[0];
	*clen = 1;
	if (c < 0x80)
		return c;
	if (c >= 0xC2 && c <= 0xDF)
	{
		if (left >= 2 && (p[1] & 0xC0) == 0x80)
		{
			*clen = 2;
			return ((c & 0x1F) << 6) | (p[1] & 0x3F);
		}
	}
	else if (c >= 0xE0 && c <= 0xEF)
	{
		if (left >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
		{
			cp = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
			if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF))
			{
				*clen = 3;
				return cp;
			}
		}
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		if (left >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80)
		{
			cp = ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
			if (cp >= 0x10000 && cp <= 0x10FFFF)
			{
				*clen = 4;
				return cp;
			}
		}
	}
	return CH_INVALID;
}

/*
 * The code point at the scan position and its length.
 */
static pg_attribute_always_inline int32
scan_peek(const Scan *sc, int *clen)
{
	return utf8_peek(sc->s, sc->len, sc->pos, clen);
}

/*
 * Record what is wrong; always returns false.
 */
pg_attribute_printf(2, 3)
static bool
scan_fail(Scan *sc, const char *fmt,...)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (;;)
	{
		va_list		args;
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(&buf, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(&buf, needed);
	}
	sc->detail = buf.data;
	return false;
}

/*
 * The character at the scan position, quoted for a message.
 */
static const char *
scan_describe(const Scan *sc)
{
	int			clen;
	int32		c = scan_peek(sc, &clen);

	if (c == CH_END)
		return "the end";
	if (c == CH_INVALID)
		return psprintf("the byte 0x%02X (not UTF-8)", sc->s[sc->pos]);
	if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) ||
		(c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) || c == 0xFEFF)
		return psprintf("U+%04X", (unsigned int) c);
	return psprintf("\"%.*s\"", clen, (const char *) sc->s + sc->pos);
}

/*
 * The rest of the input, at most 20 characters, for a message (bytes that
 * are not UTF-8 shown as \xHH).
 */
static const char *
scan_rest(const Scan *sc)
{
	StringInfoData buf;
	int			pos = sc->pos;
	int			nchars;

	initStringInfo(&buf);
	for (nchars = 0; nchars < 20 && pos < sc->len; nchars++)
	{
		int			clen;

		if (utf8_peek(sc->s, sc->len, pos, &clen) == CH_INVALID)
			appendStringInfo(&buf, "\\x%02X", sc->s[pos]);
		else
			appendBinaryStringInfo(&buf, (const char *) sc->s + pos, clen);
		pos += clen;
	}
	if (pos < sc->len)
		appendStringInfoString(&buf, "…");
	return buf.data;
}

/*
 * Is the character a space: ASCII white space, U+3000 or U+00A0?
 */
static inline bool
is_space(int32 c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x3000 || c == 0xA0;
}

/*
 * The value of an ASCII or full-width digit, or -1.
 */
static inline int
digit_value(int32 c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 0xFF10 && c <= 0xFF19)
		return c - 0xFF10;
	return -1;
}

/*
 * The closing bracket of an opening bracket, or 0 if it is not one.
 */
static int32
closing_bracket(int32 c)
{
	switch (c)
	{
		case 0x3014:			/* 〔 〕 */
		case 0xFE5D:			/* ﹝ ﹞ */
		case 0x3010:			/* 【 】 */
		case 0xFF08:			/* （ ） */
			return c + 1;
		case 0xFF3B:			/* ［ ］ */
			return 0xFF3D;
		case '[':
			return ']';
		case '(':
			return ')';
		default:
			return 0;
	}
}

/*
 * Is the character a closing bracket of one of the accepted pairs?
 */
static bool
is_closing_bracket(int32 c)
{
	return c == 0x3015 || c == 0xFE5E || c == 0x3011 || c == 0xFF09 ||
		c == 0xFF3D || c == ']' || c == ')';
}

/*
 * The character as it is stored in an issuer code (full-width Latin letters
 * become ASCII), or 0 if an issuer code cannot contain it.
 */
static inline int32
issuer_char(int32 c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
		return c;
	if (c < 0x3000)
		return 0;
	if (c == 0x3007 ||			/* 〇 */
		(c >= 0x3400 && c <= 0x4DBF) ||	/* extension A */
		(c >= 0x4E00 && c <= 0x9FFF) ||	/* unified ideographs */
		(c >= 0xF900 && c <= 0xFAFF) ||	/* compatibility ideographs */
		(c >= 0x20000 && c <= 0x323AF)) /* extensions B to H */
		return c;
	if (c >= 0xFF21 && c <= 0xFF3A)
		return c - 0xFF21 + 'A';
	if (c >= 0xFF41 && c <= 0xFF5A)
		return c - 0xFF41 + 'a';
	return 0;
}

/*
 * Skip spaces.
 */
static pg_attribute_always_inline void
scan_skip_spaces(Scan *sc)
{
	int			clen;

	while (sc->pos < sc->len)
	{
		unsigned char b = sc->s[sc->pos];

		/* only ASCII spaces and lead bytes C2 (U+00A0), E3 (U+3000) can be */
		if (b != ' ' && (b < '\t' || b > '\r') && b != 0xC2 && b != 0xE3)
			return;
		if (!is_space(scan_peek(sc, &clen)))
			return;
		sc->pos += clen;
	}
}

/*
 * Scan the issuer code: Chinese characters and Latin letters, spaces between
 * them dropped, up to the first other character.  False if it is too long.
 */
static bool
scan_issuer(Scan *sc)
{
	for (;;)
	{
		const unsigned char *p = sc->s + sc->pos;
		int			clen;
		int32		c;
		int32		stored;

		/* fast path: a character of U+4E00..U+9FFF, lead byte E4..E9 */
		if (sc->len - sc->pos >= 3 && p[0] >= 0xE4 && p[0] <= 0xE9 &&
			(p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
			(p[0] > 0xE4 || p[1] >= 0xB8) &&
			sc->issuer_chars < DOCNO_MAX_ISSUER_CHARS)
		{
			char	   *to = sc->issuer + sc->issuer_len;

			to[0] = (char) p[0];
			to[1] = (char) p[1];
			to[2] = (char) p[2];
			sc->issuer_len += 3;
			sc->issuer_chars++;
			sc->pos += 3;
			continue;
		}

		c = scan_peek(sc, &clen);
		if (is_space(c))
		{
			sc->pos += clen;
			continue;
		}
		stored = issuer_char(c);
		if (stored == 0)
			return true;
		if (sc->issuer_chars == DOCNO_MAX_ISSUER_CHARS)
			return scan_fail(sc, "The issuer code (机关代字) is longer than %d characters.",
							 DOCNO_MAX_ISSUER_CHARS);
		if (stored == c)
		{
			const unsigned char *from = sc->s + sc->pos;
			char	   *to = sc->issuer + sc->issuer_len;

			switch (clen)
			{
				case 4:
					to[3] = (char) from[3];
					/* FALLTHROUGH */
				case 3:
					to[2] = (char) from[2];
					/* FALLTHROUGH */
				case 2:
					to[1] = (char) from[1];
					/* FALLTHROUGH */
				default:
					to[0] = (char) from[0];
			}
			sc->issuer_len += clen;
		}
		else
			sc->issuer[sc->issuer_len++] = (char) stored;
		sc->issuer_chars++;
		sc->pos += clen;
	}
}

/*
 * Scan a run of digits; the value saturates above DOCNO_MAX_NUMBER.
 */
static int64
scan_digits(Scan *sc, int *ndigits)
{
	int64		value = 0;
	int			clen;
	int			d;

	*ndigits = 0;
	while (sc->pos < sc->len)
	{
		unsigned char b = sc->s[sc->pos];

		if (b >= '0' && b <= '9')
		{
			d = b - '0';
			clen = 1;
		}
		else if (b != 0xEF || (d = digit_value(scan_peek(sc, &clen))) < 0)
			break;				/* not a digit: full-width ones start with EF */
		if (value <= DOCNO_MAX_NUMBER)
			value = value * 10 + d;
		(*ndigits)++;
		sc->pos += clen;
	}
	return value;
}

/*
 * Check the year: 1000 to 9999.
 */
static bool
check_year(Scan *sc, int64 year)
{
	if (year < DOCNO_MIN_YEAR || year > DOCNO_MAX_YEAR)
		return scan_fail(sc, "The year must be between %d and %d.",
						 DOCNO_MIN_YEAR, DOCNO_MAX_YEAR);
	return true;
}

/*
 * Check the sequence number: 1 to 2147483647.
 */
static bool
check_number(Scan *sc, int64 number)
{
	if (number < DOCNO_MIN_NUMBER)
		return scan_fail(sc, "The sequence number must be at least %d.", DOCNO_MIN_NUMBER);
	if (number > DOCNO_MAX_NUMBER)
		return scan_fail(sc, "The sequence number must not exceed %d.", DOCNO_MAX_NUMBER);
	return true;
}

/*
 * Explain why the issuer code ended where no opening bracket follows.
 */
static bool
scan_fail_after_issuer(Scan *sc)
{
	int			clen;
	int32		c = scan_peek(sc, &clen);

	if (c == CH_END)
		return sc->issuer_chars == 0
			? scan_fail(sc, "A document number must not be empty.")
			: scan_fail(sc, "The year in brackets and the sequence number are missing after the issuer code, as in 晋政办〔2021〕35号.");
	if (sc->issuer_chars == 0)
		return scan_fail(sc, "A document number starts with the issuer code (机关代字), not with %s.",
						 scan_describe(sc));
	if (digit_value(c) >= 0)
	{
		Scan		ahead = *sc;
		int			ndigits;

		/* digits then a bracket: a digit in the issuer code, else a bare year */
		(void) scan_digits(&ahead, &ndigits);
		scan_skip_spaces(&ahead);
		if (closing_bracket(scan_peek(&ahead, &clen)) == 0)
			return scan_fail(sc, "The year must be in brackets after the issuer code, as in 〔2021〕.");
	}
	return scan_fail(sc, "The issuer code may contain only Chinese characters and Latin letters, not %s.",
					 scan_describe(sc));
}

/*
 * The canonical rest of a document number after its issuer code,
 * 〔yyyy〕n号 with ASCII digits and nothing after: the common case, read
 * without the general scanner.  False (nothing consumed) for anything else,
 * which the general scanner then reads or explains.
 */
static bool
scan_canonical_tail(const Scan *sc, int64 *year, int64 *number)
{
	const unsigned char *p = sc->s + sc->pos;
	const unsigned char *end = sc->s + sc->len;
	int64		n = 0;
	int			ndigits = 0;

	if (end - p < 3 + 4 + 3 + 1 + 3 || memcmp(p, UTF8_OPEN, 3) != 0)
		return false;
	for (int i = 3; i < 7; i++)
	{
		if (p[i] < '0' || p[i] > '9')
			return false;
		n = n * 10 + (p[i] - '0');
	}
	if (n < DOCNO_MIN_YEAR || memcmp(p + 7, UTF8_CLOSE, 3) != 0)
		return false;
	*year = n;
	n = 0;
	for (p += 10; p < end && *p >= '0' && *p <= '9' && ndigits < 10; p++, ndigits++)
		n = n * 10 + (*p - '0');
	if (ndigits == 0 || n < DOCNO_MIN_NUMBER || n > DOCNO_MAX_NUMBER ||
		end - p != 3 || memcmp(p, UTF8_HAO, 3) != 0)
		return false;
	*number = n;
	return true;
}

/*
 * Scan a whole document number; false with sc->detail if it is not one.
 */
static bool
scan_docno(Scan *sc, DocNoParts *parts)
{
	int			clen;
	int32		c;
	int32		open;
	int32		close;
	int			ndigits;
	int64		year;
	int64		number;

	if (!scan_issuer(sc))
		return false;
	if (sc->issuer_chars > 0 && scan_canonical_tail(sc, &year, &number))
		goto done;
	open = scan_peek(sc, &clen);
	close = closing_bracket(open);
	if (close == 0)
		return scan_fail_after_issuer(sc);
	if (sc->issuer_chars == 0)
		return scan_fail(sc, "The issuer code (机关代字) is missing before the year.");
	sc->pos += clen;

	/* the year, in brackets */
	scan_skip_spaces(sc);
	year = scan_digits(sc, &ndigits);
	if (ndigits == 0)
	{
		c = scan_peek(sc, &clen);
		if (c == CH_END || c == close || is_closing_bracket(c))
			return scan_fail(sc, "The year is missing in the brackets.");
		return scan_fail(sc, "The year must be written in digits, not %s.", scan_describe(sc));
	}
	if (ndigits != 4)
		return scan_fail(sc, "The year must have four digits, not %d.", ndigits);
	if (!check_year(sc, year))
		return false;
	scan_skip_spaces(sc);
	c = scan_peek(sc, &clen);
	if (c != close)
	{
		char		openbuf[8] = {0};
		char		closebuf[8] = {0};

		unicode_to_utf8((pg_wchar) open, (unsigned char *) openbuf);
		unicode_to_utf8((pg_wchar) close, (unsigned char *) closebuf);
		if (c == CH_END)
			return scan_fail(sc, "The bracket \"%s\" before the year is not closed.", openbuf);
		if (is_closing_bracket(c))
			return scan_fail(sc, "The year opened with \"%s\" must be closed with \"%s\", not %s.",
							 openbuf, closebuf, scan_describe(sc));
		return scan_fail(sc, "Expected \"%s\" after the year, not %s.", closebuf, scan_describe(sc));
	}
	sc->pos += clen;

	/* the sequence number, perhaps after 第 */
	scan_skip_spaces(sc);
	if (scan_peek(sc, &clen) == CH_DI)
	{
		sc->pos += clen;
		scan_skip_spaces(sc);
	}
	number = scan_digits(sc, &ndigits);
	if (ndigits == 0)
	{
		c = scan_peek(sc, &clen);
		if (c == CH_END || c == CH_HAO)
			return scan_fail(sc, "The sequence number is missing after the year.");
		return scan_fail(sc, "The sequence number must be written in digits, not %s.",
						 scan_describe(sc));
	}
	if (!check_number(sc, number))
		return false;

	/* 号, then nothing */
	scan_skip_spaces(sc);
	c = scan_peek(sc, &clen);
	if (c == CH_END)
		return scan_fail(sc, "The document number must end with 号 after the sequence number.");
	if (c != CH_HAO)
		return scan_fail(sc, "Expected 号 after the sequence number, not %s.", scan_describe(sc));
	sc->pos += clen;
	scan_skip_spaces(sc);
	if (sc->pos < sc->len)
		return scan_fail(sc, "Unexpected text after 号: \"%s\".", scan_rest(sc));

done:
	parts->number = (int32) number;
	parts->year = (int16) year;
	parts->issuer = sc->issuer;
	parts->issuer_len = sc->issuer_len;
	return true;
}

/*
 * Scan input that must be an issuer code and nothing else.
 */
static bool
scan_issuer_only(Scan *sc)
{
	int			clen;
	int32		c;

	if (!scan_issuer(sc))
		return false;
	c = scan_peek(sc, &clen);
	if (c != CH_END)
		return scan_fail(sc, "The issuer code may contain only Chinese characters and Latin letters, not %s.",
						 scan_describe(sc));
	if (sc->issuer_chars == 0)
		return scan_fail(sc, "The issuer code (机关代字) is empty.");
	return true;
}

/*
 * Make a docno value from its parts.
 */
struct varlena *
docno_make(const DocNoParts *parts)
{
	Size		size = VARHDRSZ + DOCNO_FIXED_SIZE + parts->issuer_len;
	struct varlena *result = (struct varlena *) palloc(size);
	char	   *data = VARDATA(result);

	SET_VARSIZE(result, size);
	memcpy(data, &parts->number, sizeof(int32));
	memcpy(data + sizeof(int32), &parts->year, sizeof(int16));
	memcpy(data + DOCNO_FIXED_SIZE, parts->issuer, parts->issuer_len);
	return result;
}

/*
 * Order two values: issuer code (bytes), then year, then number.
 */
int
docno_compare(const struct varlena *a, const struct varlena *b)
{
	DocNoParts	pa;
	DocNoParts	pb;
	int			cmp;

	docno_unpack(a, &pa);
	docno_unpack(b, &pb);
	cmp = memcmp(pa.issuer, pb.issuer, Min(pa.issuer_len, pb.issuer_len));
	if (cmp != 0)
		return cmp < 0 ? -1 : 1;
	if (pa.issuer_len != pb.issuer_len)
		return pa.issuer_len < pb.issuer_len ? -1 : 1;
	if (pa.year != pb.year)
		return pa.year < pb.year ? -1 : 1;
	if (pa.number != pb.number)
		return pa.number < pb.number ? -1 : 1;
	return 0;
}

/*
 * Write the canonical form (UTF-8, not NUL-terminated); returns its length.
 */
static int
docno_format(const DocNoParts *parts, char *dst)
{
	char	   *p = dst;

	memcpy(p, parts->issuer, parts->issuer_len);
	p += parts->issuer_len;
	memcpy(p, UTF8_OPEN, 3);
	p += 3;
	p += pg_ultoa_n((uint32) parts->year, p);
	memcpy(p, UTF8_CLOSE, 3);
	p += 3;
	p += pg_ultoa_n((uint32) parts->number, p);
	memcpy(p, UTF8_HAO, 3);
	p += 3;
	return p - dst;
}

/*
 * Parse text in the database encoding, or raise 22P02 with the detail.
 */
static struct varlena *
docno_parse_text(const char *s, int len)
{
	Scan		sc;
	DocNoParts	parts;
	int			utf8_len;
	const char *utf8 = server_to_utf8(s, len, &utf8_len);

	scan_init(&sc, utf8, utf8_len);
	if (!scan_docno(&sc, &parts))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", "docno", pnstrdup(s, len)),
				 errdetail("%s", utf8_cstring_to_server(sc.detail))));
	return docno_make(&parts);
}

/*
 * docno_in(cstring): text input
 */
Datum
jxlink_docno_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);

	PG_RETURN_POINTER(docno_parse_text(input, strlen(input)));
}

/*
 * docno_out(docno): the canonical form
 */
Datum
jxlink_docno_out(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_DOCNO_PP(0);
	DocNoParts	parts;
	char	   *buf;
	int			len;
	const char *server;

	docno_unpack(value, &parts);
	buf = palloc(parts.issuer_len + (DOCNO_MAX_TEXT - DOCNO_MAX_ISSUER_BYTES) + 1);
	len = docno_format(&parts, buf);
	buf[len] = '\0';
	server = utf8_to_server(buf, len, &len);
	PG_RETURN_CSTRING(server == buf ? buf : pnstrdup(server, len));
}

/*
 * docno(text) returns docno: the cast from text
 */
Datum
jxlink_docno_from_text(PG_FUNCTION_ARGS)
{
	text	   *input = PG_GETARG_TEXT_PP(0);

	PG_RETURN_POINTER(docno_parse_text(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input)));
}

/*
 * docno_to_text(docno) returns text: the cast to text, canonical form
 */
Datum
jxlink_docno_to_text(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_DOCNO_PP(0);
	DocNoParts	parts;
	text	   *result;
	int			len;
	const char *server;

	docno_unpack(value, &parts);
	result = (text *) palloc(VARHDRSZ + parts.issuer_len + (DOCNO_MAX_TEXT - DOCNO_MAX_ISSUER_BYTES));
	len = docno_format(&parts, VARDATA(result));
	SET_VARSIZE(result, VARHDRSZ + len);
	server = utf8_to_server(VARDATA(result), len, &len);
	if (server != VARDATA(result))
		result = cstring_to_text_with_len(server, len);
	PG_RETURN_TEXT_P(result);
}

/*
 * Raise the error of a malformed binary value.
 */
pg_noreturn static void
binary_fail(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary representation of type %s", "docno"),
			 errdetail("%s", utf8_cstring_to_server(detail))));
}

/*
 * Are raw bytes from the client valid text that pg_client_to_server()
 * accepts?  Checked first, so that a bad byte is a docno error.
 */
static bool
client_text_valid(const char *s, int len)
{
	int			client = pg_get_client_encoding();
	int			server = GetDatabaseEncoding();

	if (!pg_verify_mbstr(client, s, len, true))
		return false;
	if ((client == server || client == PG_SQL_ASCII) &&
		!pg_verify_mbstr(server, s, len, true))
		return false;
	return true;
}

/*
 * docno_recv(internal): binary input
 *
 * The binary form is a version byte (1), the year (int16), the sequence
 * number (int32), then the issuer code in the client encoding up to the end.
 * It is checked by the same scanner as text input.
 */
Datum
jxlink_docno_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	int16		year;
	int32		number;
	const char *raw;
	int			raw_len;
	char	   *server;
	int			server_len;
	const char *utf8;
	int			utf8_len;
	Scan		sc;
	DocNoParts	parts;

	if (buf->len - buf->cursor < 1 + 2 + 4)
		binary_fail(psprintf("The value has %d bytes; a docno has a version byte, a 2-byte year and a 4-byte number before the issuer code.",
							 buf->len - buf->cursor));
	version = pq_getmsgbyte(buf);
	if (version != DOCNO_BINARY_VERSION)
		binary_fail(psprintf("Unsupported binary format version %d; expected %d.",
							 version, DOCNO_BINARY_VERSION));
	year = (int16) pq_getmsgint(buf, 2);
	number = (int32) pq_getmsgint(buf, 4);
	raw = buf->data + buf->cursor;
	raw_len = buf->len - buf->cursor;
	buf->cursor = buf->len;

	if (!client_text_valid(raw, raw_len))
		binary_fail(psprintf("The issuer code is not valid text in the client encoding %s.",
							 pg_get_client_encoding_name()));
	server = pg_client_to_server(raw, raw_len);
	server_len = (server == raw) ? raw_len : (int) strlen(server);
	utf8 = server_to_utf8(server, server_len, &utf8_len);

	scan_init(&sc, utf8, utf8_len);
	if (!scan_issuer_only(&sc) || !check_year(&sc, year) || !check_number(&sc, number))
		binary_fail(sc.detail);
	parts.number = number;
	parts.year = year;
	parts.issuer = sc.issuer;
	parts.issuer_len = sc.issuer_len;
	PG_RETURN_POINTER(docno_make(&parts));
}

/*
 * docno_send(docno): binary output
 */
Datum
jxlink_docno_send(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_DOCNO_PP(0);
	DocNoParts	parts;
	StringInfoData buf;
	const char *server;
	int			server_len;

	docno_unpack(value, &parts);
	server = utf8_to_server(parts.issuer, parts.issuer_len, &server_len);
	pq_begintypsend(&buf);
	pq_sendint8(&buf, DOCNO_BINARY_VERSION);
	pq_sendint16(&buf, (uint16) parts.year);
	pq_sendint32(&buf, (uint32) parts.number);
	pq_sendtext(&buf, server, server_len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * docno(issuer text, year integer, number integer) returns docno
 *
 * The issuer code is normalised like text input (spaces dropped, full-width
 * letters made ASCII); a bad one is 22023, a year or number out of range 22003.
 */
Datum
jxlink_docno_make(PG_FUNCTION_ARGS)
{
	text	   *issuer = PG_GETARG_TEXT_PP(0);
	int32		year = PG_GETARG_INT32(1);
	int32		number = PG_GETARG_INT32(2);
	int			utf8_len;
	const char *utf8 = server_to_utf8(VARDATA_ANY(issuer), VARSIZE_ANY_EXHDR(issuer), &utf8_len);
	Scan		sc;
	DocNoParts	parts;

	scan_init(&sc, utf8, utf8_len);
	if (!scan_issuer_only(&sc))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid issuer code for type %s: \"%s\"", "docno", text_to_cstring(issuer)),
				 errdetail("%s", utf8_cstring_to_server(sc.detail))));
	if (!check_year(&sc, year))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("year %d is out of range for type %s", year, "docno"),
				 errdetail("%s", utf8_cstring_to_server(sc.detail))));
	if (!check_number(&sc, number))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sequence number %d is out of range for type %s", number, "docno"),
				 errdetail("%s", utf8_cstring_to_server(sc.detail))));
	parts.number = number;
	parts.year = (int16) year;
	parts.issuer = sc.issuer;
	parts.issuer_len = sc.issuer_len;
	PG_RETURN_POINTER(docno_make(&parts));
}

/*
 * docno_check(text) returns text: why the text is not a document number, or
 * NULL if it is one (the detail text input would raise).
 */
Datum
jxlink_docno_check(PG_FUNCTION_ARGS)
{
	text	   *input = PG_GETARG_TEXT_PP(0);
	int			utf8_len;
	const char *utf8 = server_to_utf8(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input), &utf8_len);
	Scan		sc;
	DocNoParts	parts;

	scan_init(&sc, utf8, utf8_len);
	if (scan_docno(&sc, &parts))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(utf8_cstring_to_server(sc.detail)));
}

/*
 * docno_issuer(docno) returns text
 */
Datum
jxlink_docno_issuer(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_DOCNO_PP(0);
	DocNoParts	parts;
	const char *server;
	int			server_len;

	docno_unpack(value, &parts);
	server = utf8_to_server(parts.issuer, parts.issuer_len, &server_len);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(server, server_len));
}

/*
 * docno_year(docno) returns integer
 */
Datum
jxlink_docno_year(PG_FUNCTION_ARGS)
{
	DocNoParts	parts;

	docno_unpack(PG_GETARG_DOCNO_PP(0), &parts);
	PG_RETURN_INT32(parts.year);
}

/*
 * docno_number(docno) returns integer
 */
Datum
jxlink_docno_number(PG_FUNCTION_ARGS)
{
	DocNoParts	parts;

	docno_unpack(PG_GETARG_DOCNO_PP(0), &parts);
	PG_RETURN_INT32(parts.number);
}

/*
 * Compare the two docno arguments of a function call.
 */
static int
compare_args(FunctionCallInfo fcinfo)
{
	struct varlena *a = PG_GETARG_DOCNO_PP(0);
	struct varlena *b = PG_GETARG_DOCNO_PP(1);
	int			cmp = docno_compare(a, b);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return cmp;
}

/*
 * docno_eq(docno, docno): equal parts, i.e. equal bytes
 */
Datum
jxlink_docno_eq(PG_FUNCTION_ARGS)
{
	struct varlena *a = PG_GETARG_DOCNO_PP(0);
	struct varlena *b = PG_GETARG_DOCNO_PP(1);
	Size		len = VARSIZE_ANY_EXHDR(a);
	bool		result;

	result = len == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), len) == 0;
	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_BOOL(result);
}

/*
 * docno_ne(docno, docno)
 */
Datum
jxlink_docno_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) != 0);
}

/*
 * docno_lt(docno, docno)
 */
Datum
jxlink_docno_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) < 0);
}

/*
 * docno_le(docno, docno)
 */
Datum
jxlink_docno_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) <= 0);
}

/*
 * docno_gt(docno, docno)
 */
Datum
jxlink_docno_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) > 0);
}

/*
 * docno_ge(docno, docno)
 */
Datum
jxlink_docno_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) >= 0);
}

/*
 * docno_cmp(docno, docno): btree support function 1
 */
Datum
jxlink_docno_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(compare_args(fcinfo));
}

/*
 * Sort comparator: no function-call overhead per comparison.
 */
static int
docno_fastcmp(Datum x, Datum y, SortSupport ssup pg_attribute_unused())
{
	struct varlena *a = (struct varlena *) PG_DETOAST_DATUM_PACKED(x);
	struct varlena *b = (struct varlena *) PG_DETOAST_DATUM_PACKED(y);
	int			cmp = docno_compare(a, b);

	if ((Pointer) a != DatumGetPointer(x))
		pfree(a);
	if ((Pointer) b != DatumGetPointer(y))
		pfree(b);
	return cmp;
}

/*
 * docno_sortsupport(internal): btree support function 2
 */
Datum
jxlink_docno_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = docno_fastcmp;
	PG_RETURN_VOID();
}

/*
 * docno_hash(docno): hash support function 1, over the stored bytes
 */
Datum
jxlink_docno_hash(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_DOCNO_PP(0);
	Datum		result = hash_any((const unsigned char *) VARDATA_ANY(value),
								  VARSIZE_ANY_EXHDR(value));

	PG_FREE_IF_COPY(value, 0);
	return result;
}

/*
 * docno_hash_extended(docno, bigint): hash support function 2
 */
Datum
jxlink_docno_hash_extended(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_DOCNO_PP(0);
	Datum		result = hash_any_extended((const unsigned char *) VARDATA_ANY(value),
										   VARSIZE_ANY_EXHDR(value),
										   PG_GETARG_INT64(1));

	PG_FREE_IF_COPY(value, 0);
	return result;
}

/*
 * docno_smaller(docno, docno): the lesser, for min()
 */
Datum
jxlink_docno_smaller(PG_FUNCTION_ARGS)
{
	struct varlena *a = PG_GETARG_DOCNO_PP(0);
	struct varlena *b = PG_GETARG_DOCNO_PP(1);

	PG_RETURN_POINTER(docno_compare(a, b) <= 0 ? a : b);
}

/*
 * docno_larger(docno, docno): the greater, for max()
 */
Datum
jxlink_docno_larger(PG_FUNCTION_ARGS)
{
	struct varlena *a = PG_GETARG_DOCNO_PP(0);
	struct varlena *b = PG_GETARG_DOCNO_PP(1);

	PG_RETURN_POINTER(docno_compare(a, b) >= 0 ? a : b);
}
