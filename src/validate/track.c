/* The filter: register signals, follow them with the candles of their
 * symbol, write status, score and tracking records, keep it all in the
 * store.
 *
 * The signals being followed (DETECTED, MONITORING) live in memory, indexed
 * by exchange:market:symbol, so that a candle costs one hash lookup. Every
 * signal touched in a run stays in memory (the map by id); rows changed
 * since the last commit are on the dirty list and written at the commit.
 *
 * Transactions are short, so that other writers of the store (the cb-fetch
 * at the head of the pipeline, overlapping cron jobs) are never locked out
 * while this run waits: one begins when a line is there to process, and
 * it is committed before the reader waits for more input, every
 * BATCH_RECORDS records, every BATCH_MS, and at the end. A killed run thus
 * leaves the store at a consistent point; since each signal keeps the
 * event time of its last candle, the next run skips what was applied and
 * finishes the rest. When another process committed between two of our
 * transactions, what is in memory may be stale: it is dropped and read
 * again from the store, which merges overlapping runs as if they had run
 * one after the other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbtime.h"
#include "candle.h"
#include "lines.h"
#include "msg.h"
#include "out.h"
#include "rejects.h"
#include "signalrec.h"
#include "strmap.h"
#include "validate.h"
#include "xalloc.h"

#define BATCH_RECORDS 100000
#define BATCH_MS 1000

/* The confirmations cb-score sets; the others are cb-validate's own. */
#define SCORE_CONFIRMATIONS ((1u << CONF_SPOT_SYNC) | (1u << CONF_OI_RISE) | \
			     (1u << CONF_LTF_VOLUME) | (1u << CONF_BASIS_ANOMALY))

struct vsig {
	struct signal_row row;
	int dirty;
	int active;               /* in its symbol's list */
	struct vsig *next_dirty;
};

/* The signals followed for one exchange:market:symbol. */
struct followed {
	struct vsig **v;
	size_t n, cap;
};

/* The state of one run of the filter, passed to every function below. */
struct tracker {
	struct validate *v;
	struct strmap *by_id;     /* id -> struct vsig */
	struct strmap *by_symbol; /* exchange:market:symbol -> struct followed */
	struct vsig *dirty;
	int store_empty;          /* no signal in the store (at the last check) */
	int in_tx;                /* a transaction is open */
	long records;             /* since the last commit */
	int64_t batch_start;
	struct report *rep;
	long signals, candles;    /* accepted in this run */
};

static void fatal_store(struct tracker *tk)
{
	store_rollback(tk->v->store);
	die("%s: the store is unchanged since the last commit; run again to finish",
	    tk->v->db_path);
}

static void touch(struct tracker *tk, struct vsig *s)
{
	if (!s->dirty) {
		s->dirty = 1;
		s->next_dirty = tk->dirty;
		tk->dirty = s;
	}
}

static size_t symbol_key(const char *exchange, const char *market, const char *symbol,
			 char *dst)
{
	int n = snprintf(dst, CANDLE_KEY_MAX, "%s:%s:%s", exchange, market, symbol);

	return (size_t)n;
}

static void follow(struct tracker *tk, struct vsig *s)
{
	char key[CANDLE_KEY_MAX];
	size_t n = symbol_key(s->row.sig.exchange, s->row.sig.market, s->row.sig.symbol, key);
	struct followed *f = strmap_get(tk->by_symbol, key, n, NULL);

	if (s->active)
		return;
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 4;
		f->v = xreallocarray(f->v, f->cap, sizeof *f->v);
	}
	f->v[f->n++] = s;
	s->active = 1;
}

/* Write the rows changed since the last commit and commit, if a
 * transaction is open. */
static void commit(struct tracker *tk)
{
	if (!tk->in_tx)
		return;
	for (struct vsig *s = tk->dirty; s; s = s->next_dirty) {
		if (store_signal_put(tk->v->store, &s->row) < 0)
			fatal_store(tk);
		s->dirty = 0;
	}
	tk->dirty = NULL;
	if (store_commit(tk->v->store) < 0)
		fatal_store(tk);
	tk->in_tx = 0;
	tk->records = 0;
}

static void free_followed(void *ctx, const char *key, size_t len, void *val)
{
	struct followed *f = val;

	(void)ctx;
	(void)key;
	(void)len;
	free(f->v);
}

static void load_active(void *ctx, const struct signal_row *row)
{
	struct tracker *tk = ctx;
	struct vsig *s = strmap_get(tk->by_id, row->sig.id, strlen(row->sig.id), NULL);

	s->row = *row;
	follow(tk, s);
}

/* Drop what is in memory and load the signals followed from the store. */
static int load(struct tracker *tk)
{
	struct signal_filter active = { .active = 1 };
	int any;

	if (tk->by_symbol) {
		strmap_each(tk->by_symbol, free_followed, NULL);
		strmap_free(tk->by_symbol);
		strmap_free(tk->by_id);
	}
	tk->by_id = strmap_new(sizeof(struct vsig));
	tk->by_symbol = strmap_new(sizeof(struct followed));
	any = store_has_signals(tk->v->store);
	if (any < 0)
		return -1;
	tk->store_empty = !any;
	return store_signal_each(tk->v->store, &active, load_active, tk);
}

/* Open a transaction unless one is; read the store again if another
 * process wrote to it since our last one. */
static void begin(struct tracker *tk)
{
	if (tk->in_tx)
		return;
	if (store_begin(tk->v->store) < 0)
		fatal_store(tk);
	tk->in_tx = 1;
	tk->batch_start = time_mono_ms();
	if (store_others_wrote(tk->v->store) && load(tk) < 0)
		fatal_store(tk);
}

/* The reader is about to wait for input: commit, and pass on the records
 * written so far. */
static void on_idle(void *ctx)
{
	struct tracker *tk = ctx;

	commit(tk);
	out_flush();
}

/* The signal id in memory, loading it from the store if it is there. */
static struct vsig *find(struct tracker *tk, const char *id)
{
	size_t n = strlen(id);
	struct vsig *s = strmap_find(tk->by_id, id, n);
	struct signal_row row;
	int r;

	if (s || tk->store_empty)
		return s;
	r = store_signal_get(tk->v->store, id, &row);
	if (r < 0)
		fatal_store(tk);
	if (!r)
		return NULL;
	s = strmap_get(tk->by_id, id, n, NULL);
	s->row = row;
	if (!lc_final(row.lc.status))
		follow(tk, s);
	return s;
}

/* Recompute the confirmation and timing parts at event time t; write a
 * score record and keep the score when the total changes. */
static void rescore(struct tracker *tk, struct vsig *s, int64_t t)
{
	struct signal_row *r = &s->row;
	struct score_input in = { 0 };
	double part[NFACTORS], total = 0;

	in.confirmations = r->confirmations;
	in.age_ms = t - r->sig.detected_at;
	memcpy(part, r->part, sizeof part);
	part[FACTOR_CONFIRMATION] = score_factor(&tk->v->score, FACTOR_CONFIRMATION, &in);
	part[FACTOR_TIMING] = score_factor(&tk->v->score, FACTOR_TIMING, &in);
	for (int f = 0; f < NFACTORS; f++)
		total += part[f];
	if (!memcmp(part, r->part, sizeof part))
		return;
	memcpy(r->part, part, sizeof part);
	touch(tk, s);
	if (total == r->total)
		return;
	r->total = total;
	snprintf(r->level, sizeof r->level, "%s", score_level(&tk->v->score, total));
	r->score_time = t;
	if (store_score_put(tk->v->store, r->sig.id, t, r->part, r->total, r->level) < 0)
		fatal_store(tk);
	rec_score(tk->rep, r->sig.id, r->sig.symbol, t, r->part, r->total, r->level,
		  r->confirmations);
}

/* Record confirmation c of s at time t. Returns 1 if it is new. */
static int confirm(struct tracker *tk, struct vsig *s, enum confirmation c, int64_t t,
		   int has_value, double value)
{
	if (s->row.confirmations & (1u << c))
		return 0;
	s->row.confirmations |= 1u << c;
	touch(tk, s);
	if (store_confirmation_put(tk->v->store, s->row.sig.id, c, t, has_value, value) < 0)
		fatal_store(tk);
	return 1;
}

static void write_transitions(struct tracker *tk, const struct vsig *s,
			      const struct lc_result *res)
{
	for (int i = 0; i < res->ntrans; i++)
		rec_status(tk->rep, &s->row, &res->t[i]);
}

/* Apply candle b to the followed signal s. Returns 1 if s became final. */
static int apply(struct tracker *tk, struct vsig *s, const struct lc_bar *b,
		 const struct candle *c)
{
	struct signal_row *r = &s->row;
	struct lc_result res;

	if (!lc_apply(&r->lc, &tk->v->lc, b, &res))
		return 0;
	touch(tk, s);
	if (res.applied) {
		if (store_tracking_put(tk->v->store, r->sig.id, b, &r->lc) < 0)
			fatal_store(tk);
		if (tk->v->track) {
			struct tracking_row t = {
				b->end, c->open_time, c->high, c->low, c->close,
				lc_max_gain_pct(&r->lc), lc_drawdown_pct(&r->lc),
				lc_current_gain_pct(&r->lc), ""
			};

			snprintf(t.status, sizeof t.status, "%s", lc_status_name(r->lc.status));
			rec_tracking(tk->rep, r->sig.id, r->sig.symbol, &t);
		}
	}
	write_transitions(tk, s, &res);
	if (res.follow)
		confirm(tk, s, CONF_FOLLOW_THROUGH, b->end, 1, res.follow_value);
	rescore(tk, s, b->end);
	return lc_final(r->lc.status);
}

static void on_candle(struct tracker *tk, const struct candle *c)
{
	char key[CANDLE_KEY_MAX];
	size_t n, keep = 0;
	struct followed *f;
	struct lc_bar b;

	if (!c->closed)
		return;  /* a forming candle: its close comes later */
	n = symbol_key(c->exchange, c->market, c->symbol, key);
	f = strmap_find(tk->by_symbol, key, n);
	if (!f || !f->n)
		return;
	b.open_time = c->open_time;
	b.end = c->close_time + 1;
	b.high = c->high;
	b.low = c->low;
	b.close = c->close;
	for (size_t i = 0; i < f->n; i++) {
		struct vsig *s = f->v[i];

		if (apply(tk, s, &b, c))
			s->active = 0;
		else
			f->v[keep++] = s;
	}
	f->n = keep;
}

/* The parts of the score that come from the signal record: cb-score's, or
 * computed from the 7-day ratio when the signal is not scored. */
static void base_parts(struct tracker *tk, const struct signal_in *g,
		       double part[NFACTORS])
{
	struct score_input in = { 0 };

	if (g->scored) {
		memcpy(part, g->score, NFACTORS * sizeof *part);
		return;
	}
	in.has_ratio = g->has_ratio;
	in.ratio = g->ratio;
	for (int f = 0; f < NFACTORS; f++)
		part[f] = score_factor(&tk->v->score, (enum factor)f, &in);
}

/* 1 if two signal records carry the same values. */
static int same_signal(const struct signal_in *a, const struct signal_in *b)
{
	if (strcmp(a->exchange, b->exchange) || strcmp(a->market, b->market) ||
	    strcmp(a->symbol, b->symbol) || a->interval != b->interval ||
	    a->open_time != b->open_time || a->detected_at != b->detected_at ||
	    a->price != b->price || a->has_ratio != b->has_ratio ||
	    (a->has_ratio && a->ratio != b->ratio) || a->strength != b->strength ||
	    a->closed != b->closed || a->scored != b->scored ||
	    a->confirmations != b->confirmations || a->has_oi != b->has_oi ||
	    (a->has_oi && a->oi_change_pct != b->oi_change_pct) ||
	    a->has_spot != b->has_spot || (a->has_spot && a->spot_ratio != b->spot_ratio))
		return 0;
	if (a->scored && (memcmp(a->score, b->score, sizeof a->score) || a->total != b->total ||
			  strcmp(a->level, b->level)))
		return 0;
	return 1;
}

/* Record cb-score's confirmations of a signal record, at its detection. */
static int score_confirmations(struct tracker *tk, struct vsig *s,
			       const struct signal_in *g)
{
	int added = 0;

	for (int c = 0; c < NCONFIRMATIONS; c++) {
		int has = 0;
		double v = 0;

		if (!(g->confirmations & (1u << c)))
			continue;
		if (c == CONF_OI_RISE)
			has = g->has_oi, v = g->oi_change_pct;
		else if (c == CONF_SPOT_SYNC)
			has = g->has_spot, v = g->spot_ratio;
		added |= confirm(tk, s, (enum confirmation)c, g->detected_at, has, v);
	}
	return added;
}

static struct vsig *register_new(struct tracker *tk, const struct signal_in *g)
{
	struct vsig *s = strmap_get(tk->by_id, g->id, strlen(g->id), NULL);
	struct signal_row *r = &s->row;
	int64_t start = interval_close_time(g->interval, g->open_time) + 1;

	r->sig = *g;
	lc_init(&r->lc, g->price, g->detected_at, start);
	base_parts(tk, g, r->part);
	r->score_time = g->detected_at;
	if (g->scored) {
		r->total = g->total;
		snprintf(r->level, sizeof r->level, "%s",
			 g->level[0] ? g->level : score_level(&tk->v->score, g->total));
	} else {
		struct score_input in = { 0 };

		in.has_ratio = g->has_ratio;
		in.ratio = g->ratio;
		in.confirmations = g->confirmations;
		in.age_ms = 0;
		r->part[FACTOR_CONFIRMATION] = score_factor(&tk->v->score, FACTOR_CONFIRMATION, &in);
		r->part[FACTOR_TIMING] = score_factor(&tk->v->score, FACTOR_TIMING, &in);
		r->total = 0;
		for (int f = 0; f < NFACTORS; f++)
			r->total += r->part[f];
		snprintf(r->level, sizeof r->level, "%s", score_level(&tk->v->score, r->total));
	}
	r->initial_total = r->total;
	snprintf(r->initial_level, sizeof r->initial_level, "%s", r->level);
	touch(tk, s);
	if (store_score_put(tk->v->store, g->id, r->score_time, r->part, r->total, r->level) < 0)
		fatal_store(tk);
	rec_score(tk->rep, g->id, g->symbol, r->score_time, r->part, r->total, r->level,
		  g->confirmations);
	score_confirmations(tk, s, g);
	follow(tk, s);
	return s;
}

/* A later record under a known id: take its values, keep the lifecycle.
 * The score is recomputed at the signal's latest event time. */
static void register_update(struct tracker *tk, struct vsig *s, const struct signal_in *g)
{
	struct signal_row *r = &s->row;
	int64_t t = g->detected_at > r->score_time ? g->detected_at : r->score_time;

	if (r->lc.tracked && r->lc.last_time > t)
		t = r->lc.last_time;

	/* cb-score's score of a signal registered unscored is its initial one. */
	if (g->scored && !r->sig.scored) {
		r->initial_total = g->total;
		snprintf(r->initial_level, sizeof r->initial_level, "%s",
			 g->level[0] ? g->level : score_level(&tk->v->score, g->total));
	}
	r->sig = *g;
	r->lc.price = g->price;
	r->lc.detected_at = g->detected_at;
	r->lc.start = interval_close_time(g->interval, g->open_time) + 1;
	base_parts(tk, g, r->part);
	touch(tk, s);
	score_confirmations(tk, s, g);
	/* Force the comparison in rescore to see the new base parts. */
	r->part[FACTOR_CONFIRMATION] = -1;
	rescore(tk, s, t);
}

/* NEXT_CANDLE_SPIKE: s is the next candle's signal of prev. */
static void next_candle_spike(struct tracker *tk, struct vsig *prev,
			      const struct vsig *s)
{
	const struct signal_in *g = &s->row.sig;
	int64_t t = g->detected_at;

	if (prev->row.lc.status == LC_ARCHIVED)
		return;
	if (confirm(tk, prev, CONF_NEXT_CANDLE_SPIKE, t, g->has_ratio, g->ratio))
		rescore(tk, prev, t > prev->row.score_time ? t : prev->row.score_time);
}

/* The signal of the same series whose candle opens at open_time. */
static struct vsig *neighbour(struct tracker *tk, const struct signal_in *g,
			      int64_t open_time)
{
	char id[SIGNAL_ID_MAX];

	snprintf(id, sizeof id, "%s:%s:%s:%s:%lld", g->exchange, g->market, g->symbol,
		 g->interval->name, (long long)open_time);
	return find(tk, id);
}

static void on_signal(struct tracker *tk, const struct signal_in *g, const char *file,
		      long lineno)
{
	struct vsig *s, *n;

	if (!(g->price > 0)) {
		reject(file, lineno, "signal: 'price' is not positive: a reference price is needed");
		return;
	}
	tk->signals++;
	s = find(tk, g->id);
	if (s && same_signal(&s->row.sig, g))
		return;  /* a repeat */
	if (s)
		register_update(tk, s, g);
	else
		s = register_new(tk, g);
	n = neighbour(tk, g, interval_back(g->interval, g->open_time, 1));
	if (n)
		next_candle_spike(tk, n, s);
	n = neighbour(tk, g, interval_next_open(g->interval, g->open_time));
	if (n)
		next_candle_spike(tk, s, n);
}

static void on_line(void *ctx, const struct line *ln, const char *name)
{
	struct tracker *tk = ctx;
	struct candle c;
	struct signal_in g;
	char err[256];
	int r;

	begin(tk);
	if (tk->v->pass)
		out_line(ln->raw, ln->rawlen);
	r = candle_parse(&c, ln->p, ln->len, err, sizeof err);
	if (r == REC_OK) {
		tk->candles++;
		on_candle(tk, &c);
	} else if (r == REC_BAD) {
		reject(name, ln->no, "%s", err);
	} else {
		r = signal_parse(&g, ln->p, ln->len, err, sizeof err);
		if (r == REC_OK)
			on_signal(tk, &g, name, ln->no);
		else if (r == REC_BAD)
			reject(name, ln->no, "%s", err);
	}
	if (++tk->records >= BATCH_RECORDS ||
	    (!(tk->records & 1023) && time_mono_ms() - tk->batch_start >= BATCH_MS))
		commit(tk);
}

int cmd_track(struct validate *v)
{
	struct tracker run = { 0 }, *tk = &run;

	tk->v = v;
	tk->rep = &v->rep;
	if (load(tk) < 0)
		return CB_EXIT_FATAL;
	rejects_summarise();
	lines_progress("records");
	lines_foreach_idle(v->args, v->nargs, 0, on_line, on_idle, tk);
	commit(tk);
	/* Signals without candles: most likely cb-detect without -p. */
	if (tk->signals && !tk->candles)
		warn("no candles seen, so the signals stay DETECTED: did you mean cb-detect -p?");
	strmap_each(tk->by_symbol, free_followed, NULL);
	strmap_free(tk->by_symbol);
	strmap_free(tk->by_id);
	return rejects_end();
}
