/* cb-fetch symbols, ticker and oi. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/binance.h"
#include "buf.h"
#include "cbtime.h"
#include "fetch.h"
#include "oi.h"
#include "symbolinfo.h"
#include "ticker.h"
#include "msg.h"
#include "num.h"
#include "out.h"
#include "xalloc.h"

/* A JSON string holding a decimal number (Binance's way), or a number. */
static double jnum(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	double d = 0;

	if (json_is_string(v))
		num_parse(json_string_value(v), json_string_length(v), &d);
	else if (json_is_number(v))
		d = json_number_value(v);
	return d;
}

static void jstr(json_t *o, const char *key, char *dst, size_t cap)
{
	const char *s = json_string_value(json_object_get(o, key));

	snprintf(dst, cap, "%s", s ? s : "");
}

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

int cmd_symbols(struct fetch *f)
{
	int spot = !strcmp(f->market, "spot");
	struct symbol_info *all;
	struct buf b = BUF_INIT;
	json_t *info, *list, *s, *flt;
	size_t i, k, n = 0;
	int rc = 0;

	if (f->offline)
		usage_error("symbols: --offline is not supported; symbols come from the exchange");
	info = fetch_json(f, "exchangeInfo", spot ? "/api/v3/exchangeInfo" : "/fapi/v1/exchangeInfo",
			  spot ? 20 : 1);
	if (!info)
		return CB_EXIT_FATAL;
	list = json_object_get(info, "symbols");
	all = xcalloc(json_array_size(list) + 1, sizeof *all);
	json_array_foreach(list, i, s) {
		struct symbol_info *si = &all[n];

		jstr(s, "symbol", si->symbol, sizeof si->symbol);
		if (!candle_symbol_ok(si->symbol) || !wanted(f, si->symbol))
			continue;
		snprintf(si->exchange, sizeof si->exchange, "binance");
		snprintf(si->market, sizeof si->market, "%s", f->market);
		jstr(s, "status", si->status, sizeof si->status);
		jstr(s, "baseAsset", si->base_asset, sizeof si->base_asset);
		jstr(s, "quoteAsset", si->quote_asset, sizeof si->quote_asset);
		jstr(s, "contractType", si->contract_type, sizeof si->contract_type);
		if (f->universe && !fetch_in_universe(si->status, si->quote_asset,
						      si->contract_type, spot))
			continue;
		si->tick_size = si->step_size = si->min_qty = si->min_notional = NAN;
		if (json_is_integer(json_object_get(s, "onboardDate")))
			si->onboard_date = json_integer_value(json_object_get(s, "onboardDate"));
		json_array_foreach(json_object_get(s, "filters"), k, flt) {
			const char *t = json_string_value(json_object_get(flt, "filterType"));

			if (!t)
				continue;
			if (!strcmp(t, "PRICE_FILTER"))
				si->tick_size = jnum(flt, "tickSize");
			else if (!strcmp(t, "LOT_SIZE")) {
				si->step_size = jnum(flt, "stepSize");
				si->min_qty = jnum(flt, "minQty");
			} else if (!strcmp(t, "MIN_NOTIONAL"))
				si->min_notional = json_object_get(flt, "notional") ?
						   jnum(flt, "notional") : jnum(flt, "minNotional");
			else if (!strcmp(t, "NOTIONAL"))
				si->min_notional = jnum(flt, "minNotional");
		}
		n++;
	}
	json_decref(info);
	qsort(all, n, sizeof *all, cmp_symbol_info);
	if (f->have_store) {
		int64_t now = time_now();

		rc = store_begin(&f->store) < 0;
		for (i = 0; i < n && !rc; i++)
			rc = store_put_symbol(&f->store, &all[i], now) < 0;
		if (!rc)
			rc = store_commit(&f->store) < 0;
		if (rc)
			store_rollback(&f->store);
	}
	for (i = 0; i < n; i++) {
		symbol_write(&all[i], &b);
		write_rec(&b);
	}
	fetch_report_unlisted(f, all, n, sizeof *all, offsetof(struct symbol_info, symbol),
			      "not listed by the exchange");
	free(all);
	buf_release(&b);
	return rc ? CB_EXIT_FATAL : f->failed ? CB_EXIT_REJECTED : CB_EXIT_OK;
}

static int cmp_ticker(const void *a, const void *b)
{
	return strcmp(((const struct ticker *)a)->symbol, ((const struct ticker *)b)->symbol);
}

int cmd_ticker(struct fetch *f)
{
	int spot = !strcmp(f->market, "spot");
	struct ticker *all;
	struct buf b = BUF_INIT;
	json_t *list, *t;
	size_t i, n = 0;

	if (f->offline)
		usage_error("ticker: --offline is not supported; tickers come from the exchange");
	if (f->universe && fetch_universe(f) < 0)
		return CB_EXIT_FATAL;
	list = fetch_json(f, "ticker", spot ? "/api/v3/ticker/24hr" : "/fapi/v1/ticker/24hr",
			  spot ? 80 : 40);
	if (!list)
		return CB_EXIT_FATAL;
	all = xcalloc(json_array_size(list) + 1, sizeof *all);
	json_array_foreach(list, i, t) {
		struct ticker *k = &all[n];

		jstr(t, "symbol", k->symbol, sizeof k->symbol);
		if (!candle_symbol_ok(k->symbol) || !wanted(f, k->symbol))
			continue;
		snprintf(k->exchange, sizeof k->exchange, "binance");
		snprintf(k->market, sizeof k->market, "%s", f->market);
		k->open_time = json_integer_value(json_object_get(t, "openTime"));
		k->close_time = json_integer_value(json_object_get(t, "closeTime"));
		k->open_price = jnum(t, "openPrice");
		k->high_price = jnum(t, "highPrice");
		k->low_price = jnum(t, "lowPrice");
		k->last_price = jnum(t, "lastPrice");
		k->price_change = jnum(t, "priceChange");
		k->price_change_pct = jnum(t, "priceChangePercent");
		k->weighted_avg_price = jnum(t, "weightedAvgPrice");
		k->volume = jnum(t, "volume");
		k->quote_volume = jnum(t, "quoteVolume");
		k->trades = json_integer_value(json_object_get(t, "count"));
		n++;
	}
	json_decref(list);
	qsort(all, n, sizeof *all, cmp_ticker);
	for (i = 0; i < n; i++) {
		ticker_write(&all[i], &b);
		write_rec(&b);
	}
	if (!f->universe)
		fetch_report_unlisted(f, all, n, sizeof *all, offsetof(struct ticker, symbol),
				      "no ticker from the exchange");
	free(all);
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
	char url[1024];

	snprintf(url, sizeof url, "%s/futures/data/openInterestHist?symbol=%s&period=%s"
		 "&startTime=%lld&endTime=%lld&limit=500", binance_base_url("futures"), j->symbol,
		 j->f->period, (long long)j->from, (long long)j->to);
	http_get(oi_http, url, 0, oi_page, j);
}

static int oi_page(void *ctx, const struct http_result *r)
{
	struct oi_job *j = ctx;
	struct fetch *f = j->f;
	json_t *list, *row;
	size_t i, start = oi_n;
	int64_t oldest = -1;

	if (r->status != 200) {
		fetch_report(f, j->symbol, r);
		return HTTP_DONE;
	}
	list = json_loadb(r->body->p ? r->body->p : "", r->body->len, 0, NULL);
	if (!json_is_array(list)) {
		json_decref(list);
		if (!r->last_try)
			return HTTP_RETRY;
		error("%s: malformed answer from %s (after %d tries)", j->symbol, r->url, r->attempts);
		f->failed++;
		return HTTP_DONE;
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
			oi_n = start;
			json_decref(list);
			if (!r->last_try)
				return HTTP_RETRY;
			error("%s: malformed answer from %s", j->symbol, r->url);
			f->failed++;
			return HTTP_DONE;
		}
		if (oi_n == oi_cap) {
			oi_cap = oi_cap ? oi_cap * 2 : 1024;
			oi_mem = xreallocarray(oi_mem, oi_cap, sizeof *oi_mem);
		}
		o = &oi_mem[oi_n++];
		memset(o, 0, sizeof *o);
		snprintf(o->exchange, sizeof o->exchange, "binance");
		snprintf(o->symbol, sizeof o->symbol, "%s", j->symbol);
		snprintf(o->period, sizeof o->period, "%s", f->period);
		o->time = t;
		o->open_interest = jnum(row, "sumOpenInterest");
		o->open_interest_value = jnum(row, "sumOpenInterestValue");
		if (oldest < 0 || t < oldest)
			oldest = t;
	}
	i = json_array_size(list);
	json_decref(list);
	/* A full page holds the newest rows of the range: ask for the older
	 * part next. */
	if (i >= 500 && oldest > j->from) {
		j->to = oldest - 1;
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

static void emit_oi(void *ctx, const struct oi *o)
{
	struct buf *b = ctx;

	oi_write(o, b);
	write_rec(b);
}

int cmd_oi(struct fetch *f)
{
	int64_t now = time_now(), since, until, period = interval_find(f->period)->ms;
	struct oi_job *jobs;
	struct buf b = BUF_INIT;
	int rc = 0, njobs = 0;

	if (strcmp(f->market, "futures"))
		usage_error("oi: open interest exists only for --market futures");
	until = f->have_until ? f->until : now;
	if (f->have_since)
		since = f->since;
	else if (f->last)
		since = until / period * period - (f->last - 1) * period;
	else
		since = now - 30 * MS_PER_DAY;
	if (since < now - 30 * MS_PER_DAY - MS_PER_MIN) {
		char t[32];

		time_format(t, since);
		usage_error("oi: %s is more than 30 days ago; Binance keeps open interest "
			    "history for the last 30 days only", t);
	}
	if (f->universe && fetch_universe(f) < 0)
		return CB_EXIT_FATAL;
	if (!f->offline) {
		jobs = xcalloc(2 * (size_t)f->nsymbols, sizeof *jobs);
		oi_http = fetch_http(f);
		for (int i = 0; i < f->nsymbols; i++) {
			int64_t lo, hi;
			int have = f->have_store ? store_oi_range(&f->store, "binance", f->symbols[i],
								  f->period, &lo, &hi) : 0;

			if (have < 0)
				return CB_EXIT_FATAL;
			/* With a store, only the parts of [since, until] it lacks. */
			if (!have || hi < since || lo > until) {
				jobs[njobs++] = (struct oi_job){ f, f->symbols[i], since, until };
				continue;
			}
			if (since < lo)
				jobs[njobs++] = (struct oi_job){ f, f->symbols[i], since, lo - 1 };
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
	if (f->have_store) {
		if (store_begin(&f->store) < 0)
			return CB_EXIT_FATAL;
		for (size_t i = 0; i < oi_n; i++)
			if (store_put_oi(&f->store, &oi_mem[i]) < 0) {
				store_rollback(&f->store);
				return CB_EXIT_FATAL;
			}
		if (store_commit(&f->store) < 0 ||
		    store_each_oi(&f->store, "binance", f->period, f->symbols, f->nsymbols, since,
				  until, emit_oi, &b) < 0)
			rc = CB_EXIT_FATAL;
	} else {
		if (oi_n)
			qsort(oi_mem, oi_n, sizeof *oi_mem, cmp_oi);
		for (size_t i = 0; i < oi_n; i++)
			if (oi_mem[i].time >= since && oi_mem[i].time <= until &&
			    (i + 1 == oi_n || cmp_oi(&oi_mem[i], &oi_mem[i + 1])))
				emit_oi(&b, &oi_mem[i]);
	}
	free(oi_mem);
	buf_release(&b);
	return rc ? rc : f->failed ? CB_EXIT_REJECTED : CB_EXIT_OK;
}
