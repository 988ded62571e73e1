#include "jsonw.h"

#include <math.h>

#include "num.h"

void jw_key(struct buf *b, const char *key)
{
	if (b->len && b->p[b->len - 1] != '{' && b->p[b->len - 1] != '[')
		buf_addc(b, ',');
	buf_addc(b, '"');
	buf_adds(b, key);
	buf_add(b, "\":", 2);
}

void jw_strval(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6];
		size_t en = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			en = 6;
		}
		buf_add(b, esc, en);
	}
	buf_add(b, s + run, n - run);
	buf_addc(b, '"');
}

void jw_str(struct buf *b, const char *key, const char *s)
{
	jw_key(b, key);
	jw_strval(b, s, strlen(s));
}

void jw_num(struct buf *b, const char *key, double v)
{
	char tmp[NUM_FMT_MAX];

	jw_key(b, key);
	if (!isfinite(v)) {
		buf_add(b, "null", 4);
		return;
	}
	buf_add(b, tmp, fmt_double(tmp, v));
}

void jw_int(struct buf *b, const char *key, int64_t v)
{
	char tmp[24];

	jw_key(b, key);
	buf_add(b, tmp, fmt_int(tmp, v));
}

void jw_bool(struct buf *b, const char *key, int v)
{
	jw_key(b, key);
	if (v)
		buf_add(b, "true", 4);
	else
		buf_add(b, "false", 5);
}

void jw_null(struct buf *b, const char *key)
{
	jw_key(b, key);
	buf_add(b, "null", 4);
}

void jw_num_or_null(struct buf *b, const char *key, int has, double v)
{
	if (has)
		jw_num(b, key, v);
	else
		jw_null(b, key);
}

void jw_raw(struct buf *b, const char *key, const char *json, size_t n)
{
	jw_key(b, key);
	buf_add(b, json, n);
}
