/* cb-score: score signals on five factors with the context records that
 * share their stream: open interest, the spot series of the same base asset
 * and candles of lower intervals (cb-score(1)).
 *
 * Every candle series keeps a history of its candles (close, compared volume
 * and the 7-day mean before each), every open-interest source a history of
 * its values. A signal is held in its series' queue until each source it
 * needs has moved past the signal candle (or the input ends, or --lateness
 * lets it go), then scored from those histories and written. A history is
 * trimmed below what the signals of the series that use it can still ask
 * for: their oldest held signal, or their newest signal when none is held,
 * less the basis look-back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "candle.h"
#include "cbtime.h"
#include "json.h"
#include "jsonw.h"
#include "lines.h"
#include "msg.h"
#include "num.h"
#include "oi.h"
#include "opts.h"
#include "out.h"
#include "score.h"
#include "signalrec.h"
#include "strmap.h"
#include "volseries.h"
#include "xalloc.h"

enum { OPT_PASS = 'p', OPT_MIN_SCORE = OPT_TOOL, OPT_LEVEL, OPT_WEIGHTS, OPT_LEVELS,
       OPT_VOLUME_STEPS, OPT_OI_STEPS, OPT_SPOT_STEPS, OPT_TIMING_STEPS,
       OPT_CONFIRMATION_POINTS, OPT_SYNC_RATIO, OPT_OI_RISE, OPT_LTF_RATIO,
       OPT_BASIS_RATIO, OPT_BASIS_CANDLES, OPT_LATENESS, OPT_NOW, OPT_STRICT };

static const struct opt options[] = {
	{ "pass-through", OPT_PASS, 0, NULL, "copy every input line to the output, in place; scored signals follow" },
	{ "min-score", OPT_MIN_SCORE, 1, "N", "write only signals whose total is at least N" },
	{ "level", OPT_LEVEL, 1, "LEVEL", "write only signals at LEVEL or above (LOW, MEDIUM, HIGH, EXTREME)" },
	{ "weights", OPT_WEIGHTS, 1, "V,O,S,C,T", "maximum points of volume, oi, spot_sync, confirmation, timing (25,25,20,20,10)" },
	{ "levels", OPT_LEVELS, 1, "E,H,M", "lowest totals of EXTREME, HIGH and MEDIUM (80,60,40)" },
	{ "volume-steps", OPT_VOLUME_STEPS, 1, "TABLE", "points by spike_ratio_7d (5:25,3:20,2:15,10)" },
	{ "oi-steps", OPT_OI_STEPS, 1, "TABLE", "points by oi_change_pct (50:25,30:20,15:15,5:10,0)" },
	{ "spot-steps", OPT_SPOT_STEPS, 1, "TABLE", "points by spot_spike_ratio_7d (3:20,2:15,1.5:10,0)" },
	{ "timing-steps", OPT_TIMING_STEPS, 1, "TABLE", "points by the signal's age, at or below (4h:10,12h:7,24h:5,48h:3,0)" },
	{ "confirmation-points", OPT_CONFIRMATION_POINTS, 1, "EACH,MAX", "points per confirmation and their maximum (5,20)" },
	{ "sync-ratio", OPT_SYNC_RATIO, 1, "R", "has_spot_sync when spot_spike_ratio_7d is at least R (1.5)" },
	{ "oi-rise", OPT_OI_RISE, 1, "PCT", "OI_RISE when oi_change_pct is at least PCT (5)" },
	{ "ltf-ratio", OPT_LTF_RATIO, 1, "R", "LTF_VOLUME when a lower-interval candle has more than R times its 7-day mean (2)" },
	{ "basis-ratio", OPT_BASIS_RATIO, 1, "R", "BASIS_ANOMALY when |basis_pct| is more than R times its recent mean (2)" },
	{ "basis-candles", OPT_BASIS_CANDLES, 1, "N", "the recent mean of |basis_pct| is over the N candles before (12)" },
	{ "lateness", OPT_LATENESS, 1, "DURATION", "score a signal once the stream is DURATION past its candle's end, with what has come" },
	{ "now", OPT_NOW, 1, "TIME", "take TIME as the scoring time for the timing factor" },
	{ "strict", OPT_STRICT, 0, NULL, "stop at the first rejected record (exit 1)" },
	OPTS_COMMON,
	{ 0 }
};

static const struct opt_usage usage = {
	"[OPTION]... [FILE]...",
	"Score signals (NDJSON) on volume, open interest, spot-futures sync, confirmations\n"
	"and timing, with the candle and oi records of the same stream.\n"
	"Reads standard input when no FILE is given, or when FILE is -.",
	"A TABLE is BOUND:POINTS,... from the highest bound down (timing: from the\n"
	"shortest age up), optionally ending with the POINTS for anything else."
};

#define BASIS_MAX 64

static struct {
	int pass;
	int have_min_score, min_level;
	double min_score;
	struct score_rules rules;
	double sync_ratio, oi_rise, ltf_ratio, basis_ratio;
	int basis_candles;
	int have_lateness, have_now;
	int64_t lateness, now;
} cfg;

/* One candle of a series (its latest update), or one open-interest value. */
struct entry {
	int64_t t;             /* open_time; for open interest its time */
	double close;          /* the close; for open interest the value */
	double vol, mean;      /* the compared volume and the 7-day mean before it */
	unsigned char has_mean, closed;
};

/* Entries in time order: p[start .. start + len). */
struct hist {
	struct entry *p;
	size_t start, len, cap;
	size_t trim_at;
};

struct pending;

/* Held signals, oldest first: p[start .. start + len). */
struct pqueue {
	struct pending **p;
	size_t start, len, cap;
};

/* A candle series (exchange, market, symbol, interval), which is also the
 * series of its signals; or (iv NULL) the open interest of a symbol. */
struct src {
	char exchange[CANDLE_NAME_MAX], market[CANDLE_NAME_MAX], symbol[CANDLE_NAME_MAX];
	const struct interval *iv;       /* NULL for open interest */
	int seen;                        /* a record of it has been read */
	struct volseries v;
	struct hist h;
	struct src **cons;               /* the series whose signals use this one */
	int ncons;
	int futures;
	/* As the series of signals: */
	int have_sig;
	int64_t sig_t;                   /* open_time of the newest signal */
	struct pqueue q;                 /* its held signals */
	struct src *spot, *oi;           /* futures: the sources paired with it */
	char spot_symbol[CANDLE_NAME_MAX];
	double mult;                     /* futures price / spot price: 1000 for 1000PEPEUSDT */
	struct inst *inst;
};

/* The series of one exchange, market and symbol, for lower intervals. */
struct inst {
	struct src **s;
	int n;
};

/* A held signal: its line and what scoring needs of it. */
struct pending {
	char *line;
	size_t len;
	struct src *s;
	int64_t open_time, detected_at;
	double price, ratio;
	int has_ratio;
	int rescan;                      /* the line has members cb-score replaces */
	int64_t end;                     /* the signal candle's end: close_time + 1 */
	unsigned long long seq;          /* input order */
	int done;
};

static struct strmap *srcs, *insts;
static struct pqueue all;               /* with --lateness: held signals in input order */
static unsigned long long nseq;
static int64_t watermark = INT64_MIN;     /* the newest event time of the stream */
static struct buf obuf;
static const int64_t win7d[1] = { 7 * MS_PER_DAY };

/* --- histories --- */

static struct entry *hist_at(const struct hist *h, size_t i) { return &h->p[h->start + i]; }

static struct entry *hist_push(struct hist *h)
{
	if (h->start + h->len == h->cap) {
		if (h->start > h->cap / 2) {
			memmove(h->p, h->p + h->start, h->len * sizeof *h->p);
			h->start = 0;
		} else {
			h->cap = h->cap ? 2 * h->cap : 64;
			h->p = xreallocarray(h->p, h->cap, sizeof *h->p);
		}
	}
	return &h->p[h->start + h->len++];
}

/* The index of the first entry with t >= x (len if none). */
static size_t hist_lower(const struct hist *h, int64_t x)
{
	size_t lo = 0, hi = h->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (hist_at(h, mid)->t < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The entry with t == x, or NULL. */
static const struct entry *hist_find(const struct hist *h, int64_t x)
{
	size_t i = hist_lower(h, x);

	return i < h->len && hist_at(h, i)->t == x ? hist_at(h, i) : NULL;
}

/* The last entry with t <= x, or NULL. */
static const struct entry *hist_at_or_before(const struct hist *h, int64_t x)
{
	size_t i = hist_lower(h, x + 1);

	return i ? hist_at(h, i - 1) : NULL;
}

static void pq_push(struct pqueue *q, struct pending *p)
{
	if (q->start + q->len == q->cap) {
		if (q->start) {
			memmove(q->p, q->p + q->start, q->len * sizeof *q->p);
			q->start = 0;
		} else {
			q->cap = q->cap ? 2 * q->cap : 8;
			q->p = xreallocarray(q->p, q->cap, sizeof *q->p);
		}
	}
	q->p[q->start + q->len++] = p;
}

static struct pending *pq_front(const struct pqueue *q) { return q->p[q->start]; }

static void pq_pop(struct pqueue *q)
{
	q->start++;
	if (!--q->len)
		q->start = 0;
}

/* The time of the newest entry of a source that has been seen: its
 * history always keeps the newest entry. */
static int64_t newest(const struct src *s) { return hist_at(&s->h, s->h.len - 1)->t; }

/* --- sources and their links --- */

/* The spot symbol of a futures symbol and the price multiplier: a leading
 * "1000", "10000", ... or "1M" is a multiplier (1000PEPEUSDT is PEPEUSDT). */
static double spot_pair(const char *sym, char *out)
{
	double mult = 1;
	size_t z = 0;

	if (sym[0] == '1') {
		while (sym[1 + z] == '0')
			z++;
		if (z >= 3 && sym[1 + z] >= 'A' && sym[1 + z] <= 'Z') {
			mult = pow(10, (double)z);
			sym += 1 + z;
		} else if (sym[1] == 'M' && sym[2] >= 'A' && sym[2] <= 'Z') {
			mult = 1e6;
			sym += 2;
		}
	}
	snprintf(out, CANDLE_NAME_MAX, "%s", sym);
	return mult;
}

static void add_consumer(struct src *from, struct src *to)
{
	from->cons = xreallocarray(from->cons, (size_t)from->ncons + 1, sizeof *from->cons);
	from->cons[from->ncons++] = to;
}

static struct src *oi_source(const char *exchange, const char *symbol)
{
	char key[2 * CANDLE_NAME_MAX + 4];
	int n = snprintf(key, sizeof key, "%s:%s", exchange, symbol), created;
	struct src *o = strmap_get(srcs, key, (size_t)n, &created);

	if (created) {
		snprintf(o->exchange, sizeof o->exchange, "%s", exchange);
		snprintf(o->symbol, sizeof o->symbol, "%s", symbol);
	}
	return o;
}

static struct src *series(const char *exchange, const char *market, const char *symbol,
			  const struct interval *iv)
{
	char key[CANDLE_KEY_MAX];
	int n = snprintf(key, sizeof key, "%s:%s:%s:%s", exchange, market, symbol, iv->name);
	int created;
	struct src *s = strmap_get(srcs, key, (size_t)n, &created);
	struct inst *in;

	if (!created)
		return s;
	snprintf(s->exchange, sizeof s->exchange, "%s", exchange);
	snprintf(s->market, sizeof s->market, "%s", market);
	snprintf(s->symbol, sizeof s->symbol, "%s", symbol);
	s->iv = iv;
	s->futures = !strcmp(market, "futures");
	n = snprintf(key, sizeof key, "%s:%s:%s", exchange, market, symbol);
	in = strmap_get(insts, key, (size_t)n, NULL);
	/* Lower intervals of the same instrument are sources of the higher. */
	for (int i = 0; i < in->n; i++) {
		if (in->s[i]->iv->ms < iv->ms)
			add_consumer(in->s[i], s);
		else
			add_consumer(s, in->s[i]);
	}
	in->s = xreallocarray(in->s, (size_t)in->n + 1, sizeof *in->s);
	in->s[in->n++] = s;
	s->inst = in;
	if (s->futures) {
		s->mult = spot_pair(symbol, s->spot_symbol);
		s->spot = series(exchange, "spot", s->spot_symbol, iv);
		add_consumer(s->spot, s);
		s->oi = oi_source(exchange, symbol);
		add_consumer(s->oi, s);
		add_consumer(s, s);   /* its own closes, for the basis history */
	}
	return s;
}

/* The oldest open_time the signals of c can still ask about, or INT64_MIN
 * while c has had no signal (a later one could be of any time). */
static int64_t need_of(const struct src *c)
{
	if (c->q.len)
		return pq_front(&c->q)->open_time;
	return c->have_sig ? c->sig_t : INT64_MIN;
}

/* Drop the entries of s that no signal can still need, keeping one before
 * the bound (the value "at or before" a time). */
static void trim(struct src *s)
{
	int64_t bound = INT64_MAX, late = INT64_MIN;
	size_t k;

	if (!s->ncons)
		bound = INT64_MIN;
	for (int i = 0; i < s->ncons; i++) {
		const struct src *c = s->cons[i];
		int64_t need = need_of(c);
		int64_t back = (int64_t)(cfg.basis_candles + 1) * c->iv->ms;

		need = need == INT64_MIN ? INT64_MIN : need - back;
		if (need < bound)
			bound = need;
		if (cfg.have_lateness && watermark != INT64_MIN &&
		    watermark - cfg.lateness - back > late)
			late = watermark - cfg.lateness - back;
	}
	if (late > bound)
		bound = late;
	if (bound != INT64_MIN) {
		k = hist_lower(&s->h, bound);
		if (k > 1) {
			s->h.start += k - 1;
			s->h.len -= k - 1;
		}
	}
	s->h.trim_at = s->h.len < 32 ? 64 : 2 * s->h.len;
}

/* --- scoring --- */

/* 1 once every source the held signal p needs has moved past its candle. */
static int complete(const struct pending *p)
{
	const struct src *s = p->s;
	int64_t t = p->open_time;
	const struct inst *in = s->inst;

	if (s->futures) {
		const struct src *sp = s->spot;

		if (!sp->seen || sp->v.last.open_time < t ||
		    (sp->v.last.open_time == t && !sp->v.last.closed))
			return 0;
		if (!s->oi->seen || newest(s->oi) < p->end)
			return 0;
	}
	for (int i = 0; i < in->n; i++) {
		const struct src *l = in->s[i];

		if (l->iv->ms >= s->iv->ms || !l->seen)
			continue;
		if (l->v.last.open_time < p->end &&
		    !(l->v.last.closed && l->v.last.close_time + 1 >= p->end))
			return 0;
	}
	return 1;
}

/* Percent changes multiply first, so that round inputs give round results:
 * 1000 to 1300 is 30, where 0.3 * 100 would be 29.999999999999996. */
static double pct(double from, double to) { return pct_change(from, to); }

static double basis(double fut, double spot) { return pct(spot, fut); }

/* The recent mean of |basis_pct|: over the basis_candles candles of s
 * before t, each with its spot candle. Returns 0 if any is missing. */
static int basis_mean(const struct src *s, int64_t t, double *mean)
{
	double sum = 0;

	for (int k = 1; k <= cfg.basis_candles; k++) {
		int64_t tk = interval_back(s->iv, t, k);
		const struct entry *f = hist_find(&s->h, tk), *sp = hist_find(&s->spot->h, tk);

		if (!f || !sp || !(sp->close > 0))
			return 0;
		sum += fabs(basis(f->close, sp->close * s->mult));
	}
	*mean = sum / cfg.basis_candles;
	return 1;
}

/* LTF_VOLUME: a candle of a lower interval of the same instrument inside
 * [t, end) with more than ltf_ratio times that series' 7-day mean before t.
 * Returns 1 confirmed, 0 not, -1 when no lower-interval series can tell. */
static int ltf_volume(const struct src *s, int64_t t, int64_t end)
{
	const struct inst *in = s->inst;
	int known = 0;

	for (int i = 0; i < in->n; i++) {
		const struct src *l = in->s[i];
		size_t j;
		double m;

		if (l->iv->ms >= s->iv->ms || !l->seen)
			continue;
		j = hist_lower(&l->h, t);
		if (j == l->h.len || hist_at(&l->h, j)->t >= end || !hist_at(&l->h, j)->has_mean)
			continue;
		known = 1;
		m = hist_at(&l->h, j)->mean;
		for (; j < l->h.len && hist_at(&l->h, j)->t < end; j++)
			if (hist_at(&l->h, j)->vol > cfg.ltf_ratio * m)
				return 1;
	}
	return known ? 0 : -1;
}

static void add_names(struct buf *b, const char *key, const char *const *names, int n)
{
	jw_key(b, key);
	buf_addc(b, '[');
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		jw_strval(b, names[i], strlen(names[i]));
	}
	buf_addc(b, ']');
}

/* The members cb-score writes; an input signal's own are replaced. */
static int scored_member(const struct jfield *f)
{
	return signal_scored_member(f);
}

static void score_and_write(struct pending *p)
{
	const struct pending *g = p;
	const struct src *s = p->s;
	struct score_input in = { 0 };
	struct score sc;
	const char *missing[4], *conf[NCONFIRMATIONS];
	int nmissing = 0, nconf = 0, has_basis = 0, ltf;
	double spot_close = 0, basis_pct = 0, m;
	int64_t now = cfg.have_now ? cfg.now : watermark;
	struct jscan js;
	struct jfield f;

	p->done = 1;
	in.has_ratio = g->has_ratio;
	in.ratio = g->ratio;
	if (s->futures) {
		const struct entry *e = hist_find(&s->spot->h, g->open_time);
		const struct entry *o1 = hist_at_or_before(&s->oi->h, g->open_time);
		const struct entry *o2 = hist_at_or_before(&s->oi->h, p->end);

		if (o1 && o2 && o1->close > 0) {
			in.has_oi = 1;
			in.oi_pct = pct(o1->close, o2->close);
			if (in.oi_pct >= cfg.oi_rise)
				in.confirmations |= 1u << CONF_OI_RISE;
		}
		if (e && e->has_mean && e->mean > 0) {
			in.has_spot = 1;
			in.spot_ratio = e->vol / e->mean;
			if (in.spot_ratio >= cfg.sync_ratio)
				in.confirmations |= 1u << CONF_SPOT_SYNC;
		}
		if (e && e->close > 0) {
			spot_close = e->close * s->mult;
			has_basis = 1;
			basis_pct = basis(g->price, spot_close);
			if (basis_mean(s, g->open_time, &m) && fabs(basis_pct) > cfg.basis_ratio * m)
				in.confirmations |= 1u << CONF_BASIS_ANOMALY;
		}
	}
	ltf = ltf_volume(s, g->open_time, p->end);
	if (ltf > 0)
		in.confirmations |= 1u << CONF_LTF_VOLUME;
	in.age_ms = now == INT64_MIN ? 0 : now - g->detected_at;
	score_compute(&cfg.rules, &in, &sc);
	if (cfg.have_min_score && sc.total < cfg.min_score)
		return;
	if (score_level_rank(sc.level) < cfg.min_level)
		return;

	if (!g->has_ratio)
		missing[nmissing++] = "volume";
	if (!in.has_oi)
		missing[nmissing++] = "oi";
	if (!in.has_spot)
		missing[nmissing++] = "spot";
	if (ltf < 0)
		missing[nmissing++] = "ltf";
	for (int c = 0; c < NCONFIRMATIONS; c++)
		if (in.confirmations & 1u << c)
			conf[nconf++] = confirmation_name((enum confirmation)c);

	/* The input's members in their order and form, then the score's. A
	 * line without members to replace is copied up to its closing brace. */
	buf_reset(&obuf);
	if (!p->rescan) {
		size_t n = p->len;

		while (n && p->line[n - 1] != '}')
			n--;
		buf_add(&obuf, p->line, n - 1);
	} else {
		buf_addc(&obuf, '{');
		jscan_init(&js, p->line, p->len);
		while (jscan_next(&js, &f) > 0) {
			const char *from = f.key - 1;
			const char *to = f.val + f.vlen + (f.type == JSON_STRING);

			if (scored_member(&f))
				continue;
			if (obuf.len > 1)
				buf_addc(&obuf, ',');
			buf_add(&obuf, from, (size_t)(to - from));
		}
	}
	score_write(&obuf, &sc);
	jw_num_or_null(&obuf, "oi_change_pct", in.has_oi, in.oi_pct);
	if (s->futures)
		jw_str(&obuf, "spot_symbol", s->spot_symbol);
	else
		jw_null(&obuf, "spot_symbol");
	jw_num_or_null(&obuf, "spot_spike_ratio_7d", in.has_spot, in.spot_ratio);
	if (in.has_spot)
		jw_bool(&obuf, "has_spot_sync", in.spot_ratio >= cfg.sync_ratio);
	else
		jw_null(&obuf, "has_spot_sync");
	jw_num_or_null(&obuf, "basis_pct", has_basis, basis_pct);
	add_names(&obuf, "confirmations", conf, nconf);
	add_names(&obuf, "missing", missing, nmissing);
	jw_end(&obuf);
	out_write(obuf.p, obuf.len);
}

static void release(struct pending *p)
{
	free(p->line);
	free(p);
}

/* Score the held signals of c that are complete, oldest first. Without
 * --lateness a signal is freed here; with it, drain_late frees it. */
static void drain(struct src *c)
{
	while (c->q.len) {
		struct pending *p = pq_front(&c->q);

		if (!p->done && !complete(p))
			break;
		if (!p->done)
			score_and_write(p);
		pq_pop(&c->q);
		if (!cfg.have_lateness)
			release(p);
	}
}

/* With --lateness: score the held signals whose candle ended more than
 * that before the stream's time, in input order, and free what is written. */
static void drain_late(int force)
{
	while (all.len) {
		struct pending *p = pq_front(&all);

		if (!p->done) {
			if (!force && watermark - cfg.lateness < p->end)
				break;
			/* Everything before p in its series' queue is written, so
			 * p is at the front: drain takes it from there. */
			score_and_write(p);
			drain(p->s);
		}
		pq_pop(&all);
		release(p);
	}
}

static void gather(void *ctx, const char *key, size_t len, void *val)
{
	struct src *s = val;
	struct buf *b = ctx;

	(void)key;
	(void)len;
	if (s->q.len)
		buf_add(b, s->q.p + s->q.start, s->q.len * sizeof *s->q.p);
	s->q.len = 0;
}

static int by_seq(const void *a, const void *b)
{
	const struct pending *x = *(struct pending *const *)a, *y = *(struct pending *const *)b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* At the end of input: score what is still held, in input order. */
static void drain_end(void)
{
	struct buf b = { 0 };
	struct pending **v;
	size_t n;

	if (cfg.have_lateness) {
		drain_late(1);
		return;
	}
	strmap_each(srcs, gather, &b);
	v = (struct pending **)(void *)b.p;
	n = b.len / sizeof *v;
	if (n)
		qsort(v, n, sizeof *v, by_seq);
	for (size_t i = 0; i < n; i++) {
		score_and_write(v[i]);
		release(v[i]);
	}
	buf_release(&b);
}

static void notify(struct src *s)
{
	for (int i = 0; i < s->ncons; i++)
		if (s->cons[i]->q.len)
			drain(s->cons[i]);
}

static void event(int64_t t)
{
	if (t > watermark)
		watermark = t;
}

/* --- records --- */

static void on_candle(const struct candle *c, const char *file, long lineno)
{
	char key[CANDLE_KEY_MAX];
	size_t n = candle_series_key(c, key);
	struct src *s = strmap_find(srcs, key, n);

	if (!s)
		s = series(c->exchange, c->market, c->symbol, c->interval);
	struct entry *e;
	int r;

	if (!s->seen) {
		volseries_init(&s->v, c, win7d, 1, MEASURE_AUTO);
		s->seen = 1;
	}
	r = volseries_add(&s->v, c);
	if (r == VOLSERIES_NO_QUOTE) {
		reject(file, lineno, "candle: 'quote_volume' is missing (series %s:%s:%s:%s "
		       "compares quote volume, as its first candle has it)", c->exchange,
		       c->market, c->symbol, c->interval->name);
		return;
	}
	if (r == VOLSERIES_OLDER) {
		reject(file, lineno, "candle: 'open_time' %lld is older than the last "
		       "candle of %s:%s:%s:%s (%lld); each series must be in time order",
		       (long long)c->open_time, c->exchange, c->market, c->symbol,
		       c->interval->name, (long long)s->v.last.open_time);
		return;
	}
	if (r == VOLSERIES_NEW) {
		if (s->h.len >= s->h.trim_at)
			trim(s);
		e = hist_push(&s->h);
		e->t = c->open_time;
		e->has_mean = (unsigned char)baseline_mean(&s->v.bl, 0, &e->mean);
	} else {
		e = hist_at(&s->h, s->h.len - 1);
	}
	e->close = c->close;
	e->vol = volseries_measure(&s->v, c);
	e->closed = (unsigned char)c->closed;
	event(candle_event_time(c));
	notify(s);
}

static void on_oi(const struct oi *o, const char *file, long lineno)
{
	struct src *s = oi_source(o->exchange, o->symbol);
	struct entry *e;

	if (s->seen && o->time < newest(s)) {
		reject(file, lineno, "oi: 'time' %lld is older than the last oi record of %s:%s "
		       "(%lld); each symbol's oi records must be in time order",
		       (long long)o->time, o->exchange, o->symbol, (long long)newest(s));
		return;
	}
	if (s->seen && o->time == newest(s)) {
		e = hist_at(&s->h, s->h.len - 1);
	} else {
		if (s->h.len >= s->h.trim_at)
			trim(s);
		e = hist_push(&s->h);
		e->t = o->time;
	}
	s->seen = 1;
	e->close = o->open_interest;
	event(o->time);
	notify(s);
}

static void on_signal(const struct signal_in *g, const struct line *ln, const char *file)
{
	struct src *s = series(g->exchange, g->market, g->symbol, g->interval);
	struct pending *p;

	if (s->have_sig && g->open_time < s->sig_t) {
		reject(file, ln->no, "signal: 'open_time' %lld is older than the last signal of "
		       "%s:%s:%s:%s (%lld); each series' signals must be in time order",
		       (long long)g->open_time, g->exchange, g->market, g->symbol,
		       g->interval->name, (long long)s->sig_t);
		return;
	}
	s->have_sig = 1;
	s->sig_t = g->open_time;
	p = xcalloc(1, sizeof *p);
	p->s = s;
	p->open_time = g->open_time;
	p->detected_at = g->detected_at;
	p->price = g->price;
	p->has_ratio = g->has_ratio;
	p->ratio = g->ratio;
	p->rescan = g->cb_score_members;
	p->line = xmalloc(ln->len);
	memcpy(p->line, ln->p, ln->len);
	p->len = ln->len;
	p->end = interval_close_time(g->interval, g->open_time) + 1;
	p->seq = nseq++;
	pq_push(&s->q, p);
	if (cfg.have_lateness)
		pq_push(&all, p);
	event(g->detected_at);
	drain(s);
}

static void pass_line(const struct line *ln)
{
	if (cfg.pass)
		out_line(ln->raw, ln->rawlen);
}

/* The record type of a line in cb's canonical form, which starts with its
 * type; 0 for anything else (then each reader in turn decides). */
static int sniff(const struct line *ln)
{
	if (ln->len > 17 && !memcmp(ln->p, "{\"type\":\"signal\",", 18))
		return 's';
	if (ln->len > 13 && !memcmp(ln->p, "{\"type\":\"oi\",", 14))
		return 'o';
	return 0;
}

static void on_line(void *ctx, const struct line *ln, const char *name)
{
	union { struct candle c; struct signal_in g; struct oi o; } u;
	char err[256];
	int r = REC_OTHER, kind = sniff(ln);

	(void)ctx;
	if (!kind && (r = candle_parse(&u.c, ln->p, ln->len, err, sizeof err)) != REC_OTHER) {
		pass_line(ln);
		if (r == REC_OK)
			on_candle(&u.c, name, ln->no);
		else
			reject(name, ln->no, "%s", err);
	} else if (kind != 'o' &&
		   (r = signal_parse(&u.g, ln->p, ln->len, err, sizeof err)) == REC_OK) {
		pass_line(ln);   /* in place too, so later tools can follow it */
		on_signal(&u.g, ln, name);
	} else {
		pass_line(ln);
		if (r == REC_BAD)
			reject(name, ln->no, "%s", err);
		else if ((r = oi_parse(&u.o, ln->p, ln->len, err, sizeof err)) == REC_OK)
			on_oi(&u.o, name, ln->no);
		else if (r == REC_BAD)
			reject(name, ln->no, "%s", err);
	}
	if (cfg.have_lateness)
		drain_late(0);
}

static void free_src(void *ctx, const char *key, size_t len, void *val)
{
	struct src *s = val;

	(void)ctx;
	(void)key;
	(void)len;
	if (s->seen && s->iv)
		volseries_release(&s->v);
	free(s->h.p);
	free(s->cons);
	free(s->q.p);
}

static void free_inst(void *ctx, const char *key, size_t len, void *val)
{
	(void)ctx;
	(void)key;
	(void)len;
	free(((struct inst *)val)->s);
}

static double number_arg(const char *opt, const char *arg, double lo)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v >= lo) || !isfinite(v))
		usage_error("--%s: '%s' is not a number of %g or more", opt, arg, lo);
	return v;
}

static void steps_arg(const char *opt, struct steps *t, const char *arg, int durations)
{
	const char *why;

	if (steps_parse(t, arg, durations, &why) < 0)
		usage_error("--%s: '%s': %s", opt, arg, why);
}

int main(int argc, char **argv)
{
	const char *arg;
	int c;

	msg_init("cb-score");
	score_rules_default(&cfg.rules);
	cfg.sync_ratio = 1.5;
	cfg.oi_rise = 5;
	cfg.ltf_ratio = 2;
	cfg.basis_ratio = 2;
	cfg.basis_candles = 12;
	while ((c = opts_next(argc, argv, options, &usage, &arg)) != -1) {
		switch (c) {
		case OPT_PASS: cfg.pass = 1; break;
		case OPT_STRICT: msg_set_strict(1); break;
		case OPT_MIN_SCORE:
			cfg.min_score = number_arg("min-score", arg, 0);
			cfg.have_min_score = 1;
			break;
		case OPT_LEVEL:
			if ((cfg.min_level = score_level_rank(arg)) < 0)
				usage_error("--level: '%s' is not LOW, MEDIUM, HIGH or EXTREME", arg);
			break;
		case OPT_WEIGHTS:
			if (score_weights_parse(&cfg.rules, arg) < 0)
				usage_error("--weights: '%s' is not five numbers of 0 or more "
					    "such as 25,25,20,20,10", arg);
			break;
		case OPT_LEVELS:
			if (score_levels_parse(&cfg.rules, arg) < 0)
				usage_error("--levels: '%s' is not three decreasing numbers "
					    "such as 80,60,40", arg);
			break;
		case OPT_VOLUME_STEPS: steps_arg("volume-steps", &cfg.rules.volume, arg, 0); break;
		case OPT_OI_STEPS: steps_arg("oi-steps", &cfg.rules.oi, arg, 0); break;
		case OPT_SPOT_STEPS: steps_arg("spot-steps", &cfg.rules.spot, arg, 0); break;
		case OPT_TIMING_STEPS: steps_arg("timing-steps", &cfg.rules.timing, arg, 1); break;
		case OPT_CONFIRMATION_POINTS: {
			char *end;

			cfg.rules.confirm_each = strtod(arg, &end);
			if (end == arg || *end != ',' || !(cfg.rules.confirm_each >= 0))
				usage_error("--confirmation-points: '%s' is not EACH,MAX "
					    "such as 5,20", arg);
			cfg.rules.confirm_max = number_arg("confirmation-points", end + 1, 0);
			break;
		}
		case OPT_SYNC_RATIO: cfg.sync_ratio = number_arg("sync-ratio", arg, 0); break;
		case OPT_OI_RISE: cfg.oi_rise = number_arg("oi-rise", arg, -100); break;
		case OPT_LTF_RATIO: cfg.ltf_ratio = number_arg("ltf-ratio", arg, 0); break;
		case OPT_BASIS_RATIO: cfg.basis_ratio = number_arg("basis-ratio", arg, 0); break;
		case OPT_BASIS_CANDLES: {
			double n = number_arg("basis-candles", arg, 1);

			if (n != floor(n) || n > BASIS_MAX)
				usage_error("--basis-candles: '%s' is not a whole number from 1 to %d",
					    arg, BASIS_MAX);
			cfg.basis_candles = (int)n;
			break;
		}
		case OPT_LATENESS:
			if (duration_parse(arg, &cfg.lateness) < 0)
				usage_error("--lateness: '%s' is not a duration such as 4h or 0s", arg);
			cfg.have_lateness = 1;
			break;
		case OPT_NOW:
			cfg.now = opts_time("--now", arg);
			cfg.have_now = 1;
			break;
		default:
			usage_error("unhandled option");
		}
	}
	out_init();
	srcs = strmap_new(sizeof(struct src));
	insts = strmap_new(sizeof(struct inst));
	lines_foreach(argv + optind, argc - optind, 0, on_line, NULL);
	drain_end();
	out_close();
	strmap_each(srcs, free_src, NULL);
	strmap_each(insts, free_inst, NULL);
	strmap_free(srcs);
	strmap_free(insts);
	free(all.p);
	buf_release(&obuf);
	return msg_exit_status();
}
