/* cb-fetch symbols, ticker and oi: an exchange's market data besides
 * candles, through its adapter (net/exchange.h), with the store. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cbtime.h"
#include "fetch.h"
#include "oi.h"
#include "symbolinfo.h"
#include "ticker.h"
#include "msg.h"
#include "out.h"
#include "strmap.h"
#include "xalloc.h"

static int wanted(const struct fetch *f, const char *symbol)
{
	if (!f->nsymbols)
		return 1;
	for (int i = 0; i < f->nsymbols; i++)
		if (!strcmp(f->symbols[i], symbol))
			return 1;
	return 0;
}

static void write_rec(struct buf *b)
{
	out_write(b->p, b->len);
	buf_reset(b);
}

static int cmp_symbol_info(const void *a, const void *b)
{
	return strcmp(((const struct symbol_info *)a)->symbol,
		      ((const struct symbol_info *)b)->symbol);
}

int fetch_symbols_out(struct fetch *f, const struct symbol_info *all, size_t n)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	if (f->have_store) {
		int64_t now = time_now();

		rc = store_begin(f->store) < 0;
		for (size_t i = 0; i < n && !rc; i++)
			rc = store_put_symbol(f->store, &all[i], now) < 0;
		if (!rc)
			rc = store_commit(f->store) < 0;
		if (rc)
			store_rollback(f->store);
	}
	for (size_t i = 0; i < n; i++) {
		symbol_write(&all[i], &b);
		write_rec(&b);
	}
	buf_release(&b);
	return rc;
}

static int cmp_ticker(const void *a, const void *b)
{
	return strcmp(((const struct ticker *)a)->symbol, ((const struct ticker *)b)->symbol);
}

int cmd_symbols(struct fetch *f)
{
	int spot = !strcmp(f->market, "spot");
	struct symbol_info *all;
	long i, got;
	size_t n = 0;
	int rc = 0;

	if (f->offline)
		usage_error("symbols: --offline is not supported; symbols come from the exchange");
	got = fetch_symbols(f, &all);
	if (got < 0)
		return CB_EXIT_FATAL;
	for (i = 0; i < got; i++) {
		const struct symbol_info *si = &all[i];

		if (!candle_symbol_ok(si->symbol) || !wanted(f, si->symbol))
			continue;
		if (f->universe && !fetch_in_universe(si->status, si->quote_asset,
						      si->contract_type, spot))
			continue;
		all[n++] = *si;
	}
	qsort(all, n, sizeof *all, cmp_symbol_info);
	rc = fetch_symbols_out(f, all, n);
	fetch_report_unlisted(f, all, n, sizeof *all, offsetof(struct symbol_info, symbol),
			      "not listed by the exchange");
	free(all);
	return rc ? CB_EXIT_FATAL : f->failed ? CB_EXIT_REJECTED : CB_EXIT_OK;
}

/* Parsing the tickers with the adapter. */
struct tickers {
	const struct fetch *f;
	struct ticker *all;
	long n;
};

static int parse_tickers(void *ctx, const char *body, size_t len)
{
	struct tickers *t = ctx;

	free(t->all);
	t->n = t->f->ex->parse_tickers(body, len, t->f->market, &t->all);
	return t->n < 0 ? -1 : 0;
}

int cmd_ticker(struct fetch *f)
{
	struct tickers t = { f, NULL, -1 };
	struct buf b = BUF_INIT, url = BUF_INIT;
	size_t n = 0;
	int weight, got;

	if (f->offline)
		usage_error("ticker: --offline is not supported; tickers come from the exchange");
	if (f->universe && fetch_universe(f) < 0)
		return CB_EXIT_FATAL;
	weight = f->ex->ticker_url(&url, f->market);
	got = fetch_one(f, "ticker", buf_cstr(&url), weight, parse_tickers, &t);
	buf_release(&url);
	if (got < 0) {
		free(t.all);
		return CB_EXIT_FATAL;
	}
	for (long i = 0; i < t.n; i++)
		if (candle_symbol_ok(t.all[i].symbol) && wanted(f, t.all[i].symbol))
			t.all[n++] = t.all[i];
	qsort(t.all, n, sizeof *t.all, cmp_ticker);
	for (size_t i = 0; i < n; i++) {
		ticker_write(&t.all[i], &b);
		write_rec(&b);
	}
	if (!f->universe)
		fetch_report_unlisted(f, t.all, n, sizeof *t.all, offsetof(struct ticker, symbol),
				      "no ticker from the exchange");
	free(t.all);
	buf_release(&b);
	return f->failed ? CB_EXIT_REJECTED : CB_EXIT_OK;
}

/* Open interest: one paged download per symbol. */
struct oi_job {
	struct fetch *f;
	const char *symbol;
	int64_t from, to;
};

static struct oi *oi_mem;
static size_t oi_n, oi_cap;
static struct http_client *oi_http;

static int oi_page(void *ctx, const struct http_result *r);

static void oi_request(struct oi_job *j)
{
	struct buf url = BUF_INIT;

	j->f->ex->oi_url(&url, j->symbol, j->f->period, j->from, j->to);
	http_get(oi_http, buf_cstr(&url), 0, oi_page, j);
	buf_release(&url);
}

/* 1 if the rows oi_mem[start..oi_n) of j's page are not what was asked
 * for, with why in err: see fetch_page_problem. */
static int oi_page_problem(const struct oi_job *j, size_t start, char *err, size_t errlen)
{
	struct page_rows p = { oi_mem + start, oi_n - start, sizeof *oi_mem,
			       offsetof(struct oi, time), "time", NULL };

	return fetch_page_problem(&p, interval_find(j->f->period), j->from, j->to, err, errlen);
}

static int oi_page(void *ctx, const struct http_result *r)
{
	struct oi_job *j = ctx;
	struct fetch *f = j->f;
	size_t start = oi_n;
	long rows;
	int verdict;
	char err[256];

	if (r->status != 200) {
		fetch_report(f, j->symbol, r);
		return HTTP_DONE;
	}
	rows = f->ex->parse_oi(r->body->p ? r->body->p : "", r->body->len, j->symbol, f->period,
			       &oi_mem, &oi_n, &oi_cap);
	if (rows > 0 && oi_page_problem(j, start, err, sizeof err))
		oi_n = start;
	else
		err[0] = '\0';
	if ((verdict = fetch_page_verdict(f, j->symbol, r, rows, err[0] ? err : NULL)))
		return verdict;
	/* A full page holds the newest rows of the range: ask for the older
	 * part next. Its rows lie in the window, oldest first, so the window
	 * shrinks with every page. */
	if (rows >= f->ex->oi_max && oi_mem[start].time > j->from) {
		j->to = oi_mem[start].time - 1;
		oi_request(j);
	}
	return HTTP_DONE;
}

static int cmp_oi(const void *a, const void *b)
{
	const struct oi *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return strcmp(x->symbol, y->symbol);
}

/* The output of fetch_oi_out: the record buffer, and the symbols written. */
struct oi_out {
	struct buf b;
	struct strmap *written;
};

static void emit_oi(void *ctx, const struct oi *o)
{
	struct oi_out *out = ctx;

	oi_write(o, &out->b);
	write_rec(&out->b);
	strmap_get(out->written, o->symbol, strlen(o->symbol), NULL);
}

void fetch_oi_range(const struct fetch *f, int64_t period, int64_t *since, int64_t *until)
{
	int64_t now = time_now();

	*until = f->have_until ? f->until : now;
	if (f->have_since)
		*since = f->since;
	else if (f->last)
		*since = *until / period * period - (f->last - 1) * period;
	else
		*since = now - 30 * MS_PER_DAY;
}

/* Say once, for each symbol that got no record and did not fail, why. */
static void report_empty_oi(const struct fetch *f, const struct strmap *written, int64_t since,
			    int64_t until)
{
	char a[32], b[32];

	time_format(a, since);
	time_format(b, until);
	for (int i = 0; i < f->nsymbols; i++) {
		const char *sym = f->symbols[i];

		if (strmap_find(written, sym, strlen(sym)))
			continue;
		if (f->offline)
			warn("%s:%s:%s: no open interest from %s to %s in the store '%s'", f->exchange,
			     sym, f->period, a, b, f->db_path);
		else if (!f->failed)
			warn("%s:%s:%s: no open interest from %s to %s (the exchange has none)",
			     f->exchange, sym, f->period, a, b);
	}
}

int fetch_oi_out(struct fetch *f, struct oi *all, size_t n, int64_t since, int64_t until)
{
	struct oi_out out = { BUF_INIT, strmap_new(1) };
	struct buf *b = &out.b;
	int rc = 0;

	if (f->have_store) {
		/* Nothing fetched (--offline): nothing to write. */
		if (n && store_begin(f->store) < 0)
			return -1;
		for (size_t i = 0; i < n; i++)
			if (store_put_oi(f->store, &all[i]) < 0) {
				store_rollback(f->store);
				return -1;
			}
		if ((n && store_commit(f->store) < 0) ||
		    store_each_oi(f->store, f->exchange, f->period, f->symbols, f->nsymbols, since,
				  until, emit_oi, &out) < 0)
			rc = -1;
	} else {
		if (n)
			qsort(all, n, sizeof *all, cmp_oi);
		for (size_t i = 0; i < n; i++)
			if (all[i].time >= since && all[i].time <= until &&
			    (i + 1 == n || cmp_oi(&all[i], &all[i + 1])))
				emit_oi(&out, &all[i]);
	}
	if (!rc)
		report_empty_oi(f, out.written, since, until);
	strmap_free(out.written);
	buf_release(b);
	return rc;
}

int cmd_oi(struct fetch *f)
{
	int64_t now = time_now(), since, until, period = interval_find(f->period)->ms;
	int64_t keep = f->ex->oi_history_ms;
	struct oi_job *jobs;
	int rc = 0, njobs = 0;

	if (strcmp(f->market, "futures"))
		usage_error("oi: open interest exists only for --market futures");
	fetch_oi_range(f, period, &since, &until);
	if (f->offline && !f->have_until && !f->have_since) {
		/* Offline, the default window (30 days, or --last) ends at the
		 * newest stored record of the symbols, not at the wall clock. */
		int64_t newest = -1, lo, hi;

		for (int i = 0; i < f->nsymbols; i++) {
			int have = store_oi_range(f->store, f->exchange, f->symbols[i], f->period, &lo,
						  &hi);

			if (have < 0)
				return CB_EXIT_FATAL;
			if (have && hi > newest)
				newest = hi;
		}
		if (newest >= 0 && newest < until) {
			until = newest;
			since = f->last ? until / period * period - (f->last - 1) * period :
					  until - 30 * MS_PER_DAY;
		}
	}
	if (!f->offline && keep && since < now - keep - MS_PER_MIN) {
		char t[32];

		time_format(t, since);
		usage_error("oi: %s is more than %lld days ago; %s keeps open interest "
			    "history for the last %lld days only", t, (long long)(keep / MS_PER_DAY),
			    f->ex->title, (long long)(keep / MS_PER_DAY));
	}
	if (f->universe && fetch_universe(f) < 0)
		return CB_EXIT_FATAL;
	if (!f->offline) {
		/* The exchange refuses a start older than the history it keeps,
		 * by its clock, a moment after ours: ask from the first point of
		 * the grid a minute inside it (there is none before). */
		int64_t oldest = now - keep + MS_PER_MIN, ask = since;

		if (keep && ask < oldest)
			ask = (oldest + period - 1) / period * period;
		jobs = xcalloc(2 * (size_t)f->nsymbols, sizeof *jobs);
		oi_http = fetch_http(f);
		for (int i = 0; i < f->nsymbols; i++) {
			int64_t lo, hi;
			int have = f->have_store ? store_oi_range(f->store, f->exchange, f->symbols[i],
								  f->period, &lo, &hi) : 0;

			if (have < 0) {
				http_free(oi_http);
				free(jobs);
				return CB_EXIT_FATAL;
			}
			/* With a store, only the parts of [since, until] it lacks. */
			if (!have || hi < ask || lo > until) {
				jobs[njobs++] = (struct oi_job){ f, f->symbols[i], ask, until };
				continue;
			}
			if (ask < lo)
				jobs[njobs++] = (struct oi_job){ f, f->symbols[i], ask, lo - 1 };
			if (hi < until)
				jobs[njobs++] = (struct oi_job){ f, f->symbols[i], hi + 1, until };
		}
		for (int i = 0; i < njobs; i++)
			oi_request(&jobs[i]);
		if (http_run(oi_http) < 0) {
			fetch_report_ban(oi_http);
			rc = CB_EXIT_FATAL;
		}
		http_free(oi_http);
		free(jobs);
	}
	if (fetch_oi_out(f, oi_mem, oi_n, since, until) < 0)
		rc = CB_EXIT_FATAL;
	free(oi_mem);
	return rc ? rc : f->failed ? CB_EXIT_REJECTED : CB_EXIT_OK;
}
