/*-------------------------------------------------------------------------
 *
 * server_text.h
 *	  Text between UTF-8 (jxlink's parsers, labels and messages) and the
 *	  database encoding (UTF8, SQL_ASCII, or another such as EUC_CN).
 *
 *-------------------------------------------------------------------------
 */
#ifndef JXLINK_SERVER_TEXT_H
#define JXLINK_SERVER_TEXT_H

extern const char *server_to_utf8(const char *s, int len, int *utf8_len);
extern const char *utf8_to_server(const char *s, int len, int *server_len);
extern const char *server_cstring_to_utf8(const char *s);
extern const char *utf8_cstring_to_server(const char *utf8);

#endif							/* JXLINK_SERVER_TEXT_H */
