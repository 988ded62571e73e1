/* rows: the helpers of the adapters' parsers (rows.h). */
#include "rows.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "num.h"
#include "xalloc.h"

int exchange_row_num(const void *json, double *out)
{
	const json_t *v = json;

	if (json_is_string(v))
		return num_parse(json_string_value(v), json_string_length(v), out) < 0 || *out < 0
			       ? -1 : 0;
	if (json_is_number(v)) {
		*out = json_number_value(v);
		return *out < 0 ? -1 : 0;
	}
	return -1;
}

int exchange_row_int(const void *json, int64_t *out)
{
	const json_t *v = json;
	const char *s;
	size_t n;

	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (int64_t)json_integer_value(v);
		return 0;
	}
	if (!json_is_string(v))
		return -1;
	s = json_string_value(v);
	n = strspn(s, "0123456789");
	if (!n || n > 15 || s[n])
		return -1;
	*out = 0;
	for (size_t i = 0; i < n; i++)
		*out = *out * 10 + (s[i] - '0');
	return 0;
}

double exchange_member_num(const void *object, const char *key)
{
	json_t *v = json_object_get(object, key);
	double d = NAN;

	if (json_is_string(v) && num_parse(json_string_value(v), json_string_length(v), &d) < 0)
		d = NAN;
	else if (json_is_number(v))
		d = json_number_value(v);
	return d;
}

void exchange_member_str(const void *object, const char *key, char *dst, size_t cap)
{
	const char *s = json_string_value(json_object_get(object, key));

	snprintf(dst, cap, "%s", s ? s : "");
}

int exchange_code_msg(const char *body, size_t len, long *code, char *msg, size_t cap)
{
	json_t *j = json_loadb(body, len, 0, NULL), *c, *m;
	int found = 0;

	if (j && json_is_object(j) && (c = json_object_get(j, "code")) && json_is_integer(c)) {
		m = json_object_get(j, "msg");
		*code = (long)json_integer_value(c);
		snprintf(msg, cap, "%s", json_is_string(m) ? json_string_value(m) : "");
		msg_printable(msg);
		found = 1;
	}
	json_decref(j);
	return found;
}

int exchange_row_ohlcv(const void *row, struct candle *c)
{
	const json_t *r = row;

	return exchange_row_int(json_array_get(r, 0), &c->open_time) ||
	       exchange_row_num(json_array_get(r, 1), &c->open) ||
	       exchange_row_num(json_array_get(r, 2), &c->high) ||
	       exchange_row_num(json_array_get(r, 3), &c->low) ||
	       exchange_row_num(json_array_get(r, 4), &c->close) ||
	       exchange_row_num(json_array_get(r, 5), &c->volume) ? -1 : 0;
}

struct candle *exchange_slot(struct candle **out, size_t *n, size_t *cap)
{
	struct candle *c;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*out = xreallocarray(*out, *cap, sizeof **out);
	}
	c = &(*out)[(*n)++];
	memset(c, 0, sizeof *c);
	return c;
}

void exchange_fill(struct candle *c, const char *exchange, const char *market,
		   const char *symbol, const struct interval *iv, int64_t as_of, unsigned has)
{
	snprintf(c->exchange, sizeof c->exchange, "%s", exchange);
	snprintf(c->market, sizeof c->market, "%s", market);
	snprintf(c->symbol, sizeof c->symbol, "%s", symbol);
	c->interval = iv;
	c->close_time = interval_close_time(iv, c->open_time);
	c->has = has;
	c->closed = c->close_time < as_of;
	if (!c->closed) {
		c->as_of = as_of;
		c->has |= CANDLE_AS_OF;
	}
}

long exchange_parse_rows(const struct kline_rows *k, const char *body, size_t len,
			 const char *market, const char *symbol, const struct interval *iv,
			 int64_t as_of, struct candle **out, size_t *n, size_t *cap, char *err,
			 size_t errlen)
{
	json_error_t jerr;
	json_t *j = json_loadb(body, len, 0, &jerr), *row;
	size_t i, start = *n;
	long code;
	char msg[200];

	if (!j) {
		snprintf(err, errlen, "malformed answer: %s at byte %d", jerr.text, jerr.position);
		return -1;
	}
	if (!json_is_array(j)) {
		json_decref(j);
		if (k->error && k->error(body, len, &code, msg, sizeof msg)) {
			snprintf(err, errlen, "%ld: %s", code, msg);
			return -2;
		}
		snprintf(err, errlen, "malformed answer: not an array of rows");
		return -1;
	}
	json_array_foreach(j, i, row) {
		struct candle *c = exchange_slot(out, n, cap);
		int r = json_is_array(row) ? k->row(row, c) : -1;

		if (r < 0) {
			snprintf(err, errlen, "malformed answer: row %zu is not a kline", i + 1);
			goto bad;
		}
		if (r > 0 || c->high < c->low ||
		    (c > *out + start && c->open_time <= c[-1].open_time)) {
			snprintf(err, errlen, "malformed answer: row %zu is inconsistent", i + 1);
			goto bad;
		}
		exchange_fill(c, k->exchange, market, symbol, iv, as_of, k->has);
	}
	json_decref(j);
	return (long)(*n - start);
bad:
	*n = start;
	json_decref(j);
	return -1;
}
