/* mexc: the MEXC spot V3 adapter. Candles come from GET /api/v3/klines,
 * Binance-like: ascending rows [open_time,"open","high","low","close",
 * "volume",close_time,"quote_volume"], at most 1000 a request, a page holding
 * the oldest rows of its window. Intervals are named 1m 5m 15m 30m 60m 4h
 * 1d 1W 1M. Errors are {"code":...,"msg":...} with a 4xx status. Each
 * klines request weighs 1 of the IP's 500 per 10 seconds. Spot only. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange.h"
#include "rows.h"
#include "xalloc.h"

static const char *mexc_base_url(const char *market)
{
	const char *env = getenv("CB_MEXC_URL");

	if (strcmp(market, "spot"))
		return NULL;
	return env && *env ? env : "https://api.mexc.com";
}

/* MEXC's name of an interval, or NULL. */
static const char *mexc_interval(const struct interval *iv)
{
	static const char *const names[][2] = {
		{ "1m", "1m" }, { "5m", "5m" }, { "15m", "15m" }, { "30m", "30m" },
		{ "1h", "60m" }, { "4h", "4h" }, { "1d", "1d" }, { "1w", "1W" }, { "1M", "1M" }
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], iv->name))
			return names[i][1];
	return NULL;
}

static int mexc_url(struct buf *url, const char *market, const char *symbol,
		    const struct interval *iv, int64_t from, int64_t to, int limit)
{
	const char *name = mexc_interval(iv);
	char q[256];

	if (!name)
		return -1;
	snprintf(q, sizeof q, "/api/v3/klines?symbol=%s&interval=%s&startTime=%lld&endTime=%lld"
		 "&limit=%d", symbol, name, (long long)from, (long long)to, limit);
	buf_adds(url, mexc_base_url(market));
	buf_adds(url, q);
	return 0;
}

static int mexc_max(const char *market)
{
	(void)market;
	return 1000;
}

static int mexc_weight(const char *market, int limit)
{
	(void)market, (void)limit;
	return 1;
}

/* Half of 500 per 10 seconds, per minute. */
static int mexc_budget(const char *market)
{
	(void)market;
	return 1500;
}

static long mexc_parse(const char *body, size_t len, const char *market, const char *symbol,
		       const struct interval *iv, int64_t as_of, struct candle **out,
		       size_t *n, size_t *cap, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *j = json_loadb(body, len, 0, &jerr), *row;
	size_t i, start = *n;

	if (!j) {
		snprintf(err, errlen, "malformed answer: %s at byte %d", jerr.text, jerr.position);
		return -1;
	}
	if (!json_is_array(j)) {
		long code;
		char msg[200];

		json_decref(j);
		if (exchange_code_msg(body, len, &code, msg, sizeof msg)) {
			snprintf(err, errlen, "%ld: %s", code, msg);
			return -2;
		}
		snprintf(err, errlen, "malformed answer: not an array of rows");
		return -1;
	}
	json_array_foreach(j, i, row) {
		struct candle *c;

		c = exchange_slot(out, n, cap);
		if (!json_is_array(row) || json_array_size(row) < 8 ||
		    exchange_row_ohlcv(row, c) ||
		    exchange_row_num(json_array_get(row, 7), &c->quote_volume)) {
			snprintf(err, errlen, "malformed answer: row %zu is not a kline", i + 1);
			goto bad;
		}
		if (c->high < c->low || (c > *out + start && c->open_time <= c[-1].open_time)) {
			snprintf(err, errlen, "malformed answer: row %zu is inconsistent", i + 1);
			goto bad;
		}
		exchange_fill(c, "mexc", market, symbol, iv, as_of, CANDLE_QUOTE_VOLUME);
	}
	json_decref(j);
	return (long)(*n - start);
bad:
	*n = start;
	json_decref(j);
	return -1;
}

const struct exchange exchange_mexc = {
	.name = "mexc",
	.title = "MEXC",
	.serves = EXCHANGE_KLINES,
	.markets = EXCHANGE_SPOT,
	.base_url = mexc_base_url,
	.klines_url = mexc_url,
	.klines_max = mexc_max,
	.klines_weight = mexc_weight,
	.parse_klines = mexc_parse,
	.error = exchange_code_msg,
	.default_budget = mexc_budget,
};
