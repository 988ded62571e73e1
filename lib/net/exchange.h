/* exchange: the adapters of the exchanges, one per file, and the registry
 * that finds them by name (exchange.c), with the helpers their parsers
 * share. An adapter owns everything cb knows of one exchange's REST API:
 * base URLs and their environment variables, what it serves (its
 * capabilities), klines, exchangeInfo with the symbol filters, open
 * interest, funding rates, 24h tickers, error and ban bodies, the
 * rate-limit header and request signing: binance.c, bybit.c, mexc.c, and the simulated market
 * (simmarket.c), which is generated, not fetched. A tool asks an adapter
 * what it can do and never compares an exchange's name. Adapters are
 * static and read-only; a member an adapter lacks is NULL (or 0). The
 * adapters' parsers share the helpers of rows.h; the registry depends on
 * the adapters, they on rows.c, and nothing back. */
#ifndef CB_EXCHANGE_H
#define CB_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "candle.h"
#include "funding.h"
#include "oi.h"
#include "symbolinfo.h"
#include "ticker.h"

/* What an adapter serves: cb-fetch's commands, and --universe. */
enum {
	EXCHANGE_KLINES = 1 << 0,
	EXCHANGE_OI = 1 << 1,        /* open interest history (futures) */
	EXCHANGE_SYMBOLS = 1 << 2,   /* symbols with their filters */
	EXCHANGE_TICKER = 1 << 3,    /* 24h tickers */
	EXCHANGE_IMPORT = 1 << 4,    /* its public data files */
	EXCHANGE_PUMPS = 1 << 5,     /* labels of injected pumps (generated) */
	EXCHANGE_UNIVERSE = 1 << 6,  /* every trading USDT symbol, from exchangeInfo */
	EXCHANGE_FUNDING = 1 << 7    /* funding rate history (futures) */
};

/* The markets of an adapter. */
enum { EXCHANGE_FUTURES = 1, EXCHANGE_SPOT = 2 };

struct exchange {
	const char *name;              /* "binance", "bybit", "mexc", "sim" */
	const char *title;             /* for messages: "Binance" */
	unsigned serves;               /* EXCHANGE_KLINES | ... */
	unsigned markets;              /* EXCHANGE_FUTURES | EXCHANGE_SPOT */
	/* 1: a generated market (the simulated one): no request is made, the
	 * records are computed, and the members below that make or read
	 * requests are NULL. */
	int generated;
	/* The base URL of a market ("futures" or "spot"), from the exchange's
	 * environment variable when set; NULL if the exchange lacks the market. */
	const char *(*base_url)(const char *market);

	/* ---- klines ---- */
	/* Append the URL of a klines request for the candles of symbol at iv
	 * opening in [from, to], at most limit of them, to url. Returns 0, or
	 * -1 (url unchanged) if the exchange has no such interval. */
	int (*klines_url)(struct buf *url, const char *market, const char *symbol,
			  const struct interval *iv, int64_t from, int64_t to, int limit);
	/* The most rows one klines request may ask for. */
	int (*klines_max)(const char *market);
	/* The weight of a klines request for limit rows, for the budget. */
	int (*klines_weight)(const char *market, int limit);
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
	/* 1: a request whose window holds more than limit rows may answer the
	 * NEWEST limit rows, so windows are cut to one page each; 0: it
	 * answers the oldest (Binance), so the next page starts after the last
	 * row received. */
	int end_anchored;

	/* ---- exchangeInfo: symbols and their filters ---- */
	/* Append the URL of the market's symbol list to url and return the
	 * request's weight, or -1 (url unchanged) if there is none. */
	int (*symbols_url)(struct buf *url, const char *market);
	/* Parse a 200 answer of that request: every listed symbol into a new
	 * array *out (the caller frees it) in the answer's order, exchange and
	 * market set, a filter the symbol lacks NaN. Returns how many, or -1
	 * with a message in err for a malformed answer (*out NULL). */
	long (*parse_symbols)(const char *body, size_t len, const char *market,
			      struct symbol_info **out, char *err, size_t errlen);

	/* ---- open interest (futures) ---- */
	/* Append the URL of a request for symbol's open interest records of
	 * period in [from, to] to url. A page holds at most oi_max rows, the
	 * NEWEST of the window; history reaches back oi_history_ms only (0: no
	 * limit). */
	void (*oi_url)(struct buf *url, const char *symbol, const char *period,
		       int64_t from, int64_t to);
	int oi_max;
	int64_t oi_history_ms;
	/* Append the records of a 200 answer to *out (grown with realloc; *n
	 * counts) with symbol and period set, in the answer's order. Returns
	 * the number of rows, or -1 (nothing appended) if malformed. */
	long (*parse_oi)(const char *body, size_t len, const char *symbol, const char *period,
			 struct oi **out, size_t *n, size_t *cap);

	/* ---- funding rate history (futures) ---- */
	/* Append the URL of a request for symbol's funding records with time
	 * in [from, to] to url and return the request's weight. A page holds
	 * at most funding_max rows, the OLDEST of the window, ascending, so
	 * the next page starts after the last row received. */
	int (*funding_url)(struct buf *url, const char *symbol, int64_t from, int64_t to);
	int funding_max;
	/* Append the records of a 200 answer to *out (grown with realloc; *n
	 * counts) with exchange and symbol set (a missing or empty mark price
	 * NaN), in the answer's order. Returns the number of rows, or -1
	 * (nothing appended) if malformed. */
	long (*parse_funding)(const char *body, size_t len, const char *symbol,
			      struct funding **out, size_t *n, size_t *cap);

	/* ---- 24h tickers ---- */
	/* Append the URL of the market's 24h tickers to url; return the weight. */
	int (*ticker_url)(struct buf *url, const char *market);
	/* Parse a 200 answer: every ticker into a new array *out (the caller
	 * frees it). Returns how many, or -1 (*out NULL) if malformed. */
	long (*parse_tickers)(const char *body, size_t len, const char *market,
			      struct ticker **out);

	/* ---- errors, bans, rate limits ---- */
	/* If body (a non-200 answer) is an error of the exchange, return 1 with
	 * its code and message (msg: cap bytes, NUL-terminated); else 0. */
	int (*error)(const char *body, size_t len, long *code, char *msg, size_t cap);
	/* An HTTP status besides 418 by which the exchange says this IP is
	 * banned for a while (Bybit: 403), or 0. */
	int ban_status;
	/* The end of a ban (epoch ms) its answer's body names, or 0. */
	int64_t (*ban_until)(const char *body, size_t len);
	const char *weight_header;     /* the used-weight header, or NULL */
	/* The default budget of weight per minute: half the exchange's limit. */
	int (*default_budget)(const char *market);

	/* ---- signing ---- */
	/* Make query (the parameters of a private request, "a=1&b=2", or
	 * empty) signed: append timestamp (epoch ms), recvWindow (ms; 0
	 * leaves it out) and, last, the signature of the whole with secret.
	 * The secret goes nowhere else. Returns 0, or -1 (query unchanged). */
	int (*sign_query)(struct buf *query, const char *secret, int64_t timestamp,
			  long recv_window);
};

/* The adapter of the exchange named name, or NULL if there is none. */
const struct exchange *exchange_find(const char *name);
/* The names of every adapter, "binance, bybit, mexc or sim". */
const char *exchange_names(void);

/* The adapters, for exchange_find. */
extern const struct exchange exchange_binance, exchange_bybit, exchange_mexc, exchange_sim;

#endif
