/*-------------------------------------------------------------------------
 *
 * server_text.c
 *	  Text between UTF-8 and the database encoding.
 *
 * jxlink's parsers work on UTF-8, and its labels and messages are written
 * in UTF-8 (Chinese clause numbers, state names, time-limit units).  In a
 * UTF8 or SQL_ASCII database the bytes pass as they are; in another
 * encoding (EUC_CN, GB2312, which Chinese municipal databases still use)
 * input is converted to UTF-8 before parsing and anything returned or
 * reported is converted back, so no invalid byte reaches a client.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "mb/pg_wchar.h"

#include "server_text.h"

/* Whether the database's text is used as UTF-8 without conversion. */
static bool
database_is_utf8(void)
{
	int			encoding = GetDatabaseEncoding();

	return encoding == PG_UTF8 || encoding == PG_SQL_ASCII;
}

/*
 * Text in the database encoding as UTF-8 (the same bytes in a UTF8 or
 * SQL_ASCII database, where the parsers check the UTF-8 themselves).
 */
const char *
server_to_utf8(const char *s, int len, int *utf8_len)
{
	char	   *converted;

	if (database_is_utf8())
	{
		*utf8_len = len;
		return s;
	}
	converted = pg_server_to_any(s, len, PG_UTF8);
	*utf8_len = (converted == s) ? len : (int) strlen(converted);
	return converted;
}

/* UTF-8 as text in the database encoding. */
const char *
utf8_to_server(const char *s, int len, int *server_len)
{
	char	   *converted;

	if (database_is_utf8())
	{
		*server_len = len;
		return s;
	}
	converted = pg_any_to_server(s, len, PG_UTF8);
	*server_len = (converted == s) ? len : (int) strlen(converted);
	return converted;
}

/* A NUL-terminated string in the database encoding as UTF-8. */
const char *
server_cstring_to_utf8(const char *s)
{
	int			len;

	return server_to_utf8(s, strlen(s), &len);
}

/*
 * A NUL-terminated UTF-8 string (a label, a message) in the database
 * encoding; the same string where no conversion is needed.
 */
const char *
utf8_cstring_to_server(const char *utf8)
{
	int			len;

	return utf8_to_server(utf8, strlen(utf8), &len);
}
