/* cb-fetch: what its subcommands share. */
#ifndef CB_FETCH_H
#define CB_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "net/http.h"
#include "interval.h"
#include "store/candles.h"

struct fetch {
	const char *exchange;       /* "binance", "bybit", "mexc" or "sim" */
	const char *market;         /* "futures" or "spot" */
	char **symbols;             /* --symbols, or the universe */
	int nsymbols;
	int universe;
	const struct interval *interval;
	const char *period;         /* oi: --period */
	int64_t since, until;
	int have_since, have_until;
	long last;                  /* --last N, 0 if not given */
	int closed_only;
	int offline;
	int jobs;
	int weight_budget;
	long timeout_ms;
	const char *db_path;
	struct store *store;
	int have_store;
	int failed;                 /* symbols that failed */
	int have_interval, have_market;  /* given on the command line */
	const char *symbol;         /* import: --symbol */
	char **files;               /* import: the FILE operands */
	int nfiles;
	uint64_t seed;              /* sim: --seed */
};

/* A new HTTP client for the exchange, with the options' jobs and budget. */
struct http_client *fetch_http(const struct fetch *f);
/* Resolve --universe into f->symbols from exchangeInfo (or the store with
 * --offline). Returns 0 or -1 (fatal, reported). */
int fetch_universe(struct fetch *f);
/* GET one path of the market's base URL and parse the JSON answer; NULL
 * after reporting the failure (what names it in messages). */
struct json_t *fetch_json(struct fetch *f, const char *what, const char *path, int weight);
/* Report a failed request for symbol: the exchange's error body, the HTTP
 * status or the transport error; counts the symbol as failed. */
void fetch_report(struct fetch *f, const char *symbol, const struct http_result *r);

/* 1 if a symbol belongs to --universe: trading, quoted in USDT and, on
 * futures, a perpetual contract. */
int fetch_in_universe(const char *status, const char *quote, const char *contract_type, int spot);
/* Report each --symbols name missing from items[0..n) (elements of size
 * bytes with the symbol at offset off) with why; counts them as failed. */
void fetch_report_unlisted(struct fetch *f, const void *items, size_t n, size_t size,
			   size_t off, const char *why);

/* Report that the exchange banned this IP (HTTP 418), with until when. */
void fetch_report_ban(const struct http_client *h);

int cmd_klines(struct fetch *f);
int cmd_import(struct fetch *f);      /* import.c */
int cmd_sim_klines(struct fetch *f);  /* sim.c */
int cmd_sim_pumps(struct fetch *f);   /* sim.c */
int cmd_symbols(struct fetch *f);
int cmd_oi(struct fetch *f);
int cmd_ticker(struct fetch *f);

#endif
