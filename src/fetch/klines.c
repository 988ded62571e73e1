/* cb-fetch klines: candles, from the exchange or the store. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cbtime.h"
#include "net/exchange.h"
#include "fetch.h"
#include "msg.h"
#include "out.h"
#include "progress.h"
#include "strmap.h"
#include "xalloc.h"

/* One symbol's download: the range asked for now and how it joins the
 * coverage already in the store. */
struct job {
	struct fetch *f;
	const char *symbol;
	int64_t from, to;           /* the range to request: [from, to] */
	int64_t range_start;        /* first open time of the whole range */
	int64_t cover_from, cover_to;
	int have_cover;
	int extends;                /* 1: pages extend the coverage as they come */
	int64_t page_to;            /* end of the window asked for by the last request */
	struct job *then;           /* a second range to fetch after this one */
	int failed;
};

static struct candle *mem;      /* without a store: every candle fetched */
static int symbols_done;
static long candles_fetched;
static long long started_ms;
static size_t nmem, capmem;
static struct http_client *http;
static const struct exchange *ex;
static struct buf url;

/* A klines row's own rule for fetch_page_problem: its close_time is its
 * candle's end. */
static const char *close_time_problem(const void *row, const struct interval *iv)
{
	const struct candle *c = row;

	return c->close_time != interval_close_time(iv, c->open_time)
		       ? "has a close_time that is not its candle's end" : NULL;
}

/* 1 if the rows of a page are not what was asked for, with why in err:
 * see fetch_page_problem. */
static int page_problem(const struct job *j, const struct candle *page, size_t n, char *err,
			size_t errlen)
{
	struct page_rows p = { page, n, sizeof *page, offsetof(struct candle, open_time),
			       "open_time", close_time_problem };

	return fetch_page_problem(&p, j->f->interval, j->from, j->page_to, err, errlen);
}

static int on_page(void *ctx, const struct http_result *r);

static void show_progress(const struct fetch *f, int force)
{
	long long ms = time_mono_ms() - started_ms;
	long paused = http ? http_paused_ms(http) : 0;

	if (paused)
		progress_show(force, "%d/%d symbols, %ld candles, waiting %ld s for the rate limit",
			      symbols_done, f->nsymbols, candles_fetched, (paused + 999) / 1000);
	else
		progress_show(force, "%d/%d symbols, %ld candles, %.0f candles/s", symbols_done,
			      f->nsymbols, candles_fetched,
			      ms > 0 ? candles_fetched * 1000.0 / (double)ms : 0.0);
}

static void progress_tick(void *ctx)
{
	show_progress(ctx, 0);
}

/* Ask for the next page of [j->from, j->to]. Binance answers the oldest
 * rows from the start of a window; an end-anchored exchange (Bybit) the
 * newest, so there the window is cut to what one page holds, and every
 * page is complete whichever way the exchange counts. */
static void request(struct job *j)
{
	struct fetch *f = j->f;
	long want = 0, max = ex->klines_max(f->market);
	int64_t t, last = j->from;

	for (t = j->from; t <= j->to && want < max; t = interval_next_open(f->interval, t)) {
		last = t;
		want++;
	}
	if (want < max)
		want++;  /* room for one more: the answer is never cut short */
	j->page_to = ex->end_anchored ? last : j->to;
	buf_reset(&url);
	if (ex->klines_url(&url, f->market, j->symbol, f->interval, j->from, j->page_to,
			   (int)want) < 0)
		die("%s has no %s candles", ex->name, f->interval->name);  /* main checked */
	http_get(http, buf_cstr(&url), ex->klines_weight(f->market, (int)want), on_page, j);
}

/* Pages waiting to be stored: their candles, then the coverage they prove.
 * They are written in one transaction, together, so a crash never leaves a
 * range recorded as complete without its candles; batching the pages makes
 * each database page be written once rather than once per symbol. */
#define PENDING_MAX 50000      /* candles */
#define PENDING_MS 1000        /* or when the oldest waited this long */
struct cover { const char *symbol; int64_t from, to; };
static struct candle *pend;
static size_t npend, cappend;
static struct cover *covers;
static size_t ncovers, capcovers;
static int64_t pending_since;

static int flush_pending(struct fetch *f)
{
	int rc = store_begin(f->store);

	for (size_t i = 0; i < npend && !rc; i++)
		rc = store_put_candle(f->store, &pend[i]);
	for (size_t i = 0; i < ncovers && !rc; i++)
		rc = store_set_coverage(f->store, f->exchange, f->market, covers[i].symbol,
					f->interval->name, covers[i].from, covers[i].to);
	if (!rc)
		rc = store_commit(f->store);
	if (rc)
		store_rollback(f->store);
	npend = ncovers = 0;
	return rc;
}

static void add_cover(const char *symbol, int64_t from, int64_t to)
{
	if (ncovers == capcovers) {
		capcovers = capcovers ? capcovers * 2 : 256;
		covers = xreallocarray(covers, capcovers, sizeof *covers);
	}
	covers[ncovers++] = (struct cover){ symbol, from, to };
}

/* Queue a page for the store with the coverage it extends. */
static int store_page(struct job *j, const struct candle *c, size_t n, int last_page)
{
	struct fetch *f = j->f;
	int64_t newest = -1;

	if (!npend && !ncovers)
		pending_since = time_mono_ms();
	for (size_t i = 0; i < n; i++) {
		if (npend == cappend) {
			cappend = cappend ? cappend * 2 : 4096;
			pend = xreallocarray(pend, cappend, sizeof *pend);
		}
		pend[npend++] = c[i];
		if (c[i].closed)
			newest = c[i].open_time;
	}
	if (j->extends && newest >= 0) {
		int64_t from = j->have_cover && j->cover_from < j->range_start ? j->cover_from
										 : j->range_start;

		add_cover(j->symbol, from, newest);
		j->have_cover = 1;
		j->cover_from = from;
		j->cover_to = newest;
	} else if (!j->extends && last_page && j->have_cover) {
		/* An older range, now complete up to the coverage it joins. */
		add_cover(j->symbol, j->range_start, j->cover_to);
		j->cover_from = j->range_start;
	}
	if (npend >= PENDING_MAX || time_mono_ms() - pending_since >= PENDING_MS)
		return flush_pending(f);
	return 0;
}

static int on_page(void *ctx, const struct http_result *r)
{
	struct job *j = ctx;
	struct fetch *f = j->f;
	struct candle *page = NULL;
	size_t n = 0, cap = 0;
	char err[256];
	long rows, max = ex->klines_max(f->market);
	int last_page;

	if (r->status != 200) {
		fetch_report(f, j->symbol, r);
		j->failed = 1;
		symbols_done++;
		return HTTP_DONE;
	}
	rows = ex->parse_klines(r->body->p ? r->body->p : "", r->body->len, f->market,
				j->symbol, f->interval, r->date ? r->date : time_now(),
				&page, &n, &cap, err, sizeof err);
	if (rows >= 0 && page_problem(j, page, n, err, sizeof err))
		rows = -1;
	if (rows < 0)
		free(page);  /* grown by a parser before it failed, or dropped */
	if (rows == -2) {
		/* An error envelope of the exchange: final, like an error body. */
		error("%s: %s error %s", j->symbol, ex->name, err);
		f->failed++;
		j->failed = 1;
		symbols_done++;
		return HTTP_DONE;
	}
	if (rows < 0) {
		if (!r->last_try)
			return HTTP_RETRY;
		error("%s: %s (after %d tries)", j->symbol, err, r->attempts);
		f->failed++;
		j->failed = 1;
		symbols_done++;
		return HTTP_DONE;
	}
	if (ex->end_anchored)
		last_page = interval_next_open(f->interval, j->page_to) > j->to;
	else
		last_page = rows < max || page[n - 1].open_time >= j->to;
	if (f->have_store) {
		if (store_page(j, page, n, last_page) < 0)
			die("cannot write the store '%s'", f->db_path);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (nmem == capmem) {
				capmem = capmem ? capmem * 2 : 4096;
				mem = xreallocarray(mem, capmem, sizeof *mem);
			}
			mem[nmem++] = page[i];
		}
	}
	candles_fetched += (long)n;
	if (!last_page) {
		j->from = interval_next_open(f->interval, ex->end_anchored ? j->page_to
								  : page[n - 1].open_time);
		request(j);
	} else if (j->then) {
		request(j->then);
	} else {
		symbols_done++;
	}
	show_progress(f, 0);
	free(page);
	return HTTP_DONE;
}

/* Plan the requests of one symbol: with a store, only what it lacks. */
static struct job *plan(struct fetch *f, const char *symbol, int64_t since, int64_t until)
{
	struct job *j = xcalloc(1, sizeof *j), *later;
	int64_t cf, ct;
	int have = 0;

	j->f = f;
	j->symbol = symbol;
	if (f->have_store) {
		have = store_get_coverage(f->store, f->exchange, f->market, symbol,
					  f->interval->name, &cf, &ct);
		if (have < 0)
			die("cannot read the store '%s'", f->db_path);
	}
	j->from = j->range_start = since;
	j->to = until;
	j->extends = 1;
	if (!have)
		return j;
	j->have_cover = 1;
	j->cover_from = cf;
	j->cover_to = ct;
	/* Newer candles: from the one after the coverage (fills any gap). */
	later = NULL;
	if (until > ct) {
		later = xcalloc(1, sizeof *later);
		*later = *j;
		later->from = interval_next_open(f->interval, ct);
		later->range_start = cf < since ? cf : since;
		later->extends = 1;
	}
	if (since < cf) {
		/* Older candles first; they join the coverage when complete. */
		j->to = cf - 1;
		j->extends = 0;
		j->then = later;
		return j;
	}
	free(j);
	return later;  /* NULL: nothing to fetch */
}

static int cmp_candle(const void *a, const void *b)
{
	const struct candle *x = a, *y = b;

	if (x->open_time != y->open_time)
		return x->open_time < y->open_time ? -1 : 1;
	return strcmp(x->symbol, y->symbol);
}

struct writer {
	struct fetch *f;
	struct strmap *last;        /* symbol -> last open time written */
	struct strmap *from;        /* symbol -> its first open time, or NULL */
	struct buf b;
	long written;
};

/* Write one candle, reporting candles missing since the series' last one. */
static void emit(void *ctx, const struct candle *c)
{
	struct writer *w = ctx;
	int64_t *last = strmap_get(w->last, c->symbol, strlen(c->symbol), NULL);

	if (w->f->closed_only && !c->closed)
		return;
	if (w->from) {
		int64_t *from = strmap_find(w->from, c->symbol, strlen(c->symbol));

		if (!from || c->open_time < *from)
			return;
	}
	if (*last && c->open_time != interval_next_open(c->interval, *last)) {
		char a[32], b[32];
		long missing = 0;

		for (int64_t t = interval_next_open(c->interval, *last); t < c->open_time;
		     t = interval_next_open(c->interval, t))
			missing++;
		time_format(a, interval_next_open(c->interval, *last));
		time_format(b, c->open_time);
		warn("%s:%s:%s:%s: %ld candle%s missing from %s to before %s (the exchange "
		     "has none; not filled)", c->exchange, c->market, c->symbol,
		     c->interval->name, missing, missing == 1 ? "" : "s", a, b);
	}
	*last = c->open_time;
	buf_reset(&w->b);
	candle_write(c, &w->b);
	out_write(w->b.p, w->b.len);
	w->written++;
}

/* --last N counted back from each symbol's newest candle at or before
 * until (a closed one with --closed-only), from the store or from the
 * candles fetched: its first open time into w->from (none for a symbol
 * without candles), not before since; *earliest the earliest of them
 * (since if none). Returns 0, or -1 after an error of the store. */
static int series_from(struct fetch *f, struct writer *w, long n, int64_t until,
		       int64_t since, int64_t *earliest)
{
	struct strmap *newest = strmap_new(sizeof(int64_t));

	w->from = strmap_new(sizeof(int64_t));
	*earliest = INT64_MAX;
	for (size_t i = 0; i < nmem && !f->have_store; i++) {
		const struct candle *c = &mem[i];
		int64_t *t;

		if (c->open_time > until || (f->closed_only && !c->closed))
			continue;
		t = strmap_get(newest, c->symbol, strlen(c->symbol), NULL);
		if (*t < c->open_time + 1)
			*t = c->open_time + 1;  /* 0: none */
	}
	for (int i = 0; i < f->nsymbols; i++) {
		const char *sym = f->symbols[i];
		int64_t t, *m;
		int found;

		if (f->have_store) {
			found = store_newest_candle(f->store, f->exchange, f->market, sym,
						    f->interval->name, until, f->closed_only, &t);
			if (found < 0) {
				strmap_free(newest);
				return -1;
			}
		} else {
			m = strmap_find(newest, sym, strlen(sym));
			found = m && *m;
			t = found ? *m - 1 : 0;
		}
		if (!found)
			continue;
		t = interval_back(f->interval, t, n - 1);
		if (t < since)
			t = since;
		*(int64_t *)strmap_get(w->from, sym, strlen(sym), NULL) = t;
		if (t < *earliest)
			*earliest = t;
	}
	if (*earliest == INT64_MAX)
		*earliest = since;
	strmap_free(newest);
	return 0;
}

/* Say once, for each symbol that got no candle and did not fail, why. */
static void report_empty(struct fetch *f, struct writer *w, const char *failed,
			 int64_t since, int64_t until)
{
	char a[32], b[32];
	const char *what = f->closed_only ? "closed candles" : "candles";

	time_format(a, since);
	time_format(b, until);
	for (int i = 0; i < f->nsymbols; i++) {
		const char *sym = f->symbols[i];

		if (failed[i] || strmap_find(w->last, sym, strlen(sym)))
			continue;
		if (f->offline && !f->have_since)
			warn("%s:%s:%s:%s: no %s in the store '%s'", f->exchange, f->market, sym,
			     f->interval->name, what, f->db_path);
		else if (f->offline)
			warn("%s:%s:%s:%s: no %s from %s to %s in the store '%s'", f->exchange,
			     f->market, sym, f->interval->name, what, a, b, f->db_path);
		else
			warn("%s:%s:%s:%s: no %s from %s to %s (the exchange has none)", f->exchange,
			     f->market, sym, f->interval->name, what, a, b);
	}
}

int cmd_klines(struct fetch *f)
{
	const struct interval *iv = f->interval;
	int64_t now = time_now(), since, until;
	struct writer w = { f, NULL, NULL, BUF_INIT, 0 };
	struct job **jobs;
	char *failed;
	long n = f->last ? f->last : 500;
	/* --last N (and its default) counts the candles of each series back
	 * from its newest one: offline the newest stored, with --closed-only
	 * the newest closed (the forming one does not count). */
	int per_series = !f->have_since && (f->offline || f->closed_only);
	int rc = 0, banned;

	until = f->have_until ? f->until : now;
	if (f->have_since)
		since = interval_first_open(iv, f->since);
	else
		since = interval_back(iv, interval_open_time(iv, until), n - (per_series ? 0 : 1));
	ex = f->ex;  /* main checked its market and interval */
	if (f->universe && fetch_universe(f) < 0)
		return CB_EXIT_FATAL;
	w.last = strmap_new(sizeof(int64_t));
	failed = xcalloc((size_t)f->nsymbols + 1, 1);  /* the universe is known now */
	if (!f->offline) {
		started_ms = time_mono_ms();
		progress_start();
		http = fetch_http(f);
		http_on_tick(http, progress_tick, f);
		jobs = xcalloc((size_t)f->nsymbols, sizeof *jobs);
		for (int i = 0; i < f->nsymbols; i++) {
			jobs[i] = plan(f, f->symbols[i], since, until);
			if (jobs[i])
				request(jobs[i]);
			else
				symbols_done++;  /* the store has it all */
		}
		banned = http_run(http) < 0;
		progress_end();
		if (f->have_store && (npend || ncovers) && flush_pending(f) < 0)
			die("cannot write the store '%s'", f->db_path);
		if (banned) {
			fetch_report_ban(http);
			rc = CB_EXIT_FATAL;
		}
		for (int i = 0; i < f->nsymbols; i++) {
			struct job *j = jobs[i];

			failed[i] = banned || (j && (j->failed || (j->then && j->then->failed)));
			if (j && j->then)
				free(j->then);
			free(j);
		}
		free(jobs);
		http_free(http);
		http = NULL;
	}
	if (per_series) {
		int64_t t;

		if (series_from(f, &w, n, until, f->offline ? INT64_MIN : since, &t) < 0)
			rc = CB_EXIT_FATAL;
		else if (f->offline)
			since = t;
	}
	if (rc == CB_EXIT_FATAL) {
		/* reported */
	} else if (f->have_store) {
		if (store_each_candle(f->store, f->exchange, f->market, iv->name, f->symbols,
				      f->nsymbols, since, until, emit, &w) < 0)
			rc = CB_EXIT_FATAL;
	} else {
		if (nmem)
			qsort(mem, nmem, sizeof *mem, cmp_candle);
		for (size_t i = 0; i < nmem; i++)
			if (mem[i].open_time >= since && mem[i].open_time <= until &&
			    (i + 1 == nmem || cmp_candle(&mem[i], &mem[i + 1])))
				emit(&w, &mem[i]);
	}
	if (rc != CB_EXIT_FATAL)
		report_empty(f, &w, failed, since, until);
	free(failed);
	free(mem);
	free(pend);
	free(covers);
	buf_release(&url);
	buf_release(&w.b);
	strmap_free(w.last);
	strmap_free(w.from);
	if (!rc && f->failed)
		rc = CB_EXIT_REJECTED;
	return rc;
}
