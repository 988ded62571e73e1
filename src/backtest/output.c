/* output: trade, equity and summary records (output.h). */
#include "output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonw.h"
#include "metrics.h"
#include "msg.h"
#include "pct.h"
#include "svg.h"
#include "traderec.h"
#include "xalloc.h"

#define DAY_MS 86400000LL
#define HOUR_MS 3600000.0

static void num(struct report *rep, const char *key, double v, int decimals)
{
	report_num(rep, key, isfinite(v), v, decimals);
}

void bt_write_trades(struct report *rep, const struct bt_result *res)
{
	for (size_t i = 0; i < res->ntrades; i++) {
		struct trade_rec r;

		trade_rec_of(&res->trades[i], &r);
		trade_rec_write(rep, &r);
	}
}

void bt_write_equity(struct report *rep, const struct bt_result *res, int daily)
{
	double peak = -INFINITY;
	size_t n = daily ? res->ndaily : res->ncurve;

	for (size_t i = 0; i < n; i++) {
		int64_t t;
		double eq;

		if (daily) {
			/* The first point is the start; the others 00:00 of each
			 * later day, and the end if it is not at 00:00. */
			t = i == 0 ? res->start : (res->start / DAY_MS + (int64_t)i) * DAY_MS;
			if (t > res->end)
				t = res->end;
			eq = res->daily[i];
		} else {
			t = res->curve[i].t;
			eq = res->curve[i].equity;
		}
		if (eq > peak)
			peak = eq;
		report_begin(rep, "equity");
		report_time(rep, "time", 1, t);
		num(rep, "equity", eq, 2);
		num(rep, "drawdown_pct", peak > 0 ? (peak - eq) * 100 / peak : NAN, 2);
		report_end(rep);
	}
}

/* A row of a group table: the trades idx[0..n) of res. */
static void group_row(struct report *rep, const char *type, const char *key,
		      const struct bt_result *res, const size_t *idx, size_t n)
{
	size_t wins = 0, draws = 0, losses = 0;
	double pnl = 0, pct = 0, hold = 0;

	for (size_t i = 0; i < n; i++) {
		const struct bt_trade *t = &res->trades[idx[i]];

		pnl += t->t.pnl;
		pct += t->t.pnl_pct;
		hold += (double)(t->exit_time - t->entry_time) / HOUR_MS;
		wins += t->t.pnl > 0;
		draws += t->t.pnl == 0;
		losses += t->t.pnl < 0;
	}
	report_begin(rep, type);
	report_str(rep, type, key);
	report_int(rep, "trades", 1, (int64_t)n);
	num(rep, "avg_pnl_pct", n ? pct / (double)n : NAN, 2);
	num(rep, "total_pnl", pnl, 2);
	num(rep, "total_pnl_pct", pnl * 100 / res->balance, 2);
	num(rep, "avg_hold_hours", n ? hold / (double)n : NAN, 1);
	report_int(rep, "wins", 1, (int64_t)wins);
	report_int(rep, "draws", 1, (int64_t)draws);
	report_int(rep, "losses", 1, (int64_t)losses);
	num(rep, "win_rate_pct", n ? (double)wins * 100 / (double)n : NAN, 1);
	report_end(rep);
}

static const struct bt_result *sort_res;

static int by_symbol(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sort_res->trades[x].series->symbol, sort_res->trades[y].series->symbol);

	return c ? c : (x > y) - (x < y);
}

void bt_write_groups(struct report *rep, const struct bt_result *res)
{
	size_t n = res->ntrades, *idx = xcalloc(n + 1, sizeof *idx), *sel;

	sel = xcalloc(n + 1, sizeof *sel);
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	sort_res = res;
	qsort(idx, n, sizeof *idx, by_symbol);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && !strcmp(res->trades[idx[j]].series->symbol,
					     res->trades[idx[i]].series->symbol); j++)
			;
		group_row(rep, "symbol", res->trades[idx[i]].series->symbol, res, idx + i, j - i);
	}
	group_row(rep, "symbol", "TOTAL", res, idx, n);
	for (int r = EXIT_STOP; r < EXIT_NREASONS; r++) {
		size_t k = 0;

		for (size_t i = 0; i < n; i++)
			if (res->trades[i].reason == (enum exit_reason)r)
				sel[k++] = i;
		if (k)
			group_row(rep, "exit_reason", exit_reason_name((enum exit_reason)r), res, sel, k);
	}
	group_row(rep, "exit_reason", "TOTAL", res, idx, n);
	free(sel);
	free(idx);
}

/* Per symbol PnL: the best and the worst (ties: the first name). */
struct symsum {
	const char *name;
	double pnl;
};

static int symsum_cmp(const void *a, const void *b)
{
	return strcmp(((const struct symsum *)a)->name, ((const struct symsum *)b)->name);
}


struct tally {
	struct trade_stats st;
	size_t hit_n, hits;           /* take-profit exits over non-end exits */
	size_t end_n;
	double end_pnl;
	double hold_win, hold_loss;   /* summed hours */
	double best_pct, worst_pct;
	const char *best_sym, *worst_sym;
	double best_sym_pnl, worst_sym_pnl;
	int have_labels;
	struct label_stats lab;
	size_t pumps;
};

static void tally_trades(const struct bt_result *res, struct tally *y)
{
	size_t n = res->ntrades, ns = 0;
	double *pnl = xcalloc(n + 1, sizeof *pnl);
	struct symsum *ss = xcalloc(n + 1, sizeof *ss);

	y->best_pct = y->worst_pct = NAN;
	y->best_sym_pnl = y->worst_sym_pnl = NAN;
	for (size_t i = 0; i < n; i++) {
		const struct bt_trade *t = &res->trades[i];
		double h = (double)(t->exit_time - t->entry_time) / HOUR_MS;

		pnl[i] = t->t.pnl;
		if (t->reason == EXIT_END) {
			y->end_n++;
			y->end_pnl += t->t.pnl;
		} else {
			y->hit_n++;
			y->hits += t->reason == EXIT_TAKE_PROFIT;
		}
		if (t->t.pnl > 0)
			y->hold_win += h;
		else if (t->t.pnl < 0)
			y->hold_loss += h;
		if (!(t->t.pnl_pct <= y->best_pct))
			y->best_pct = t->t.pnl_pct;
		if (!(t->t.pnl_pct >= y->worst_pct))
			y->worst_pct = t->t.pnl_pct;
		ss[i].name = t->series->symbol;
		ss[i].pnl = t->t.pnl;
	}
	metrics_trades(pnl, n, &y->st);
	qsort(ss, n, sizeof *ss, symsum_cmp);
	for (size_t i = 0; i < n; i++) {   /* sum each symbol's run */
		if (ns && !strcmp(ss[ns - 1].name, ss[i].name))
			ss[ns - 1].pnl += ss[i].pnl;
		else
			ss[ns++] = ss[i];
	}
	for (size_t i = 0; i < ns; i++) {
		if (!y->best_sym || ss[i].pnl > y->best_sym_pnl) {
			y->best_sym = ss[i].name;
			y->best_sym_pnl = ss[i].pnl;
		}
		if (!y->worst_sym || ss[i].pnl < y->worst_sym_pnl) {
			y->worst_sym = ss[i].name;
			y->worst_sym_pnl = ss[i].pnl;
		}
	}
	free(ss);
	free(pnl);
}

/* Precision, recall and F1 of the taken signals against the labels of the
 * chosen series present in the input. */
static void tally_labels(const struct bt_input *in, const struct bt_config *c,
			 const struct bt_result *res, struct tally *y)
{
	size_t matched = 0, found = 0;
	unsigned char *hit;

	if (!in->nlabels)
		return;
	hit = xcalloc(in->nlabels + 1, 1);
	for (size_t i = 0; i < res->ntrades; i++) {
		const struct bt_trade *t = &res->trades[i];
		int any = 0;

		for (size_t j = 0; j < in->nlabels; j++) {
			const struct bt_label *l = &in->labels[j];

			if (strcmp(l->key, t->series->key) || t->sig->open_time < l->lo ||
			    t->sig->open_time > l->hi)
				continue;
			any = 1;
			hit[j] = 1;
		}
		matched += (size_t)any;
	}
	for (size_t j = 0; j < in->nlabels; j++) {
		const struct bt_series *s = bt_input_series(in, in->labels[j].key);

		if (!s || !bt_series_chosen(c, s) || in->labels[j].time < res->from ||
		    in->labels[j].time >= res->to)
			continue;
		y->pumps++;
		found += hit[j];
	}
	free(hit);
	y->have_labels = 1;
	metrics_labels(res->ntrades, matched, y->pumps, found, &y->lab);
}

/* The summary is one record in NDJSON; in a table (kv) one row per
 * member, "metric" and "value", so that it reads at a glance. */
struct sumw {
	struct report *rep;
	int kv;
};

/* Start the row of key (kv), or say that the member is to be written. */
static const char *s_key(struct sumw *w, const char *key)
{
	if (!w->kv)
		return key;
	report_begin(w->rep, "summary");
	report_str(w->rep, "metric", key);
	return "value";
}

static void s_end(struct sumw *w)
{
	if (w->kv)
		report_end(w->rep);
}

static void s_num(struct sumw *w, const char *key, double v, int decimals)
{
	num(w->rep, s_key(w, key), v, decimals);
	s_end(w);
}

static void s_int(struct sumw *w, const char *key, int has, int64_t v)
{
	report_int(w->rep, s_key(w, key), has, v);
	s_end(w);
}

static void s_time(struct sumw *w, const char *key, int has, int64_t ms)
{
	report_time(w->rep, s_key(w, key), has, ms);
	s_end(w);
}

static void s_str(struct sumw *w, const char *key, const char *v)
{
	report_str(w->rep, s_key(w, key), v);
	s_end(w);
}

static void s_bool(struct sumw *w, const char *key, int v)
{
	report_bool(w->rep, s_key(w, key), v);
	s_end(w);
}

static void s_raw(struct sumw *w, const char *key, const char *json, size_t n, const char *text)
{
	report_raw(w->rep, s_key(w, key), json, n, text);
	s_end(w);
}

static void write_skips(struct sumw *w, const struct bt_result *res)
{
	struct buf j = { 0 }, txt = { 0 };
	char one[64];

	jw_begin(&j);
	for (int i = 1; i < STRAT_NREASONS; i++) {
		jw_int(&j, strategy_reason_name((enum strategy_reason)i), res->skips.strategy[i]);
		if (res->skips.strategy[i]) {
			snprintf(one, sizeof one, "%s%s %ld", txt.len ? ", " : "",
				 strategy_reason_name((enum strategy_reason)i), res->skips.strategy[i]);
			buf_adds(&txt, one);
		}
	}
	jw_int(&j, "no_candle", res->skips.no_candle);
	if (res->skips.no_candle) {
		snprintf(one, sizeof one, "%sno_candle %ld", txt.len ? ", " : "",
			 res->skips.no_candle);
		buf_adds(&txt, one);
	}
	for (int i = 1; i < RISK_NREASONS; i++) {
		jw_int(&j, risk_reason_name((enum risk_reason)i), res->skips.risk[i]);
		if (res->skips.risk[i]) {
			snprintf(one, sizeof one, "%s%s %ld", txt.len ? ", " : "",
				 risk_reason_name((enum risk_reason)i), res->skips.risk[i]);
			buf_adds(&txt, one);
		}
	}
	buf_addc(&j, '}');
	s_raw(w, "skipped", j.p, j.len, buf_cstr(&txt));
	buf_release(&j);
	buf_release(&txt);
}

void bt_write_summary(struct report *rep, const struct bt_input *in, const struct bt_config *c,
		      const struct bt_result *res, const char *config, const char *sample)
{
	struct sumw w = { rep, rep->table };
	struct tally y;
	struct drawdown dd;
	double *eq = xcalloc(res->ncurve + 1, sizeof *eq);
	double *ret = xcalloc(res->ndaily + 1, sizeof *ret);
	size_t nret = metrics_returns(res->daily, res->ndaily, ret);
	double days = (double)(res->end - res->start) / DAY_MS;
	double cagr = metrics_cagr_pct(res->balance, res->final_equity, days);
	double hit, base;

	memset(&y, 0, sizeof y);
	tally_trades(res, &y);
	tally_labels(in, c, res, &y);
	for (size_t i = 0; i < res->ncurve; i++)
		eq[i] = res->curve[i].equity;
	metrics_drawdown(eq, res->ncurve, &dd);
	hit = metrics_rate_pct(y.hits, y.hit_n);
	base = metrics_rate_pct(res->base.hits, res->base.trades);

	if (!w.kv)
		report_begin(rep, "summary");
	s_str(&w, "config", config);
	s_str(&w, "sample", sample);
	s_str(&w, "entry", c->entry == BT_ENTRY_CLOSE ? "close" : "next-open");
	s_bool(&w, "optimistic", c->entry == BT_ENTRY_CLOSE);
	s_str(&w, "side", c->side > 0 ? "long" : "short");
	s_time(&w, "start", res->ncurve > 0, res->start);
	s_time(&w, "end", res->ncurve > 0, res->end);
	s_num(&w, "days", res->ncurve ? days : NAN, 2);
	s_int(&w, "signals", 1, res->signals);
	s_int(&w, "trades", 1, (int64_t)res->ntrades);
	s_int(&w, "wins", 1, (int64_t)y.st.wins);
	s_int(&w, "draws", 1, (int64_t)y.st.draws);
	s_int(&w, "losses", 1, (int64_t)y.st.losses);
	s_num(&w, "win_rate_pct", y.st.win_rate_pct, 2);
	s_int(&w, "end_trades", 1, (int64_t)y.end_n);
	s_num(&w, "end_pnl", y.end_pnl, 2);
	s_num(&w, "balance", res->balance, 2);
	s_num(&w, "final_equity", res->final_equity, 2);
	s_num(&w, "profit", res->final_equity - res->balance, 2);
	s_num(&w, "return_pct", metrics_return_pct(res->balance, res->final_equity), 2);
	s_num(&w, "cagr_pct", cagr, 2);
	s_num(&w, "max_drawdown_pct", dd.pct, 2);
	s_time(&w, "max_drawdown_pct_start", res->ncurve > 0,
		    res->ncurve ? res->curve[dd.pct_start].t : 0);
	s_time(&w, "max_drawdown_pct_end", res->ncurve > 0,
		    res->ncurve ? res->curve[dd.pct_end].t : 0);
	s_num(&w, "max_drawdown", dd.abs, 2);
	s_time(&w, "max_drawdown_start", res->ncurve > 0,
		    res->ncurve ? res->curve[dd.abs_start].t : 0);
	s_time(&w, "max_drawdown_end", res->ncurve > 0,
		    res->ncurve ? res->curve[dd.abs_end].t : 0);
	s_num(&w, "sharpe", metrics_sharpe(ret, nret, METRICS_DAYS_PER_YEAR), 2);
	s_num(&w, "sortino", metrics_sortino(ret, nret, METRICS_DAYS_PER_YEAR), 2);
	s_num(&w, "calmar", metrics_calmar(cagr, dd.pct), 2);
	s_num(&w, "profit_factor", y.st.profit_factor, 2);
	s_num(&w, "expectancy", y.st.expectancy, 2);
	s_num(&w, "avg_hold_win_hours", y.st.wins ? y.hold_win / (double)y.st.wins : NAN, 1);
	s_num(&w, "avg_hold_loss_hours", y.st.losses ? y.hold_loss / (double)y.st.losses : NAN, 1);
	s_num(&w, "exposure_time_pct", res->end > res->start ?
	    (double)res->exposed_ms * 100 / (double)(res->end - res->start) : NAN, 2);
	s_num(&w, "fees", res->fees, 2);
	s_num(&w, "slippage", res->slippage, 2);
	s_num(&w, "funding", res->funding, 2);
	s_num(&w, "best_trade_pct", y.best_pct, 2);
	s_num(&w, "worst_trade_pct", y.worst_pct, 2);
	s_str(&w, "best_symbol", y.best_sym);
	s_num(&w, "best_symbol_pnl", y.best_sym_pnl, 2);
	s_str(&w, "worst_symbol", y.worst_sym);
	s_num(&w, "worst_symbol_pnl", y.worst_sym_pnl, 2);
	s_int(&w, "halts", 1, res->halts);
	write_skips(&w, res);
	s_num(&w, "market_change_pct", res->market_change_pct, 2);
	s_num(&w, "hit_rate_pct", hit, 2);
	s_num(&w, "base_rate_pct", base, 2);
	s_num(&w, "lift", metrics_lift(hit, base), 2);
	s_int(&w, "labels", y.have_labels, (int64_t)y.pumps);
	s_num(&w, "precision", y.have_labels ? y.lab.precision : NAN, 3);
	s_num(&w, "recall", y.have_labels ? y.lab.recall : NAN, 3);
	s_num(&w, "f1", y.have_labels ? y.lab.f1 : NAN, 3);
	if (!w.kv)
		report_end(rep);
	free(eq);
	free(ret);
}

void bt_write_svg(const char *path, const struct bt_result *res)
{
	struct svg_point *p = xcalloc(res->ncurve + 1, sizeof *p);
	struct svg_trade *t = xcalloc(res->ntrades + 1, sizeof *t);
	char *labels = xcalloc(res->ntrades + 1, 2 * CANDLE_NAME_MAX);
	struct svg_point none = { 0, res->balance };
	struct buf b = { 0 };
	FILE *f;

	for (size_t i = 0; i < res->ncurve; i++) {
		p[i].t = res->curve[i].t;
		p[i].equity = res->curve[i].equity;
	}
	for (size_t i = 0; i < res->ntrades; i++) {
		const struct bt_trade *r = &res->trades[i];
		char *l = labels + i * 2 * CANDLE_NAME_MAX;

		snprintf(l, 2 * CANDLE_NAME_MAX, "%s %s", r->series->symbol,
			 r->t.side > 0 ? "long" : "short");
		t[i].label = l;
		t[i].entry = r->entry_time;
		t[i].exit = r->exit_time;
		t[i].pnl = r->t.pnl;
	}
	svg_equity(&b, "cb-backtest: equity and drawdown", res->ncurve ? p : &none,
		   res->ncurve ? res->ncurve : 1, t, res->ntrades);
	f = fopen(path, "w");
	if (!f)
		die("cannot write '%s':", path);
	if (fwrite(b.p, 1, b.len, f) != b.len || fclose(f) != 0)
		die("cannot write '%s':", path);
	buf_release(&b);
	free(labels);
	free(t);
	free(p);
}
