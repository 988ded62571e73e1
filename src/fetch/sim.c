/* cb-fetch --exchange sim: candles, open interest, symbols and pump labels
 * of the simulated market (lib/sim.h), for the same options as a real
 * exchange, kept in the store with --db as a real exchange's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "candle.h"
#include "cbtime.h"
#include "fetch.h"
#include "jsonw.h"
#include "oi.h"
#include "symbolinfo.h"
#include "msg.h"
#include "num.h"
#include "out.h"
#include "sim.h"
#include "xalloc.h"

/* The candles asked for: open times in [since, until], all before now. */
struct range {
	int64_t since, until, now;
};

/* The options' range, as cmd_klines reads them; the market opens at
 * SIM_EPOCH_MS and candles after now do not exist. */
static struct range sim_range(const struct fetch *f)
{
	const struct interval *iv = f->interval;
	struct range r;

	r.now = time_now();
	r.until = f->have_until && f->until < r.now ? f->until : r.now;
	r.until = interval_open_time(iv, r.until);
	if (r.until >= r.now)
		r.until = interval_open_time(iv, r.until - 1);
	if (f->have_since)
		r.since = interval_first_open(iv, f->since);
	else if (f->closed_only && interval_close_time(iv, r.until) >= r.now)
		/* The forming candle does not count towards --last. */
		r.since = interval_back(iv, r.until, f->last ? f->last : 500);
	else
		r.since = interval_back(iv, r.until, (f->last ? f->last : 500) - 1);
	if (r.since < sim_first_open(iv))
		r.since = sim_first_open(iv);
	return r;
}

/* The symbols' generators in output order (by name). */
static int cmp_sim_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct sim **sims_new(const struct fetch *f, char ***names)
{
	struct sim **sims = xcalloc((size_t)f->nsymbols, sizeof *sims);

	*names = xcalloc((size_t)f->nsymbols, sizeof **names);
	memcpy(*names, f->symbols, (size_t)f->nsymbols * sizeof **names);
	qsort(*names, (size_t)f->nsymbols, sizeof **names, cmp_sim_name);
	for (int i = 0; i < f->nsymbols; i++)
		sims[i] = sim_new(f->seed, (*names)[i], f->interval);
	return sims;
}

static void sims_free(const struct fetch *f, struct sim **sims, char **names)
{
	for (int i = 0; i < f->nsymbols; i++)
		sim_free(sims[i]);
	free(sims);
	free(names);
}

/* Writing candle records: the text candle_write gives, made faster for the
 * simulated market's millions of candles. A symbol's records share their
 * beginning, up to the open time's value (its head, made once by the jsonw
 * calls candle_write makes); the rest is every member in candle_write's
 * order, all present (sim sets every optional one), written straight into
 * the buffer, a price or volume from the decimal sim rounded it to. A
 * symbol's first record and every forming one are also
 * written by candle_write and compared: should the two ever differ (the
 * record format changed), candle_write writes everything. */
#define TAIL_MAX 768  /* the members after the head, at most */

#define TIMES_MAX 64  /* room for the text of the times */

struct writer {
	struct buf *heads;  /* per symbol; empty until its first record */
	struct buf check;
	int slow;           /* candle_write writes every record */
	/* The text of the last open time's value through the close time's,
	 * the same for every symbol's candle of a time. */
	int64_t open_time, close_time;
	size_t times_len;
	char times[TIMES_MAX];
};

static char *put_lit(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

#define PUT(p, lit) put_lit(p, lit, sizeof lit - 1)

static char *put_num(char *p, double v)
{
	if (!isfinite(v))
		return PUT(p, "null");
	return p + fmt_double(p, v);
}

static const double pow10_d[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* v, a price or volume of the simulated market, as put_num writes it: from
 * its decimal (fmt_decimal, without finding the digits again) when v is the
 * double nearest it and it has at most 15 significant digits (then the text
 * is the same), else by put_num. */
static char *put_dec(char *p, double v, const struct sim_decimal *dec)
{
	int64_t m = dec->m;
	int d = dec->d;

	if (d >= -22 && d <= 22 && m > -1000000000000000 && m < 1000000000000000 &&
	    v == (d < 0 ? (double)m * pow10_d[-d] : (double)m / pow10_d[d]))
		return p + fmt_decimal(p, m, d);
	return put_num(p, v);
}

/* candle_write's text before the open time's value. */
static void write_head(struct buf *h, const struct candle *c)
{
	jw_begin(h);
	jw_str(h, "type", "candle");
	jw_str(h, "exchange", c->exchange);
	jw_str(h, "market", c->market);
	jw_str(h, "symbol", c->symbol);
	jw_str(h, "interval", c->interval->name);
	jw_key(h, "open_time");
}

static void write_tail(struct writer *w, struct buf *b, const struct candle *c,
		       const struct sim_decimals *dec)
{
	char *p;

	if (b->cap - b->len < TAIL_MAX)
		buf_grow(b, TAIL_MAX);
	if (!w->times_len || c->open_time != w->open_time || c->close_time != w->close_time) {
		p = w->times;
		p += fmt_int(p, c->open_time);
		p = PUT(p, ",\"close_time\":");
		p += fmt_int(p, c->close_time);
		w->times_len = (size_t)(p - w->times);
		w->open_time = c->open_time;
		w->close_time = c->close_time;
	}
	p = b->p + b->len;
	memcpy(p, w->times, TIMES_MAX);  /* whole, for speed; the rest is overwritten */
	p += w->times_len;
	p = PUT(p, ",\"open\":");
	p = put_dec(p, c->open, &dec->open);
	p = PUT(p, ",\"high\":");
	p = put_dec(p, c->high, &dec->high);
	p = PUT(p, ",\"low\":");
	p = put_dec(p, c->low, &dec->low);
	p = PUT(p, ",\"close\":");
	p = put_dec(p, c->close, &dec->close);
	p = PUT(p, ",\"volume\":");
	p = put_dec(p, c->volume, &dec->volume);
	p = PUT(p, ",\"quote_volume\":");
	p = put_dec(p, c->quote_volume, &dec->quote_volume);
	p = PUT(p, ",\"trades\":");
	p += fmt_int(p, c->trades);
	p = PUT(p, ",\"taker_buy_volume\":");
	p = put_dec(p, c->taker_buy_volume, &dec->taker_buy_volume);
	p = PUT(p, ",\"taker_buy_quote_volume\":");
	p = put_dec(p, c->taker_buy_quote_volume, &dec->taker_buy_quote_volume);
	if (c->closed) {
		p = PUT(p, ",\"closed\":true}\n");
	} else {
		p = PUT(p, ",\"closed\":false,\"as_of\":");
		p += fmt_int(p, c->as_of);
		p = PUT(p, "}\n");
	}
	b->len = (size_t)(p - b->p);
}

/* Append the record of c, symbol i's candle in market, to b; dec holds
 * the decimals of c's numbers. */
static void writer_put(struct writer *w, int i, struct candle *c,
		       const struct sim_decimals *dec, const char *market, struct buf *b)
{
	struct buf *h = &w->heads[i];
	int check = !h->len || !c->closed;
	size_t start = b->len;

	if (check || w->slow)
		memcpy(c->market, market, strlen(market) + 1);
	if (w->slow) {
		candle_write(c, b);
		return;
	}
	if (!h->len)
		write_head(h, c);
	buf_add(b, h->p, h->len);
	write_tail(w, b, c, dec);
	if (!check)
		return;
	buf_reset(&w->check);
	candle_write(c, &w->check);
	if (w->check.len != b->len - start || memcmp(w->check.p, b->p + start, w->check.len)) {
		w->slow = 1;
		b->len = start;
		buf_add(b, w->check.p, w->check.len);
	}
}

/* The store with --db: the candles generated, and the coverage they prove
 * (joined with what the store has when the two meet). */
static void store_candle(struct fetch *f, const struct candle *c)
{
	if (store_put_candle(f->store, c) < 0)
		die("cannot write the store '%s'", f->db_path);
}

static void store_cover(struct fetch *f, const char *symbol, int64_t from, int64_t to)
{
	const struct interval *iv = f->interval;
	int64_t cf, ct;
	int have = store_get_coverage(f->store, f->exchange, f->market, symbol, iv->name, &cf, &ct);

	if (have < 0)
		die("cannot read the store '%s'", f->db_path);
	if (to < from)
		return;
	if (have && cf <= interval_next_open(iv, to) && from <= interval_next_open(iv, ct)) {
		from = cf < from ? cf : from;
		to = ct > to ? ct : to;
	}
	if (store_set_coverage(f->store, f->exchange, f->market, symbol, iv->name, from, to) < 0)
		die("cannot write the store '%s'", f->db_path);
}

int cmd_sim_klines(struct fetch *f)
{
	struct range r = sim_range(f);
	int64_t last_closed = -1;
	struct buf b = BUF_INIT;
	struct writer w = { xcalloc((size_t)f->nsymbols, sizeof *w.heads), BUF_INIT, 0, 0, 0, 0, "" };
	struct candle c;
	struct sim_decimals dec;
	char **names;
	struct sim **sims = sims_new(f, &names);

	if (f->have_store && store_begin(f->store) < 0)
		die("cannot write the store '%s'", f->db_path);
	for (int64_t t = r.since; t <= r.until; t = interval_next_open(f->interval, t)) {
		buf_reset(&b);
		for (int i = 0; i < f->nsymbols; i++) {
			sim_candle(sims[i], t, r.now, &c, &dec);
			if (f->closed_only && !c.closed)
				continue;
			writer_put(&w, i, &c, &dec, f->market, &b);
			if (f->have_store) {
				memcpy(c.market, f->market, strlen(f->market) + 1);
				store_candle(f, &c);
			}
			if (c.closed)
				last_closed = t;
		}
		out_write(b.p, b.len);
	}
	if (r.since > r.until) {
		char open[32];

		time_format(open, sim_first_open(f->interval));
		warn("no candles in the range asked for: the simulated market has them from %s "
		     "to now", open);
	}
	if (f->have_store) {
		for (int i = 0; i < f->nsymbols; i++)
			store_cover(f, names[i], r.since, last_closed);
		if (store_commit(f->store) < 0) {
			store_rollback(f->store);
			die("cannot write the store '%s'", f->db_path);
		}
	}
	for (int i = 0; i < f->nsymbols; i++)
		buf_release(&w.heads[i]);
	free(w.heads);
	buf_release(&w.check);
	buf_release(&b);
	sims_free(f, sims, names);
	return CB_EXIT_OK;
}

struct label {
	const char *symbol;
	int64_t time, peak_time, end_time;
	struct sim_pump p;
};

static int cmp_label(const void *a, const void *b)
{
	const struct label *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return strcmp(x->symbol, y->symbol);
}

static void label_write(const struct fetch *f, const struct label *l, struct buf *b)
{
	jw_begin(b);
	jw_str(b, "type", "label");
	jw_str(b, "exchange", "sim");
	jw_str(b, "market", f->market);
	jw_str(b, "symbol", l->symbol);
	jw_str(b, "interval", f->interval->name);
	jw_str(b, "kind", "pump");
	jw_int(b, "time", l->time);
	jw_int(b, "peak_time", l->peak_time);
	jw_int(b, "end_time", l->end_time);
	jw_num(b, "volume_multiple", l->p.volume_multiple);
	jw_num(b, "peak_gain_pct", round(l->p.gain * 1000) / 10);
	jw_int(b, "seed", (int64_t)f->seed);
	jw_end(b);
}

int cmd_sim_pumps(struct fetch *f)
{
	const struct interval *iv = f->interval;
	struct range r = sim_range(f);
	struct label *labels = NULL;
	size_t n = 0, cap = 0;
	struct buf b = BUF_INIT;
	char **names;
	struct sim **sims = sims_new(f, &names);
	int64_t last = interval_close_time(iv, r.until) / MS_PER_DAY;

	for (int i = 0; i < f->nsymbols; i++) {
		for (int64_t d = r.since / MS_PER_DAY - 1; d <= last; d++) {
			struct label l = { names[i], 0, 0, 0, { 0, 0, 0, 0, 0 } };

			if (!sim_pump_of_day(sims[i], d, &l.p))
				continue;
			l.time = interval_open_time(iv, l.p.start);
			if (l.time < r.since || l.time > r.until ||
			    (f->closed_only && interval_close_time(iv, l.time) >= r.now))
				continue;
			l.peak_time = interval_open_time(iv, l.p.peak - 1);
			l.end_time = interval_open_time(iv, l.p.end - 1);
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				labels = xreallocarray(labels, cap, sizeof *labels);
			}
			labels[n++] = l;
		}
	}
	if (n)
		qsort(labels, n, sizeof *labels, cmp_label);
	for (size_t i = 0; i < n; i++) {
		buf_reset(&b);
		label_write(f, &labels[i], &b);
		out_write(b.p, b.len);
	}
	free(labels);
	buf_release(&b);
	sims_free(f, sims, names);
	return CB_EXIT_OK;
}

/* Open interest: each symbol's records at the period's open times in the
 * range, up to now, from the generator of the period's interval. */
int cmd_sim_oi(struct fetch *f)
{
	const struct interval *iv = interval_find(f->period);
	int64_t now = time_now(), since, until, t;
	struct oi *all = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (strcmp(f->market, "futures"))
		usage_error("oi: open interest exists only for --market futures");
	fetch_oi_range(f, iv->ms, &since, &until);
	since = interval_first_open(iv, since);
	if (since < sim_first_open(iv))
		since = sim_first_open(iv);
	for (int i = 0; i < f->nsymbols; i++) {
		struct sim *s = sim_new(f->seed, f->symbols[i], iv);

		for (t = since; t <= until && t <= now; t = interval_next_open(iv, t)) {
			if (n == cap) {
				cap = cap ? 2 * cap : 1024;
				all = xreallocarray(all, cap, sizeof *all);
			}
			sim_oi(s, t, now, &all[n++]);
		}
		sim_free(s);
	}
	rc = fetch_oi_out(f, all, n, since, until);
	free(all);
	return rc < 0 ? CB_EXIT_FATAL : CB_EXIT_OK;
}

/* Funding: each symbol's records every 8 hours from 00:00 UTC in the
 * range, up to now, the mark price from the candles of --interval, which
 * must open at every funding time. */
int cmd_sim_funding(struct fetch *f)
{
	const struct interval *iv = f->interval;
	int64_t now = time_now(), since, until, t;
	struct funding *all = NULL;
	size_t n = 0, cap = 0;

	if (strcmp(f->market, "futures"))
		usage_error("funding: funding exists only for --market futures");
	if (f->offline)
		usage_error("funding: --offline is not supported; funding is not kept in the store");
	if (iv->months || SIM_FUNDING_MS % iv->ms)
		usage_error("funding: --interval %s: the simulated market's mark price is the open "
			    "of a candle at each funding time, so the interval must divide 8h",
			    iv->name);
	fetch_oi_range(f, SIM_FUNDING_MS, &since, &until);
	since = (since + SIM_FUNDING_MS - 1) / SIM_FUNDING_MS * SIM_FUNDING_MS;
	if (since < sim_first_open(iv))
		since = sim_first_open(iv);
	for (int i = 0; i < f->nsymbols; i++) {
		struct sim *s = sim_new(f->seed, f->symbols[i], iv);

		for (t = since; t <= until && t <= now; t += SIM_FUNDING_MS) {
			if (n == cap) {
				cap = cap ? 2 * cap : 1024;
				all = xreallocarray(all, cap, sizeof *all);
			}
			sim_funding(s, t, now, &all[n++]);
		}
		sim_free(s);
	}
	fetch_funding_out(f, all, n, since, until);
	free(all);
	return CB_EXIT_OK;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct symbol_info *)a)->symbol,
		      ((const struct symbol_info *)b)->symbol);
}

/* Symbols: the record of each --symbols name, with its filters. */
int cmd_sim_symbols(struct fetch *f)
{
	struct symbol_info *all;
	int rc;

	if (!f->nsymbols)
		usage_error("symbols: name --symbols with --exchange %s", f->exchange);
	all = xcalloc((size_t)f->nsymbols, sizeof *all);
	for (int i = 0; i < f->nsymbols; i++) {
		struct sim *s = sim_new(f->seed, f->symbols[i], f->interval);

		sim_symbol(s, f->market, &all[i]);
		sim_free(s);
	}
	qsort(all, (size_t)f->nsymbols, sizeof *all, cmp_name);
	rc = fetch_symbols_out(f, all, (size_t)f->nsymbols);
	free(all);
	return rc < 0 ? CB_EXIT_FATAL : CB_EXIT_OK;
}
