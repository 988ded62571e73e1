/* exchange: the adapter table, the Binance adapter (on binance.c) and the
 * helpers the parsers share. */
#include "exchange.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "binance.h"
#include "num.h"
#include "xalloc.h"

static int binance_url(struct buf *url, const char *market, const char *symbol,
		       const struct interval *iv, int64_t from, int64_t to, int limit)
{
	char q[256];

	buf_adds(url, binance_base_url(market));
	buf_adds(url, !strcmp(market, "spot") ? "/api/v3/klines" : "/fapi/v1/klines");
	snprintf(q, sizeof q, "?symbol=%s&interval=%s&startTime=%lld&endTime=%lld&limit=%d",
		 symbol, iv->name, (long long)from, (long long)to, limit);
	buf_adds(url, q);
	return 0;
}

static int binance_budget(const char *market)
{
	return !strcmp(market, "spot") ? 3000 : 1200;
}

static long binance_parse(const char *body, size_t len, const char *market, const char *symbol,
			  const struct interval *iv, int64_t as_of, struct candle **out,
			  size_t *n, size_t *cap, char *err, size_t errlen)
{
	return binance_parse_klines(body, len, market, symbol, iv, as_of, out, n, cap, err,
				    errlen);
}

const struct exchange exchange_binance = {
	"binance", binance_base_url, binance_url, binance_klines_max, binance_klines_weight,
	binance_budget, BINANCE_WEIGHT_HEADER, binance_parse, binance_error, 0, 0
};

const struct exchange *exchange_find(const char *name)
{
	static const struct exchange *const all[] = { &exchange_binance, &exchange_bybit,
						      &exchange_mexc };

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (!strcmp(all[i]->name, name))
			return all[i];
	return NULL;
}

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
