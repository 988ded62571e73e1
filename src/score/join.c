/* cb-score's stream join: every candle series keeps a history of its
 * candles (close, compared volume and the 7-day mean before each), every
 * open-interest source a history of its values. A signal is held in its
 * series' queue until each source it needs has moved past the signal candle
 * (or the input ends, or --lateness lets it go), then scored and written.
 * A history is trimmed below what the signals of the series that use it can
 * still ask for: their oldest held signal, or their newest signal when none
 * is held, less the basis look-back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "factors.h"
#include "join.h"
#include "strmap.h"
#include "xalloc.h"

/* The series of one exchange, market and symbol, for lower intervals. */
struct inst {
	struct src **s;
	int n;
};

static struct join_opts opt;
static struct strmap *srcs, *insts;
static struct fifo all;                   /* with --lateness: held signals in input order */
static int64_t watermark = INT64_MIN;     /* the newest event time of the stream */

void join_init(const struct join_opts *o)
{
	opt = *o;
	srcs = strmap_new(sizeof(struct src));
	insts = strmap_new(sizeof(struct inst));
}

static void add_consumer(struct src *from, struct src *to)
{
	from->cons = xreallocarray(from->cons, (size_t)from->ncons + 1, sizeof *from->cons);
	from->cons[from->ncons++] = to;
}

struct src *join_oi(const char *exchange, const char *symbol)
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

struct src *join_series(const char *exchange, const char *market, const char *symbol,
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
		s->mult = spot_pair(symbol, s->spot_symbol, sizeof s->spot_symbol);
		s->spot = join_series(exchange, "spot", s->spot_symbol, iv);
		add_consumer(s->spot, s);
		s->oi = join_oi(exchange, symbol);
		add_consumer(s->oi, s);
		add_consumer(s, s);   /* its own closes, for the basis history */
	}
	return s;
}

struct src *join_find(const struct candle *c)
{
	char key[CANDLE_KEY_MAX];
	size_t n = candle_series_key(c, key);

	return strmap_find(srcs, key, n);
}

static struct pending *front(const struct fifo *q) { return fifo_front(q); }

/* The oldest open_time the signals of c can still ask about, or INT64_MIN
 * while c has had no signal (a later one could be of any time). */
static int64_t need_of(const struct src *c)
{
	if (c->q.len)
		return front(&c->q)->open_time;
	return c->have_sig ? c->sig_t : INT64_MIN;
}

/* Drop the points of s that no signal can still need, keeping one before
 * the bound (the value "at or before" a time). */
static void trim(struct src *s)
{
	int64_t bound = INT64_MAX, late = INT64_MIN;

	if (!s->ncons)
		bound = INT64_MIN;
	for (int i = 0; i < s->ncons; i++) {
		const struct src *c = s->cons[i];
		int64_t need = need_of(c);
		int64_t back = (int64_t)(opt.basis_candles + 1) * c->iv->ms;

		need = need == INT64_MIN ? INT64_MIN : need - back;
		if (need < bound)
			bound = need;
		if (opt.have_lateness && watermark != INT64_MIN &&
		    watermark - opt.lateness - back > late)
			late = watermark - opt.lateness - back;
	}
	if (late > bound)
		bound = late;
	if (bound != INT64_MIN)
		history_trim(&s->h, bound);
	s->trim_at = s->h.len < 32 ? 64 : 2 * s->h.len;
}

void join_before_push(struct src *s)
{
	if (s->h.len >= s->trim_at)
		trim(s);
}

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
		if (!s->oi->seen || history_newest(&s->oi->h)->t < p->end)
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

int join_lower(const struct src *s, const struct history **out, int cap)
{
	const struct inst *in = s->inst;
	int n = 0;

	for (int i = 0; i < in->n && n < cap; i++)
		if (in->s[i]->iv->ms < s->iv->ms && in->s[i]->seen)
			out[n++] = &in->s[i]->h;
	return n;
}

static void release(struct pending *p)
{
	free(p->line);
	free(p);
}

static void score(struct pending *p)
{
	p->done = 1;
	opt.score(p);
}

/* Score the held signals of c that are complete, oldest first. Without
 * --lateness a signal is freed here; with it, drain_late frees it. */
static void drain(struct src *c)
{
	while (c->q.len) {
		struct pending *p = front(&c->q);

		if (!p->done && !complete(p))
			break;
		if (!p->done)
			score(p);
		fifo_pop(&c->q);
		if (!opt.have_lateness)
			release(p);
	}
}

/* With --lateness: score the held signals whose candle ended more than
 * that before the stream's time, in input order, and free what is written. */
static void drain_late(int force)
{
	while (all.len) {
		struct pending *p = front(&all);

		if (!p->done) {
			if (!force && watermark - opt.lateness < p->end)
				break;
			/* Everything before p in its series' queue is written, so
			 * p is at the front: drain takes it from there. */
			score(p);
			drain(p->s);
		}
		fifo_pop(&all);
		release(p);
	}
}

void join_late(void)
{
	if (opt.have_lateness)
		drain_late(0);
}

void join_hold(struct pending *p)
{
	fifo_push(&p->s->q, p);
	if (opt.have_lateness)
		fifo_push(&all, p);
	drain(p->s);
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

void join_end(void)
{
	struct buf b = { 0 };
	struct pending **v;
	size_t n;

	if (opt.have_lateness) {
		drain_late(1);
		return;
	}
	strmap_each(srcs, gather, &b);
	v = (struct pending **)(void *)b.p;
	n = b.len / sizeof *v;
	if (n)
		qsort(v, n, sizeof *v, by_seq);
	for (size_t i = 0; i < n; i++) {
		score(v[i]);
		release(v[i]);
	}
	buf_release(&b);
}

void join_notify(struct src *s)
{
	for (int i = 0; i < s->ncons; i++)
		if (s->cons[i]->q.len)
			drain(s->cons[i]);
}

void join_event(int64_t t)
{
	if (t > watermark)
		watermark = t;
}

int64_t join_watermark(void) { return watermark; }

static void free_src(void *ctx, const char *key, size_t len, void *val)
{
	struct src *s = val;

	(void)ctx;
	(void)key;
	(void)len;
	if (s->seen && s->iv)
		volseries_release(&s->v);
	history_release(&s->h);
	free(s->cons);
	fifo_release(&s->q);
}

static void free_inst(void *ctx, const char *key, size_t len, void *val)
{
	(void)ctx;
	(void)key;
	(void)len;
	free(((struct inst *)val)->s);
}

void join_free(void)
{
	strmap_each(srcs, free_src, NULL);
	strmap_each(insts, free_inst, NULL);
	strmap_free(srcs);
	strmap_free(insts);
	fifo_release(&all);
}
