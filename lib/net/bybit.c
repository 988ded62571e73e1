/* bybit: the Bybit V5 adapter. Candles come from GET /v5/market/kline
 * (category linear for futures, spot for spot): {"retCode":0,"retMsg":"OK",
 * "result":{"list":[[start,open,high,low,close,volume,turnover],...]}} with
 * every field a string and the rows newest first. With start and end, a
 * full page holds the newest rows of the window. An error is an envelope
 * with retCode not 0, often with HTTP 200. The IP limit is 600 requests in
 * 5 seconds; there is no used-weight header. Symbols come from GET
 * /v5/market/instruments-info (one page of at most 1000 on linear; spot is
 * not paged): priceFilter.tickSize, and lotSizeFilter's qtyStep,
 * minOrderQty and minNotionalValue (linear) or basePrecision, minOrderQty
 * and minOrderAmt (spot). Statuses and contract types are Bybit's
 * (Trading, LinearPerpetual). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include "exchange.h"
#include "msg.h"
#include "rows.h"
#include "xalloc.h"

static const char *bybit_base_url(const char *market)
{
	const char *env = getenv("CB_BYBIT_URL");

	if (strcmp(market, "futures") && strcmp(market, "spot"))
		return NULL;
	return env && *env ? env : "https://api.bybit.com";
}

/* Bybit's name of an interval, or NULL. */
static const char *bybit_interval(const struct interval *iv)
{
	static const char *const names[][2] = {
		{ "1m", "1" }, { "3m", "3" }, { "5m", "5" }, { "15m", "15" }, { "30m", "30" },
		{ "1h", "60" }, { "2h", "120" }, { "4h", "240" }, { "6h", "360" },
		{ "12h", "720" }, { "1d", "D" }, { "1w", "W" }, { "1M", "M" }
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], iv->name))
			return names[i][1];
	return NULL;
}

static int bybit_url(struct buf *url, const char *market, const char *symbol,
		     const struct interval *iv, int64_t from, int64_t to, int limit)
{
	const char *name = bybit_interval(iv);
	char q[256];

	if (!name)
		return -1;
	snprintf(q, sizeof q, "/v5/market/kline?category=%s&symbol=%s&interval=%s&start=%lld"
		 "&end=%lld&limit=%d", !strcmp(market, "spot") ? "spot" : "linear", symbol, name,
		 (long long)from, (long long)to, limit);
	buf_adds(url, bybit_base_url(market));
	buf_adds(url, q);
	return 0;
}

static int bybit_max(const char *market)
{
	(void)market;
	return 1000;
}

/* Bybit counts requests: every request weighs 1. */
static int bybit_weight(const char *market, int limit)
{
	(void)market, (void)limit;
	return 1;
}

/* Half of 600 requests per 5 seconds, per minute. */
static int bybit_budget(const char *market)
{
	(void)market;
	return 3600;
}

/* If j is an envelope with a retCode, set *code and msg; return 1. */
static int envelope(json_t *j, long *code, char *msg, size_t cap)
{
	json_t *c = json_object_get(j, "retCode"), *m = json_object_get(j, "retMsg");

	if (!json_is_integer(c))
		return 0;
	*code = (long)json_integer_value(c);
	snprintf(msg, cap, "%s", json_is_string(m) ? json_string_value(m) : "");
	msg_printable(msg);
	return 1;
}

static int bybit_error(const char *body, size_t len, long *code, char *msg, size_t cap)
{
	json_t *j = json_loadb(body, len, 0, NULL);
	int found = j && json_is_object(j) && envelope(j, code, msg, cap);

	json_decref(j);
	return found;
}

static long bybit_parse(const char *body, size_t len, const char *market, const char *symbol,
			const struct interval *iv, int64_t as_of, struct candle **out,
			size_t *n, size_t *cap, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *j = json_loadb(body, len, 0, &jerr), *list, *row;
	size_t rows, start = *n;
	long code;
	char msg[200];

	if (!j) {
		snprintf(err, errlen, "malformed answer: %s at byte %d", jerr.text, jerr.position);
		return -1;
	}
	if (!json_is_object(j) || !envelope(j, &code, msg, sizeof msg)) {
		snprintf(err, errlen, "malformed answer: no retCode");
		json_decref(j);
		return -1;
	}
	if (code) {
		snprintf(err, errlen, "%ld: %s", code, msg);
		json_decref(j);
		return -2;
	}
	list = json_object_get(json_object_get(j, "result"), "list");
	if (!json_is_array(list)) {
		snprintf(err, errlen, "malformed answer: no result list");
		json_decref(j);
		return -1;
	}
	rows = json_array_size(list);
	if (*cap - *n < rows) {
		*cap = *n + rows + 1024;
		*out = xreallocarray(*out, *cap, sizeof **out);
	}
	/* newest first: row k goes to the end */
	for (size_t k = 0; k < rows; k++) {
		struct candle *c = &(*out)[start + rows - 1 - k];

		row = json_array_get(list, k);
		memset(c, 0, sizeof *c);
		if (!json_is_array(row) || json_array_size(row) < 7 ||
		    exchange_row_ohlcv(row, c) ||
		    exchange_row_num(json_array_get(row, 6), &c->quote_volume)) {
			snprintf(err, errlen, "malformed answer: row %zu is not a kline", k + 1);
			goto bad;
		}
		if (c->high < c->low || (k && c->open_time >= c[1].open_time)) {
			snprintf(err, errlen, "malformed answer: row %zu is inconsistent", k + 1);
			goto bad;
		}
		exchange_fill(c, "bybit", market, symbol, iv, as_of, CANDLE_QUOTE_VOLUME);
	}
	*n = start + rows;
	json_decref(j);
	return (long)rows;
bad:
	json_decref(j);
	return -1;
}

static int bybit_symbols_url(struct buf *url, const char *market)
{
	buf_adds(url, bybit_base_url(market));
	buf_adds(url, !strcmp(market, "spot") ? "/v5/market/instruments-info?category=spot"
					      : "/v5/market/instruments-info?category=linear&limit=1000");
	return 1;
}

static long bybit_parse_symbols(const char *body, size_t len, const char *market,
				struct symbol_info **out, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *j = json_loadb(body, len, 0, &jerr), *list, *s;
	int spot = !strcmp(market, "spot");
	long code;
	char msg[200];
	size_t i;

	*out = NULL;
	if (!j) {
		snprintf(err, errlen, "malformed answer: %s at byte %d", jerr.text, jerr.position);
		return -1;
	}
	list = json_object_get(json_object_get(j, "result"), "list");
	if (!json_is_object(j) || !envelope(j, &code, msg, sizeof msg) || code ||
	    !json_is_array(list)) {
		snprintf(err, errlen, "malformed answer: no result list");
		json_decref(j);
		return -1;
	}
	*out = xcalloc(json_array_size(list) + 1, sizeof **out);
	json_array_foreach(list, i, s) {
		struct symbol_info *si = &(*out)[i];
		json_t *lot = json_object_get(s, "lotSizeFilter");
		int64_t launch;

		snprintf(si->exchange, sizeof si->exchange, "bybit");
		snprintf(si->market, sizeof si->market, "%s", market);
		exchange_member_str(s, "symbol", si->symbol, sizeof si->symbol);
		exchange_member_str(s, "status", si->status, sizeof si->status);
		exchange_member_str(s, "baseCoin", si->base_asset, sizeof si->base_asset);
		exchange_member_str(s, "quoteCoin", si->quote_asset, sizeof si->quote_asset);
		if (!spot)
			exchange_member_str(s, "contractType", si->contract_type,
					    sizeof si->contract_type);
		si->tick_size = exchange_member_num(json_object_get(s, "priceFilter"), "tickSize");
		si->step_size = exchange_member_num(lot, spot ? "basePrecision" : "qtyStep");
		si->min_qty = exchange_member_num(lot, "minOrderQty");
		si->min_notional = exchange_member_num(lot, spot ? "minOrderAmt" : "minNotionalValue");
		if (!spot && !exchange_row_int(json_object_get(s, "launchTime"), &launch))
			si->onboard_date = launch;
	}
	json_decref(j);
	return (long)i;
}

const struct exchange exchange_bybit = {
	.name = "bybit",
	.title = "Bybit",
	.serves = EXCHANGE_KLINES | EXCHANGE_SYMBOLS,
	.markets = EXCHANGE_FUTURES | EXCHANGE_SPOT,
	.base_url = bybit_base_url,
	.klines_url = bybit_url,
	.klines_max = bybit_max,
	.klines_weight = bybit_weight,
	.parse_klines = bybit_parse,
	.end_anchored = 1,
	.symbols_url = bybit_symbols_url,
	.parse_symbols = bybit_parse_symbols,
	.error = bybit_error,
	.ban_status = 403,
	.default_budget = bybit_budget,
};
