#include "binance.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange.h"
#include "num.h"
#include "xalloc.h"

const char *binance_base_url(const char *market)
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

int binance_klines_max(const char *market)
{
	return strcmp(market, "spot") ? 1500 : 1000;
}

int binance_klines_weight(const char *market, int limit)
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

int binance_error(const char *body, size_t len, long *code, char *msg, size_t cap)
{
	json_t *j = json_loadb(body, len, 0, NULL), *c, *m;
	int found = 0;

	if (j && json_is_object(j) && (c = json_object_get(j, "code")) && json_is_integer(c)) {
		m = json_object_get(j, "msg");
		*code = (long)json_integer_value(c);
		snprintf(msg, cap, "%s", json_is_string(m) ? json_string_value(m) : "");
		found = 1;
	}
	json_decref(j);
	return found;
}

long binance_parse_klines(const char *body, size_t len, const char *market,
			  const char *symbol, const struct interval *iv, int64_t as_of,
			  struct candle **out, size_t *n, size_t *cap, char *err,
			  size_t errlen)
{
	json_error_t jerr;
	json_t *j = json_loadb(body, len, 0, &jerr), *row;
	size_t i, start = *n;

	if (!j) {
		snprintf(err, errlen, "malformed answer: %s at byte %d", jerr.text, jerr.position);
		return -1;
	}
	if (!json_is_array(j)) {
		snprintf(err, errlen, "malformed answer: not an array of rows");
		goto bad;
	}
	json_array_foreach(j, i, row) {
		struct candle *c;
		int64_t trades;

		c = exchange_slot(out, n, cap);
		if (!json_is_array(row) || json_array_size(row) < 11 ||
		    exchange_row_ohlcv(row, c) ||
		    exchange_row_int(json_array_get(row, 6), &c->close_time) ||
		    exchange_row_num(json_array_get(row, 7), &c->quote_volume) ||
		    exchange_row_int(json_array_get(row, 8), &trades) ||
		    exchange_row_num(json_array_get(row, 9), &c->taker_buy_volume) ||
		    exchange_row_num(json_array_get(row, 10), &c->taker_buy_quote_volume)) {
			snprintf(err, errlen, "malformed answer: row %zu is not a kline", i + 1);
			goto bad;
		}
		if (c->high < c->low || c->close_time < c->open_time ||
		    (c > *out + start && c->open_time <= c[-1].open_time)) {
			snprintf(err, errlen, "malformed answer: row %zu is inconsistent", i + 1);
			goto bad;
		}
		c->trades = trades;
		exchange_fill(c, "binance", market, symbol, iv, as_of,
			      CANDLE_QUOTE_VOLUME | CANDLE_TRADES | CANDLE_TAKER_BUY_VOLUME |
			      CANDLE_TAKER_BUY_QUOTE_VOLUME);
	}
	json_decref(j);
	return (long)(*n - start);
bad:
	*n = start;
	json_decref(j);
	return -1;
}
