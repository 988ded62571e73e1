/* binance: the Binance adapter (exchange.h), USD-M futures (fapi) and spot
 * (api/v3). Candles: GET /fapi/v1/klines or /api/v3/klines, ascending
 * 12-element rows with string prices, a page holding the oldest rows of
 * its window, at most 1500 (futures) or 1000 (spot) a request. Symbols:
 * exchangeInfo, whose PRICE_FILTER, LOT_SIZE and MIN_NOTIONAL (futures:
 * "notional") or NOTIONAL (spot: "minNotional") filters give tick size,
 * step size, min qty and min notional. Open interest:
 * /futures/data/openInterestHist, 30 days of history, at most 500 rows a
 * request, the newest of the window. Funding: /fapi/v1/fundingRate, at
 * most 1000 rows a request, the oldest of the window, ascending, rate and
 * mark price as strings (the mark price "" on old rows). Errors are {"code":...,"msg":...};
 * HTTP 418 is a ban whose message says "banned until MS". The IP's
 * request weight used in the current minute comes back in
 * X-MBX-USED-WEIGHT-1M (limit 2400 futures, 6000 spot). Private requests
 * are signed with hex HMAC-SHA256 of the query string. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange.h"
#include "rows.h"
#include "num.h"
#include "sign.h"
#include "xalloc.h"

static const char *binance_base_url(const char *market)
{
	const char *env;

	if (!strcmp(market, "futures")) {
		env = getenv("CB_BINANCE_FUTURES_URL");
		return env && *env ? env : "https://fapi.binance.com";
	}
	if (!strcmp(market, "spot")) {
		env = getenv("CB_BINANCE_SPOT_URL");
		return env && *env ? env : "https://api.binance.com";
	}
	return NULL;
}

static int binance_klines_max(const char *market)
{
	return strcmp(market, "spot") ? 1500 : 1000;
}

static int binance_klines_weight(const char *market, int limit)
{
	if (!strcmp(market, "spot"))
		return 2;
	if (limit < 100)
		return 1;
	if (limit < 500)
		return 2;
	if (limit <= 1000)
		return 5;
	return 10;
}

/* A row of Binance's klines: open time, OHLCV, close time, quote volume,
 * trades, taker buy volume and quote volume, and one ignored column. */
static int binance_row(const void *row, struct candle *c)
{
	const json_t *r = row;

	if (json_array_size(r) < 11 || exchange_row_ohlcv(r, c) ||
	    exchange_row_int(json_array_get(r, 6), &c->close_time) ||
	    exchange_row_num(json_array_get(r, 7), &c->quote_volume) ||
	    exchange_row_int(json_array_get(r, 8), &c->trades) ||
	    exchange_row_num(json_array_get(r, 9), &c->taker_buy_volume) ||
	    exchange_row_num(json_array_get(r, 10), &c->taker_buy_quote_volume))
		return -1;
	return c->close_time < c->open_time;
}

static const struct kline_rows binance_rows = {
	"binance", CANDLE_QUOTE_VOLUME | CANDLE_TRADES | CANDLE_TAKER_BUY_VOLUME |
	CANDLE_TAKER_BUY_QUOTE_VOLUME, binance_row, NULL
};

static long binance_parse_klines(const char *body, size_t len, const char *market,
				 const char *symbol, const struct interval *iv, int64_t as_of,
				 struct candle **out, size_t *n, size_t *cap, char *err,
				 size_t errlen)
{
	return exchange_parse_rows(&binance_rows, body, len, market, symbol, iv, as_of, out, n,
				   cap, err, errlen);
}

static int binance_klines_url(struct buf *url, const char *market, const char *symbol,
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

/* Half of 2400 (futures) and 6000 (spot) a minute. */
static int binance_budget(const char *market)
{
	return !strcmp(market, "spot") ? 3000 : 1200;
}

static int binance_symbols_url(struct buf *url, const char *market)
{
	int spot = !strcmp(market, "spot");

	buf_adds(url, binance_base_url(market));
	buf_adds(url, spot ? "/api/v3/exchangeInfo" : "/fapi/v1/exchangeInfo");
	return spot ? 20 : 1;
}

/* A member's decimal, 0 when absent (as the exchange leaves it out). */
static double num0(json_t *o, const char *key)
{
	double d = exchange_member_num(o, key);

	return isnan(d) ? 0 : d;
}

/* The filters of one exchangeInfo symbol into si. */
static void symbol_filters(json_t *s, struct symbol_info *si)
{
	json_t *flt;
	size_t k;

	si->tick_size = si->step_size = si->min_qty = si->min_notional = NAN;
	json_array_foreach(json_object_get(s, "filters"), k, flt) {
		const char *t = json_string_value(json_object_get(flt, "filterType"));

		if (!t)
			continue;
		if (!strcmp(t, "PRICE_FILTER")) {
			si->tick_size = num0(flt, "tickSize");
		} else if (!strcmp(t, "LOT_SIZE")) {
			si->step_size = num0(flt, "stepSize");
			si->min_qty = num0(flt, "minQty");
		} else if (!strcmp(t, "MIN_NOTIONAL")) {
			/* futures: "notional"; older spot answers: "minNotional" */
			si->min_notional = json_object_get(flt, "notional") ? num0(flt, "notional")
									  : num0(flt, "minNotional");
		} else if (!strcmp(t, "NOTIONAL")) {
			si->min_notional = num0(flt, "minNotional");
		}
	}
}

static long binance_parse_symbols(const char *body, size_t len, const char *market,
				  struct symbol_info **out, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *j = json_loadb(body, len, 0, &jerr), *list, *s, *onboard;
	size_t i;

	*out = NULL;
	if (!j) {
		snprintf(err, errlen, "malformed answer: %s at byte %d", jerr.text, jerr.position);
		return -1;
	}
	list = json_object_get(j, "symbols");
	if (!json_is_array(list)) {
		snprintf(err, errlen, "malformed answer: no symbols list");
		json_decref(j);
		return -1;
	}
	*out = xcalloc(json_array_size(list) + 1, sizeof **out);
	json_array_foreach(list, i, s) {
		struct symbol_info *si = &(*out)[i];

		snprintf(si->exchange, sizeof si->exchange, "binance");
		snprintf(si->market, sizeof si->market, "%s", market);
		exchange_member_str(s, "symbol", si->symbol, sizeof si->symbol);
		exchange_member_str(s, "status", si->status, sizeof si->status);
		exchange_member_str(s, "baseAsset", si->base_asset, sizeof si->base_asset);
		exchange_member_str(s, "quoteAsset", si->quote_asset, sizeof si->quote_asset);
		exchange_member_str(s, "contractType", si->contract_type, sizeof si->contract_type);
		onboard = json_object_get(s, "onboardDate");
		if (json_is_integer(onboard))
			si->onboard_date = json_integer_value(onboard);
		symbol_filters(s, si);
	}
	json_decref(j);
	return (long)i;
}

static void binance_oi_url(struct buf *url, const char *symbol, const char *period,
			   int64_t from, int64_t to)
{
	char q[256];

	buf_adds(url, binance_base_url("futures"));
	snprintf(q, sizeof q, "/futures/data/openInterestHist?symbol=%s&period=%s"
		 "&startTime=%lld&endTime=%lld&limit=500", symbol, period, (long long)from,
		 (long long)to);
	buf_adds(url, q);
}

static long binance_parse_oi(const char *body, size_t len, const char *symbol,
			     const char *period, struct oi **out, size_t *n, size_t *cap)
{
	json_t *list = json_loadb(body, len, 0, NULL), *row;
	size_t i, start = *n;

	if (!json_is_array(list)) {
		json_decref(list);
		return -1;
	}
	json_array_foreach(list, i, row) {
		struct oi *o;
		json_t *ts = json_object_get(row, "timestamp");
		int64_t t = 0;

		/* Binance's examples show the timestamp both as a number and as
		 * a string of digits: take either. */
		if (json_is_string(ts))
			num_parse_int(json_string_value(ts), json_string_length(ts), &t);
		else if (json_is_integer(ts))
			t = json_integer_value(ts);
		if (t <= 0) {
			*n = start;
			json_decref(list);
			return -1;
		}
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 1024;
			*out = xreallocarray(*out, *cap, sizeof **out);
		}
		o = &(*out)[(*n)++];
		memset(o, 0, sizeof *o);
		snprintf(o->exchange, sizeof o->exchange, "binance");
		snprintf(o->symbol, sizeof o->symbol, "%s", symbol);
		snprintf(o->period, sizeof o->period, "%s", period);
		o->time = t;
		o->open_interest = num0(row, "sumOpenInterest");
		o->open_interest_value = num0(row, "sumOpenInterestValue");
	}
	json_decref(list);
	return (long)(*n - start);
}

/* fundingRate shares a limit of 500 requests per 5 minutes per IP with
 * fundingInfo; against the minute's weight budget it counts 1. */
static int binance_funding_url(struct buf *url, const char *symbol, int64_t from, int64_t to)
{
	char q[256];

	buf_adds(url, binance_base_url("futures"));
	snprintf(q, sizeof q, "/fapi/v1/fundingRate?symbol=%s&startTime=%lld&endTime=%lld"
		 "&limit=1000", symbol, (long long)from, (long long)to);
	buf_adds(url, q);
	return 1;
}

static long binance_parse_funding(const char *body, size_t len, const char *symbol,
				  struct funding **out, size_t *n, size_t *cap)
{
	json_t *list = json_loadb(body, len, 0, NULL), *row;
	size_t i, start = *n;

	if (!json_is_array(list)) {
		json_decref(list);
		return -1;
	}
	json_array_foreach(list, i, row) {
		struct funding *fr;
		int64_t t = 0;
		double rate;

		if (exchange_row_int(json_object_get(row, "fundingTime"), &t) < 0 || t <= 0 ||
		    isnan(rate = exchange_member_num(row, "fundingRate"))) {
			*n = start;
			json_decref(list);
			return -1;
		}
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 1024;
			*out = xreallocarray(*out, *cap, sizeof **out);
		}
		fr = &(*out)[(*n)++];
		memset(fr, 0, sizeof *fr);
		snprintf(fr->exchange, sizeof fr->exchange, "binance");
		snprintf(fr->symbol, sizeof fr->symbol, "%s", symbol);
		fr->time = t;
		fr->rate = rate;
		fr->mark_price = exchange_member_num(row, "markPrice");
	}
	json_decref(list);
	return (long)(*n - start);
}

static int binance_ticker_url(struct buf *url, const char *market)
{
	int spot = !strcmp(market, "spot");

	buf_adds(url, binance_base_url(market));
	buf_adds(url, spot ? "/api/v3/ticker/24hr" : "/fapi/v1/ticker/24hr");
	return spot ? 80 : 40;
}

static long binance_parse_tickers(const char *body, size_t len, const char *market,
				  struct ticker **out)
{
	json_t *list = json_loadb(body, len, 0, NULL), *t;
	size_t i;

	*out = NULL;
	if (!json_is_array(list)) {
		json_decref(list);
		return -1;
	}
	*out = xcalloc(json_array_size(list) + 1, sizeof **out);
	json_array_foreach(list, i, t) {
		struct ticker *k = &(*out)[i];

		exchange_member_str(t, "symbol", k->symbol, sizeof k->symbol);
		snprintf(k->exchange, sizeof k->exchange, "binance");
		snprintf(k->market, sizeof k->market, "%s", market);
		k->open_time = json_integer_value(json_object_get(t, "openTime"));
		k->close_time = json_integer_value(json_object_get(t, "closeTime"));
		k->open_price = num0(t, "openPrice");
		k->high_price = num0(t, "highPrice");
		k->low_price = num0(t, "lowPrice");
		k->last_price = num0(t, "lastPrice");
		k->price_change = num0(t, "priceChange");
		k->price_change_pct = num0(t, "priceChangePercent");
		k->weighted_avg_price = num0(t, "weightedAvgPrice");
		k->volume = num0(t, "volume");
		k->quote_volume = num0(t, "quoteVolume");
		k->trades = json_integer_value(json_object_get(t, "count"));
	}
	json_decref(list);
	return (long)i;
}

/* "banned until 1746057600000" in the message of a 418 (or 429) body. */
static int64_t binance_ban_until(const char *body, size_t len)
{
	static const char key[] = "banned until ";
	char tmp[512];
	size_t n = len < sizeof tmp - 1 ? len : sizeof tmp - 1;
	char *p;

	memcpy(tmp, body ? body : "", body ? n : 0);
	tmp[body ? n : 0] = '\0';
	p = strstr(tmp, key);
	return p ? strtoll(p + sizeof key - 1, NULL, 10) : 0;
}

/* SIGNED endpoints: signature = hex HMAC-SHA256 of the whole query
 * (totalParams), sent as the last parameter. */
static int binance_sign_query(struct buf *query, const char *secret, int64_t timestamp,
			      long recv_window)
{
	char tail[96], hex[SIGN_HEX_MAX];
	size_t old = query->len;

	if (recv_window > 0)
		snprintf(tail, sizeof tail, "%srecvWindow=%ld&timestamp=%lld", old ? "&" : "",
			 recv_window, (long long)timestamp);
	else
		snprintf(tail, sizeof tail, "%stimestamp=%lld", old ? "&" : "", (long long)timestamp);
	buf_adds(query, tail);
	if (sign_hmac_sha256_hex(secret, query->p, query->len, hex) < 0) {
		query->len = old;
		return -1;
	}
	buf_adds(query, "&signature=");
	buf_adds(query, hex);
	return 0;
}

const struct exchange exchange_binance = {
	.name = "binance",
	.title = "Binance",
	.serves = EXCHANGE_KLINES | EXCHANGE_OI | EXCHANGE_SYMBOLS | EXCHANGE_TICKER |
		  EXCHANGE_IMPORT | EXCHANGE_UNIVERSE | EXCHANGE_FUNDING,
	.markets = EXCHANGE_FUTURES | EXCHANGE_SPOT,
	.base_url = binance_base_url,
	.klines_url = binance_klines_url,
	.klines_max = binance_klines_max,
	.klines_weight = binance_klines_weight,
	.parse_klines = binance_parse_klines,
	.symbols_url = binance_symbols_url,
	.parse_symbols = binance_parse_symbols,
	.oi_url = binance_oi_url,
	.oi_max = 500,
	.oi_history_ms = 30LL * 24 * 3600 * 1000,
	.parse_oi = binance_parse_oi,
	.funding_url = binance_funding_url,
	.funding_max = 1000,
	.parse_funding = binance_parse_funding,
	.ticker_url = binance_ticker_url,
	.parse_tickers = binance_parse_tickers,
	.error = exchange_code_msg,
	.ban_until = binance_ban_until,
	.weight_header = "X-MBX-USED-WEIGHT-1M",
	.default_budget = binance_budget,
	.sign_query = binance_sign_query,
};
