/* cb-fetch: what its commands share: the options (struct fetch), the HTTP
 * client and its error reports (client.c), the universe of symbols and
 * exchangeInfo (universe.c), the trust rules of a page of rows (page.c),
 * and the commands: klines.c, marketdata.c
 * (symbols, ticker, oi), funding.c, import.c, and sim.c (the generated
 * market's klines, oi, funding, symbols and pumps). */
#ifndef CB_FETCH_H
#define CB_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "net/exchange.h"
#include "net/http.h"
#include "funding.h"
#include "interval.h"
#include "oi.h"
#include "symbolinfo.h"
#include "store/candles.h"

struct fetch {
	const char *exchange;       /* the adapter's name: "binance", "bybit", "mexc", "sim" */
	const struct exchange *ex;  /* its adapter */
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

/* client.c */
/* A new HTTP client for the exchange, with the options' jobs and budget and
 * the adapter's weight header and ban rules. */
struct http_client *fetch_http(const struct fetch *f);
/* GET url (one request of weight) and hand the body of its 200 answer to
 * parse, which returns 0, or -1 if the body is malformed (the request is
 * then tried again, and reported after the last try). Returns 0, or -1
 * after reporting the failure (what names it in messages). */
int fetch_one(struct fetch *f, const char *what, const char *url, int weight,
	      int (*parse)(void *ctx, const char *body, size_t len), void *ctx);
/* Report a failed request for symbol: the exchange's error body, the HTTP
 * status or the transport error; counts the symbol as failed. */
void fetch_report(struct fetch *f, const char *symbol, const struct http_result *r);
/* Report each --symbols name missing from items[0..n) (elements of size
 * bytes with the symbol at offset off) with why; counts them as failed. */
void fetch_report_unlisted(struct fetch *f, const void *items, size_t n, size_t size,
			   size_t off, const char *why);
/* Report that the exchange banned this IP (HTTP 418), with until when. */
void fetch_report_ban(const struct http_client *h);

/* universe.c */
/* The market's symbols with their filters, from the adapter's exchangeInfo:
 * a new array in *out (the caller frees it). Returns how many, or -1
 * (fatal, reported). */
long fetch_symbols(struct fetch *f, struct symbol_info **out);
/* Resolve --universe into f->symbols from exchangeInfo. Returns 0 or -1
 * (fatal, reported). */
int fetch_universe(struct fetch *f);
/* 1 if a symbol belongs to --universe: trading, quoted in USDT and, on
 * futures, a perpetual contract. */
int fetch_in_universe(const char *status, const char *quote, const char *contract_type, int spot);

/* page.c */
/* The rows of one page of an answer: n elements of size bytes, each with
 * its time (int64_t, epoch ms) at offset time_off, named time_name in
 * messages ("open_time"); check, if not NULL, is a rule of the record type
 * for one row at interval iv: why the row breaks it, or NULL. */
struct page_rows {
	const void *rows;
	size_t n, size, time_off;
	const char *time_name;
	const char *(*check)(const void *row, const struct interval *iv);
};
/* 1 if the rows of a page are not what the request for the window [from,
 * to] of interval iv asked for, with why in err ("malformed answer: row 3
 * (open_time T) is off the interval's grid (window FROM .. TO)"): each row
 * must open inside the window, on the interval's grid (unless iv is NULL:
 * rows of no grid), pass check, and come after the row before it. Else 0. A server that ignores the window
 * would otherwise be asked for the same page forever, and rows off the
 * grid make series that never line up. */
int fetch_page_problem(const struct page_rows *p, const struct interval *iv, int64_t from,
		       int64_t to, char *err, size_t errlen);

/* The verdict on a 200 answer of rows for symbol: rows < 0 (the adapter
 * found it malformed) or a problem (the text of fetch_page_problem, else
 * NULL) asks for the request again while tries are left, then reports it
 * and counts the symbol as failed. Returns HTTP_RETRY, HTTP_DONE (after the
 * report), or 0 when the page is good. */
int fetch_page_verdict(struct fetch *f, const char *symbol, const struct http_result *r,
		       long rows, const char *problem);

/* The commands; each returns the exit status. */
int cmd_klines(struct fetch *f);       /* klines.c */
int cmd_symbols(struct fetch *f);      /* marketdata.c */
int cmd_oi(struct fetch *f);
int cmd_ticker(struct fetch *f);
int cmd_funding(struct fetch *f);      /* funding.c */
int cmd_import(struct fetch *f);       /* import.c */
int cmd_sim_klines(struct fetch *f);   /* sim.c */
int cmd_sim_oi(struct fetch *f);
int cmd_sim_symbols(struct fetch *f);
int cmd_sim_pumps(struct fetch *f);
int cmd_sim_funding(struct fetch *f);

/* Store (with a store) and write the records: symbols all[0..n), in
 * order; oi records all[0..n) with time in [since, until] (with a store,
 * those it holds then), by time then symbol. Return 0, or -1 if the store
 * failed (reported). */
int fetch_symbols_out(struct fetch *f, const struct symbol_info *all, size_t n);
int fetch_oi_out(struct fetch *f, struct oi *all, size_t n, int64_t since, int64_t until);

/* Write funding records all[0..n) (sorted here) with time in [since,
 * until], by time then symbol, a duplicate once; warn for each symbol
 * without one (unless some failed). Funding is kept in no store. */
void fetch_funding_out(struct fetch *f, struct funding *all, size_t n, int64_t since,
		       int64_t until);

/* The period of funding for --last: 8 hours. */
#define FETCH_FUNDING_MS (8 * 3600 * 1000LL)

/* The range of oi (and funding) records asked for: [*since, *until] from --since,
 * --until and --last (period ms), 30 days before now by default. */
void fetch_oi_range(const struct fetch *f, int64_t period, int64_t *since, int64_t *until);

#endif
