/* market: the fake exchange's symbols and their deterministic candles.
 *
 * Every symbol has "base" 4h candles: read from a CSV file, or made by a
 * seeded model (synthetic symbols, and CSV symbols after the file's last
 * row). Every other interval is computed from them through a per-4h-candle
 * path of 240 one-minute points that starts at the open, ends at the close
 * and touches the high and the low; the volume is spread over the minutes
 * by fixed weights. So a 1h candle is a quarter of a 4h path, a 1d candle
 * the sum of six 4h candles, and a forming candle the part of the path up
 * to "now": all consistent with each other, and the same on every call.
 * All times are epoch milliseconds. The market owns all its memory. */
#ifndef FAKE_MARKET_H
#define FAKE_MARKET_H

#include <stddef.h>
#include <stdint.h>

#include "interval.h"

#define H4_MS (4 * 3600 * 1000LL)
#define SYM_MAX 32
#define NO_END INT64_MAX

struct symbol {
	char name[SYM_MAX];    /* futures symbol, e.g. 1000PEPEUSDT */
	char spot[SYM_MAX];    /* its spot symbol (PEPEUSDT), "" if not on spot */
	char pair[SYM_MAX];    /* the pair: BTCUSDT for BTCUSDT_260626 */
	char base[SYM_MAX];    /* base asset */
	char quote[8];         /* quote and margin asset: USDT, BUSD */
	const char *contract;  /* contractType: PERPETUAL, CURRENT_QUARTER */
	const char *status;    /* TRADING, SETTLING */
	int64_t delivery;      /* deliveryDate */
	int64_t start;         /* first 4h open time: onboardDate */
	int64_t end;           /* no candle opens at or after this (NO_END) */
	int pd, vd, qd;        /* decimals of prices, quantities and quote amounts */
	uint64_t seed;
	/* CSV rows: open times (ascending, 4h-aligned) and o, h, l, c, v */
	size_t n;
	int64_t *t;
	double (*row)[5];
	/* the model after the rows: price p0 at time anchor, volume scale v0 */
	double p0, v0;
	int64_t anchor;
	double lanchor;        /* log-noise at anchor */
	double trade_size;     /* average quote amount of one trade */
	double oi0;            /* open interest scale, in base units */
};

struct market {
	struct symbol *sym;
	size_t n, cap;
	uint64_t seed;
	struct strmap *fut, *spot;   /* name -> index + 1 (size_t) */
};

/* Values of a candle or of any stretch of time. trades is fractional until
 * it is rounded for output. */
struct ohlcv {
	double open, high, low, close;
	double volume, quote, trades, taker_base, taker_quote;
};

/* An empty market whose models use seed. */
void market_init(struct market *m, uint64_t seed);
/* Add a symbol for every DIR/SYMBOL-4h.csv (sorted by name). Dies on an
 * unreadable directory or a malformed file, naming file and line. */
void market_load_dir(struct market *m, const char *dir);
/* Add n synthetic symbols S0000USDT, S0001USDT, ... from 2025-01-01. */
void market_add_synthetic(struct market *m, int n);
/* Add the contracts a universe filter must drop: BTCUSDT_260626
 * (CURRENT_QUARTER), ETHBUSD (BUSD-quoted), OLDUSDT (SETTLING). */
void market_add_specials(struct market *m);
/* Make the name maps. Every perpetual USDT symbol is also on spot (a
 * 1000PEPEUSDT as PEPEUSDT), except those named in nospot (comma list of
 * futures or spot names, may be NULL). Call once, after adding. */
void market_finish(struct market *m, const char *nospot);
/* The symbol named name on the futures (spot 0) or spot market, or NULL. */
const struct symbol *market_find(const struct market *m, const char *name, int spot);
/* Free everything; the market must be initialized again before reuse. */
void market_release(struct market *m);

/* Aggregate the symbol's trading in [t0, t1) into *out (t0 <= t1; t0 == t1
 * gives the price at t0 and no volume). Returns 0 if the symbol has no
 * candle data anywhere in the range. */
int sym_range(const struct symbol *s, int64_t t0, int64_t t1, struct ohlcv *out);
/* The price at time t; returns 0 if there is no data at t. */
int sym_price_at(const struct symbol *s, int64_t t, double *price);
/* Open interest (base units) at time t. */
double sym_open_interest(const struct symbol *s, int64_t t);

/* Interval arithmetic on open times: the open of the candle containing t,
 * and the open of the next candle. 1w candles start on Monday, 1M on the
 * first of the month (UTC); the others are aligned to the epoch. */
int64_t iv_floor(const struct interval *iv, int64_t t);
int64_t iv_next(const struct interval *iv, int64_t open);
int64_t iv_prev(const struct interval *iv, int64_t open);

#endif
