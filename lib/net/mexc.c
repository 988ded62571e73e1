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

/* A row of MEXC's klines: open time, OHLCV, close time, quote volume. */
static int mexc_row(const void *row, struct candle *c)
{
	const json_t *r = row;

	return json_array_size(r) < 8 || exchange_row_ohlcv(r, c) ||
	       exchange_row_num(json_array_get(r, 7), &c->quote_volume) ? -1 : 0;
}

static const struct kline_rows mexc_rows = {
	"mexc", CANDLE_QUOTE_VOLUME, mexc_row, exchange_code_msg
};

static long mexc_parse(const char *body, size_t len, const char *market, const char *symbol,
		       const struct interval *iv, int64_t as_of, struct candle **out,
		       size_t *n, size_t *cap, char *err, size_t errlen)
{
	return exchange_parse_rows(&mexc_rows, body, len, market, symbol, iv, as_of, out, n, cap,
				   err, errlen);
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
