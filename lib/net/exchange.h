/* exchange: what cb-fetch needs to know of one exchange's REST API to fetch
 * candles: base URLs, the klines request and its limits, the answer's rows
 * and error bodies. One adapter per exchange (exchange.c for Binance, on
 * top of binance.c; bybit.c; mexc.c); all are static and read-only. */
#ifndef CB_EXCHANGE_H
#define CB_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "candle.h"

struct exchange {
	const char *name;              /* "binance", "bybit", "mexc" */
	/* The base URL of a market ("futures" or "spot"), from the exchange's
	 * environment variable when set; NULL if the exchange lacks the market. */
	const char *(*base_url)(const char *market);
	/* Append the URL of a klines request for the candles of symbol at iv
	 * opening in [from, to], at most limit of them, to url. Returns 0, or
	 * -1 (url unchanged) if the exchange has no such interval. */
	int (*klines_url)(struct buf *url, const char *market, const char *symbol,
			  const struct interval *iv, int64_t from, int64_t to, int limit);
	/* The most rows one klines request may ask for. */
	int (*klines_max)(const char *market);
	/* The weight of a klines request for limit rows, for the budget. */
	int (*klines_weight)(const char *market, int limit);
	/* The default budget of weight per minute: half the exchange's limit. */
	int (*default_budget)(const char *market);
	const char *weight_header;     /* the used-weight header, or NULL */
	/* Parse a 200 answer of a klines request for symbol in market at iv and
	 * append its candles to *out (grown with realloc; *n counts) in
	 * ascending open_time order; a candle whose close_time is not before
	 * as_of is forming. Returns the number of rows; -1 for a malformed
	 * answer (worth a retry) or -2 for an error envelope of the exchange
	 * (final), with "CODE: MESSAGE" in err. Nothing is appended on error. */
	long (*parse_klines)(const char *body, size_t len, const char *market,
			     const char *symbol, const struct interval *iv, int64_t as_of,
			     struct candle **out, size_t *n, size_t *cap, char *err,
			     size_t errlen);
	/* If body (a non-200 answer) is an error of the exchange, return 1 with
	 * its code and message (msg: cap bytes, NUL-terminated); else 0. */
	int (*error)(const char *body, size_t len, long *code, char *msg, size_t cap);
	/* 1: a request whose window holds more than limit rows may answer the
	 * NEWEST limit rows, so windows are cut to one page each; 0: it
	 * answers the oldest (Binance), so the next page starts after the last
	 * row received. */
	int end_anchored;
	/* An HTTP status besides 418 by which the exchange says this IP is
	 * banned for a while (Bybit: 403), or 0. */
	int ban_status;
};

/* The adapter of the exchange named name, or NULL if there is none. */
const struct exchange *exchange_find(const char *name);

/* The adapters, for exchange_find. */
extern const struct exchange exchange_binance, exchange_bybit, exchange_mexc;

/* Helpers for the parsers. A row's decimal (a string or a number) that is
 * not negative into *out: 0, or -1. */
int exchange_row_num(const void *json, double *out);
/* A row's time in ms (an integer, or a string of digits) into *out: 0 or -1. */
int exchange_row_int(const void *json, int64_t *out);
/* Make the candle *c of a parsed row complete: names, interval, close_time
 * from the interval, closed or forming at as_of, has bits. */
/* The first six fields every exchange's kline row starts with: open time,
 * open, high, low, close, volume (numbers or decimal strings) into c.
 * row is a JSON array of at least six elements. Returns 0, or -1 if one
 * is not a non-negative number. */
int exchange_row_ohlcv(const void *row, struct candle *c);

/* A zeroed candle appended to *out (grown with realloc, *n counts, *cap
 * the allocation): the next row of a klines answer. Dies out of memory. */
struct candle *exchange_slot(struct candle **out, size_t *n, size_t *cap);

void exchange_fill(struct candle *c, const char *exchange, const char *market,
		   const char *symbol, const struct interval *iv, int64_t as_of, unsigned has);

#endif
