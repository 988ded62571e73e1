/* store/candles: cb-fetch's market data in the store: candles and the ranges
 * known complete (coverage), open interest (oi) and symbols' trading rules
 * (symbols). Every function returns -1 after printing an error that names
 * the store. */
#ifndef CB_STORE_CANDLES_H
#define CB_STORE_CANDLES_H

#include <stdint.h>

#include "candle.h"
#include "oi.h"
#include "symbolinfo.h"
#include "store/store.h"

/* Insert or replace a candle by its key (exchange, market, symbol, interval,
 * open_time). A closed candle is never replaced by a forming one. Returns 0
 * or -1. */
int store_put_candle(struct store *s, const struct candle *c);

/* The range of open times [*from, *to] known to be complete (every closed
 * candle the exchange had in it is stored) for a series. Returns 1 and
 * fills them, 0 if nothing is recorded, -1 on error. */
int store_get_coverage(struct store *s, const char *exchange, const char *market,
		       const char *symbol, const char *interval, int64_t *from, int64_t *to);

/* Record [from, to] as the complete range of a series (replacing what was
 * there). Call inside the transaction that stored its candles. 0 or -1. */
int store_set_coverage(struct store *s, const char *exchange, const char *market,
		       const char *symbol, const char *interval, int64_t from, int64_t to);

/* Call fn for each stored candle of the series of exchange, market and
 * interval whose symbol is one of symbols[0..n) and whose open_time is in
 * [from, to], ordered by open_time then symbol. The candle is valid during
 * the call. Returns 0 or -1. */
int store_each_candle(struct store *s, const char *exchange, const char *market,
		      const char *interval, char *const *symbols, int n, int64_t from,
		      int64_t to, void (*fn)(void *ctx, const struct candle *c), void *ctx);

/* The number of stored candles into *n. 0 or -1. */
int store_candle_count(struct store *s, int64_t *n);

/* The open time of the newest candle of the series opening at or before
 * until, a closed one if closed_only, into *t. Returns 1, 0 if the store
 * has none, or -1 after printing an error. */
int store_newest_candle(struct store *s, const char *exchange, const char *market,
			const char *symbol, const char *interval, int64_t until, int closed_only,
			int64_t *t);

/* Call fn for each series of the candles table with its number of candles
 * and newest candle (open and close time), by exchange, market, symbol,
 * interval. The strings are valid during the call. 0 or -1. */
int store_series_each(struct store *s,
		      void (*fn)(void *ctx, const char *exchange, const char *market,
				 const char *symbol, const char *interval, int64_t candles,
				 int64_t newest_open, int64_t newest_close),
		      void *ctx);

/* Insert or replace an open-interest row; a symbol's trading rules. 0 or -1. */
int store_put_oi(struct store *s, const struct oi *o);
int store_put_symbol(struct store *s, const struct symbol_info *si, int64_t updated_at);

/* The oldest and newest stored open-interest times of a symbol and period:
 * 1 and *from, *to; 0 if none; -1 on error. */
int store_oi_range(struct store *s, const char *exchange, const char *symbol,
		   const char *period, int64_t *from, int64_t *to);

/* Call fn for each stored oi row of period whose symbol is one of
 * symbols[0..n) and time is in [from, to], by time then symbol. 0 or -1. */
int store_each_oi(struct store *s, const char *exchange, const char *period,
		  char *const *symbols, int n, int64_t from, int64_t to,
		  void (*fn)(void *ctx, const struct oi *o), void *ctx);

#endif
