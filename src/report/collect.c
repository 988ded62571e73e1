/* cb-report: read the store (read-only) into a struct rpt (rpt.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "rpt.h"
#include "score.h"
#include "store/candles.h"
#include "store/live.h"
#include "store/orders.h"
#include "store/signals.h"
#include "store/store.h"
#include "strmap.h"
#include "xalloc.h"

/* Room for one more element in the array *p of *n elements (room for *cap)
 * of size bytes each: the capacity doubles, so that appending is linear. */
static void *grow(void *p, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? 2 * *cap : 64;
	return xreallocarray(p, *cap, size);
}

static void on_series(void *ctx, const char *exchange, const char *market, const char *symbol,
		      const char *interval, int64_t candles, int64_t newest_open,
		      int64_t newest_close)
{
	struct rpt *r = ctx;
	struct rpt_series *s;

	r->series = grow(r->series, r->nseries, &r->series_cap, sizeof *r->series);
	s = &r->series[r->nseries++];
	snprintf(s->exchange, sizeof s->exchange, "%s", exchange);
	snprintf(s->market, sizeof s->market, "%s", market);
	snprintf(s->symbol, sizeof s->symbol, "%s", symbol);
	snprintf(s->interval, sizeof s->interval, "%s", interval);
	s->candles = candles;
	s->newest_open = newest_open;
	s->newest_close = newest_close;
	s->lag_ms = r->now - (newest_close + 1);
	if (s->lag_ms < 0)
		s->lag_ms = 0;
}

/* The series of the signals, grouped as store_each_candle reads them:
 * exchange, market and interval, with their symbols. */
struct base_group {
	char exchange[CANDLE_NAME_MAX], market[CANDLE_NAME_MAX], interval[CANDLE_NAME_MAX];
	char **symbols;
	int nsymbols;
	struct strmap *seen;          /* symbol -> struct bars */
};

struct bars {
	struct lc_bar *b;
	size_t n, cap;
};

struct collect {
	struct rpt *r;
	struct strmap *groups;        /* "exchange:market:interval" -> struct base_group */
};

static void add_base_series(struct collect *k, const struct signal_in *sig)
{
	char key[CANDLE_KEY_MAX];
	struct base_group *g;
	int created;
	int n = snprintf(key, sizeof key, "%s:%s:%s", sig->exchange, sig->market,
			 sig->interval->name);

	g = strmap_get(k->groups, key, (size_t)n, &created);
	if (created) {
		snprintf(g->exchange, sizeof g->exchange, "%s", sig->exchange);
		snprintf(g->market, sizeof g->market, "%s", sig->market);
		snprintf(g->interval, sizeof g->interval, "%s", sig->interval->name);
		g->seen = strmap_new(sizeof(struct bars));
	}
	strmap_get(g->seen, sig->symbol, strlen(sig->symbol), &created);
	if (created) {
		g->symbols = xreallocarray(g->symbols, (size_t)g->nsymbols + 1, sizeof *g->symbols);
		g->symbols[g->nsymbols++] = xstrdup(sig->symbol);
	}
}

static void count(struct rpt_group *g, const struct signal_row *row)
{
	g->signals++;
	g->active += !lc_final(row->lc.status);
	if (row->lc.outcome == LC_NONE)
		return;
	g->decided++;
	g->confirmed += row->lc.outcome == LC_CONFIRMED;
}

static void signal_of(struct rpt_signal *s, const struct signal_row *row)
{
	snprintf(s->id, sizeof s->id, "%s", row->sig.id);
	snprintf(s->symbol, sizeof s->symbol, "%s", row->sig.symbol);
	s->interval = row->sig.interval->name;
	s->detected_at = row->sig.detected_at;
	s->status_time = row->lc.status_time;
	s->strength = row->sig.strength;
	s->total = row->total;
	snprintf(s->level, sizeof s->level, "%s", row->level);
	s->status = row->lc.status;
	s->tracked = row->lc.tracked;
	s->max_gain_pct = row->lc.tracked ? lc_max_gain_pct(&row->lc) : 0;
	s->drawdown_pct = row->lc.tracked ? lc_drawdown_pct(&row->lc) : 0;
}

/* Keep the RPT_HISTORY newest final signals: a ring, oldest overwritten. */
static void on_signal(void *ctx, const struct signal_row *row)
{
	struct collect *k = ctx;
	struct rpt *r = k->r;
	int level = score_level_rank(row->initial_level);

	r->nsignals++;
	r->by_status[row->lc.status]++;
	count(&r->all, row);
	if (row->sig.strength != STRENGTH_NONE)
		count(&r->strength[row->sig.strength], row);
	if (level >= 0)
		count(&r->level[level], row);
	add_base_series(k, &row->sig);
	if (!lc_final(row->lc.status)) {
		r->active = grow(r->active, r->nactive, &r->active_cap, sizeof *r->active);
		signal_of(&r->active[r->nactive++], row);
	} else if (row->lc.status == LC_CONFIRMED || row->lc.status == LC_FAILED) {
		if (!r->history)
			r->history = xcalloc(RPT_HISTORY, sizeof *r->history);
		signal_of(&r->history[r->nfinal % RPT_HISTORY], row);
		r->nfinal++;
	}
}

/* The ring in newest-first order. */
static void order_history(struct rpt *r)
{
	size_t n = r->nfinal < RPT_HISTORY ? (size_t)r->nfinal : RPT_HISTORY;
	struct rpt_signal *h;

	if (!n)
		return;
	h = xcalloc(n, sizeof *h);
	for (size_t i = 0; i < n; i++)
		h[i] = r->history[((size_t)r->nfinal - 1 - i) % RPT_HISTORY];
	free(r->history);
	r->history = h;
	r->nhistory = n;
}

static void on_candle(void *ctx, const struct candle *c)
{
	struct base_group *g = ctx;
	struct bars *s = strmap_find(g->seen, c->symbol, strlen(c->symbol));
	struct lc_bar b = { c->open_time, c->close_time + 1, c->high, c->low, c->close };

	if (!s || !c->closed)
		return;
	s->b = grow(s->b, s->n, &s->cap, sizeof *s->b);
	s->b[s->n++] = b;
}

struct base_ctx {
	struct rpt *r;
	struct store *st;
	int rc;
};

static void base_series(void *ctx, const char *key, size_t len, void *val)
{
	struct bars *s = val;
	struct rpt *r = ctx;
	struct lc_rules rules;

	(void)key;
	(void)len;
	lc_rules_default(&rules);
	lc_base_series(s->b, s->n, &rules, &r->base);
	r->base_series++;
	free(s->b);
}

static void base_group(void *ctx, const char *key, size_t len, void *val)
{
	struct base_ctx *b = ctx;
	struct base_group *g = val;

	(void)key;
	(void)len;
	if (b->rc == 0 &&
	    store_each_candle(b->st, g->exchange, g->market, g->interval, g->symbols, g->nsymbols,
			      INT64_MIN, INT64_MAX, on_candle, g) < 0)
		b->rc = -1;
	strmap_each(g->seen, base_series, b->r);
	strmap_free(g->seen);
	for (int i = 0; i < g->nsymbols; i++)
		free(g->symbols[i]);
	free(g->symbols);
}

static void add_position(struct rpt *r, struct rpt_position *p)
{
	r->pos = grow(r->pos, r->npos, &r->pos_cap, sizeof *r->pos);
	r->pos[r->npos++] = *p;
}

/* "exchange:market:symbol:interval": the symbol into dst. */
static void key_symbol(const char *key, char *dst, size_t n)
{
	const char *p = strchr(key, ':');

	p = p ? strchr(p + 1, ':') : NULL;
	p = p ? p + 1 : key;
	snprintf(dst, n, "%.*s", (int)strcspn(p, ":"), p);
}

static int paper_positions(struct rpt *r, struct store *s)
{
	struct bt_state st;
	char halt[256];
	int found;

	if (store_book_get(s, "paper", &st, halt, sizeof halt, &found) < 0)
		return -1;
	for (size_t k = 0; k < st.nopen; k++) {
		const struct pf_position *q = &st.open[k].pos;
		struct rpt_position p = { "paper", "", "", q->p.side, q->p.entry_time, q->p.entry,
					  q->p.quantity, q->notional, 1, q->mark,
					  fill_gross_pnl(q->p.side, q->p.quantity, q->p.entry,
							 q->mark) };

		snprintf(p.signal_id, sizeof p.signal_id, "%s", st.open[k].signal_id);
		key_symbol(st.open[k].key, p.symbol, sizeof p.symbol);
		add_position(r, &p);
	}
	r->open_paper = (long)st.nopen;
	bt_state_release(&st);
	return 0;
}

static void on_live_position(void *ctx, const struct live_position *lp)
{
	struct rpt *r = ctx;
	double q = atof(lp->quantity);
	struct rpt_position p = { "live", "", "", lp->side, lp->entry_time, lp->entry_price, q,
				  q * lp->entry_price, 0, 0, 0 };

	snprintf(p.signal_id, sizeof p.signal_id, "%s", lp->signal_id);
	snprintf(p.symbol, sizeof p.symbol, "%s", lp->symbol);
	add_position(r, &p);
	r->open_live++;
}

/* Trades come in the order they closed; the curve is by exit time. */
static void on_trade(void *ctx, const struct trade_rec *t)
{
	struct rpt_curve *c = ctx;
	double prev = c->n ? c->pnl[c->n - 1] : 0;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->t = xreallocarray(c->t, c->cap, sizeof *c->t);
		c->pnl = xreallocarray(c->pnl, c->cap, sizeof *c->pnl);
	}
	c->t[c->n] = t->exit_time;
	c->pnl[c->n++] = prev + (isfinite(t->pnl) ? t->pnl : 0);
}

static int read_store(struct rpt *r, struct store *s)
{
	struct signal_filter all = { 0 };
	struct collect k = { r, strmap_new(sizeof(struct base_group)) };
	struct base_ctx b = { r, s, 0 };
	int rc = store_series_each(s, on_series, r);

	if (rc == 0)
		rc = store_signal_each(s, &all, on_signal, &k);
	order_history(r);
	strmap_each(k.groups, base_group, &b);
	strmap_free(k.groups);
	if (rc == 0)
		rc = b.rc;
	if (rc == 0)
		rc = paper_positions(r, s);
	if (rc == 0)
		rc = store_live_position_each(s, on_live_position, r);
	for (int m = 0; m < 2 && rc == 0; m++)
		rc = store_order_trade_each(s, r->curve[m].mode, on_trade, &r->curve[m]);
	return rc;
}

int rpt_collect(struct rpt *r)
{
	static const char *const levels[4] = { "LOW", "MEDIUM", "HIGH", "EXTREME" };
	struct store *s;
	int rc;

	r->all.value = "all";
	for (int i = 0; i < 4; i++) {
		r->strength[i].value = strength_name((enum strength)i);
		r->level[i].value = levels[i];
	}
	r->curve[0].mode = "paper";
	r->curve[1].mode = "live";
	if (rpt_read_jobs(r) < 0)
		return -1;
	if (access(r->db_path, F_OK) < 0)
		return 0;
	if (!(s = store_open_ro(r->db_path)))
		return -1;
	r->has_store = 1;
	rc = read_store(r, s);
	store_close(s);
	return rc;
}

double rpt_rate(const struct rpt_group *g, int *has)
{
	*has = g->decided > 0;
	return *has ? 100.0 * (double)g->confirmed / (double)g->decided : 0;
}

double rpt_base_rate(const struct rpt *r, int *has)
{
	*has = r->base.decided > 0;
	return *has ? 100.0 * (double)r->base.confirmed / (double)r->base.decided : 0;
}

void rpt_release(struct rpt *r)
{
	free(r->series);
	free(r->jobs);
	free(r->active);
	free(r->history);
	free(r->pos);
	for (int m = 0; m < 2; m++) {
		free(r->curve[m].t);
		free(r->curve[m].pnl);
	}
}
