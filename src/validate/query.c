/* The queries (list, show, stats, status) and the prune job. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calibrate.h"
#include "cbtime.h"
#include "msg.h"
#include "validate.h"
#include "xalloc.h"

/* list: the rows, kept when they are to be sorted. */
struct list {
	struct validate *v;
	struct signal_row *rows;
	size_t n;
	long shown;   /* rows that pass every filter */
};

static void list_one(void *ctx, const struct signal_row *row)
{
	struct list *l = ctx;

	if (l->v->has_strength && row->sig.strength != l->v->strength)
		return;
	l->shown++;
	if (l->v->sort == SORT_DETECTED) {
		rec_validation(&l->v->rep, row);
		return;
	}
	l->rows = xreallocarray(l->rows, l->n + 1, sizeof *l->rows);
	l->rows[l->n++] = *row;
}

/* The store's order, detected_at then id, as the last key of every sort. */
static int cmp_detected(const struct signal_row *a, const struct signal_row *b)
{
	if (a->sig.detected_at != b->sig.detected_at)
		return a->sig.detected_at < b->sig.detected_at ? -1 : 1;
	return strcmp(a->sig.id, b->sig.id);
}

static double gain_of(const struct signal_row *r)
{
	return r->lc.tracked > 0 ? lc_max_gain_pct(&r->lc) : -HUGE_VAL;
}

/* The key of cmp_rows: qsort passes the comparator no context. */
static enum list_sort sort_key;

static int cmp_rows(const void *pa, const void *pb)
{
	const struct signal_row *a = pa, *b = pb;
	double x, y;
	int c;

	switch (sort_key) {
	case SORT_NEWEST:
		return -cmp_detected(a, b);
	case SORT_SYMBOL:
		c = strcmp(a->sig.symbol, b->sig.symbol);
		return c ? c : cmp_detected(a, b);
	case SORT_GAIN:
		x = gain_of(a), y = gain_of(b);
		break;
	case SORT_SCORE:
		x = a->total, y = b->total;
		break;
	default:
		return cmp_detected(a, b);
	}
	if (x != y)
		return x > y ? -1 : 1;
	return cmp_detected(a, b);
}

int cmd_list(struct validate *v)
{
	struct signal_filter f = { 0 };
	struct list l = { v, NULL, 0, 0 };
	int rc;

	f.active = v->active;
	f.has_since = v->has_since;
	f.since = v->since;
	f.has_status = v->has_status;
	f.status = v->status;
	f.symbol = v->symbol;
	rc = store_signal_each(v->store, &f, list_one, &l);
	if (rc == 0 && l.n) {
		sort_key = v->sort;
		qsort(l.rows, l.n, sizeof *l.rows, cmp_rows);
		for (size_t i = 0; i < l.n; i++)
			rec_validation(&v->rep, &l.rows[i]);
	}
	free(l.rows);
	if (rc == 0 && !l.shown) {
		/* An empty answer says why, once. */
		if (v->active || v->has_since || v->has_status || v->symbol || v->has_strength)
			note("no signal in the store '%s' matches the filters", v->db_path);
		else
			note("the store '%s' holds no signal yet: cb-validate keeps those of "
			     "cb-detect -p (see EXAMPLES)", v->db_path);
	}
	return rc < 0 ? CB_EXIT_FATAL : CB_EXIT_OK;
}

/* show: what the callbacks need. */
struct show {
	struct report *rep;
	const struct signal_row *row;
	struct confirmation_row *conf;
	size_t nconf;
};

static void show_tracking(void *ctx, const struct tracking_row *t)
{
	struct show *sh = ctx;

	rec_tracking(sh->rep, sh->row->sig.id, sh->row->sig.symbol, t);
}

static void keep_confirmation(void *ctx, const struct confirmation_row *c)
{
	struct show *sh = ctx;

	sh->conf = xreallocarray(sh->conf, sh->nconf + 1, sizeof *sh->conf);
	sh->conf[sh->nconf++] = *c;
}

/* A score of the history, with the confirmations known at its time. */
static void show_score(void *ctx, const struct score_row *s)
{
	struct show *sh = ctx;
	unsigned set = 0;

	for (size_t i = 0; i < sh->nconf; i++)
		if (sh->conf[i].time <= s->time)
			set |= 1u << sh->conf[i].type;
	rec_score(sh->rep, sh->row->sig.id, sh->row->sig.symbol, s->time, s->part, s->total,
		  s->level, set);
}

int cmd_show(struct validate *v)
{
	struct signal_row row;
	struct show sh = { &v->rep, &row, NULL, 0 };
	int r = store_signal_get(v->store, v->args[0], &row);

	if (r < 0)
		return CB_EXIT_FATAL;
	if (r == 0) {
		error("show: no signal '%s' in the store '%s'", v->args[0], v->db_path);
		return CB_EXIT_FATAL;
	}
	rec_validation(&v->rep, &row);
	if (store_tracking_each(v->store, row.sig.id, show_tracking, &sh) < 0 ||
	    store_confirmation_each(v->store, row.sig.id, keep_confirmation, &sh) < 0) {
		free(sh.conf);
		return CB_EXIT_FATAL;
	}
	for (size_t i = 0; i < sh.nconf; i++)
		rec_confirmation(&v->rep, row.sig.id, row.sig.symbol, &sh.conf[i]);
	r = store_score_each(v->store, row.sig.id, show_score, &sh);
	free(sh.conf);
	return r < 0 ? CB_EXIT_FATAL : CB_EXIT_OK;
}

/* stats: one group of signals (all, one strength, one confidence level,
 * one symbol, ...). */
struct group {
	const char *by;
	char value[32];            /* "" for all */
	int64_t order;             /* sorts groups of one kind: rank or length */
	long n, by_status[LC_NSTATUS], decided, pumped;
	double *gain, *hours;      /* of decided signals; of confirmed ones */
	size_t ngain, nhours;
};

struct stats {
	enum stats_by by;
	struct group *g;           /* g[0] is all */
	size_t n;
};

static const char *const level_names[] = { "LOW", "MEDIUM", "HIGH", "EXTREME", NULL };

static void push(double **a, size_t *n, double x)
{
	*a = xreallocarray(*a, *n + 1, sizeof **a);
	(*a)[(*n)++] = x;
}

static void count(struct group *g, const struct signal_row *row)
{
	const struct lc_state *lc = &row->lc;

	g->n++;
	g->by_status[lc->status]++;
	if (lc->outcome == LC_NONE)
		return;
	g->decided++;
	if (lc->tracked)
		push(&g->gain, &g->ngain, lc_max_gain_pct(lc));
	if (lc->outcome == LC_CONFIRMED) {
		g->pumped++;
		push(&g->hours, &g->nhours,
		     (double)(lc->final_time - row->sig.detected_at) / (double)MS_PER_HOUR);
	}
}

/* Add a group (zeroed) of kind by with value and order. */
static struct group *add_group(struct stats *st, const char *by, const char *value,
			       int64_t order)
{
	struct group *g;

	st->g = xreallocarray(st->g, st->n + 1, sizeof *st->g);
	g = &st->g[st->n++];
	memset(g, 0, sizeof *g);
	g->by = by;
	snprintf(g->value, sizeof g->value, "%s", value);
	g->order = order;
	return g;
}

/* The group of kind by and value, made on first use. */
static struct group *group_of(struct stats *st, const char *by, const char *value,
			      int64_t order)
{
	for (size_t i = 1; i < st->n; i++)
		if (!strcmp(st->g[i].value, value))
			return &st->g[i];
	return add_group(st, by, value, order);
}

static void stats_one(void *ctx, const struct signal_row *row)
{
	struct stats *st = ctx;
	int level = score_level_rank(row->initial_level);
	char month[40];

	count(&st->g[0], row);
	switch (st->by) {
	case BY_DEFAULT:
		if (row->sig.strength != STRENGTH_NONE)
			count(&st->g[1 + row->sig.strength], row);
		if (level >= 0)
			count(&st->g[5 + level], row);
		break;
	case BY_STRENGTH:
		if (row->sig.strength != STRENGTH_NONE)
			count(&st->g[1 + row->sig.strength], row);
		break;
	case BY_LEVEL:
		if (level >= 0)
			count(&st->g[1 + level], row);
		break;
	case BY_SYMBOL:
		count(group_of(st, "symbol", row->sig.symbol, 0), row);
		break;
	case BY_INTERVAL:
		count(group_of(st, "interval", row->sig.interval->name, row->sig.interval->ms),
		      row);
		break;
	case BY_MONTH:
		time_format(month, row->sig.detected_at);
		month[7] = '\0';
		count(group_of(st, "month", month, 0), row);
		break;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int cmp_group(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;

	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->value, b->value);
}

/* The median of a[0..n) (sorts a); n > 0. */
static double median(double *a, size_t n)
{
	qsort(a, n, sizeof *a, cmp_double);
	return n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

/* An aligned table row of a group: short columns, to fit 100 columns. */
static void group_table(struct report *r, struct group *g, double rate, double gain,
			double hours)
{
	report_begin(r, "stats");
	report_str(r, "group", g->by);
	report_str(r, "value", g->value[0] ? g->value : NULL);
	report_int(r, "signals", 1, g->n);
	report_int(r, "active", 1, g->by_status[LC_DETECTED] + g->by_status[LC_MONITORING]);
	report_int(r, "conf", 1, g->by_status[LC_CONFIRMED]);
	report_int(r, "fail", 1, g->by_status[LC_FAILED]);
	report_int(r, "arch", 1, g->by_status[LC_ARCHIVED]);
	report_num(r, "rate_pct", g->decided > 0, rate, 1);
	report_num(r, "gain_pct", g->ngain > 0, gain, 2);
	report_num(r, "h_to_conf", g->nhours > 0, hours, 1);
	report_end(r);
}

static void write_group(struct validate *v, struct group *g)
{
	struct report *r = &v->rep;
	static const char *const keys[LC_NSTATUS] = {
		"detected", "monitoring", "confirmed", "failed", "archived"
	};
	double rate = g->decided ? 100.0 * (double)g->pumped / (double)g->decided : 0;
	double gain = g->ngain ? median(g->gain, g->ngain) : 0;
	double hours = g->nhours ? median(g->hours, g->nhours) : 0;

	if (r->format == REPORT_TABLE) {
		group_table(r, g, rate, gain, hours);
		return;
	}
	report_begin(r, "stats");
	report_str(r, "group", g->by);
	report_str(r, "value", g->value[0] ? g->value : NULL);
	report_time(r, "since", v->has_since, v->since);
	report_int(r, "signals", 1, g->n);
	for (int s = 0; s < LC_NSTATUS; s++)
		report_int(r, keys[s], 1, g->by_status[s]);
	report_int(r, "decided", 1, g->decided);
	report_int(r, "pumped", 1, g->pumped);
	report_num(r, "confirmation_rate_pct", g->decided > 0, rate, 1);
	report_num(r, "median_max_gain_pct", g->ngain > 0, gain, 2);
	report_num(r, "median_hours_to_confirm", g->nhours > 0, hours, 1);
	report_end(r);
}

int cmd_stats(struct validate *v)
{
	struct signal_filter f = { 0 };
	struct stats st = { v->by, NULL, 0 };
	int rc;

	add_group(&st, "all", "", 0);
	if (v->by == BY_DEFAULT || v->by == BY_STRENGTH)
		for (int i = 0; i < 4; i++)
			add_group(&st, "strength", strength_name((enum strength)i), i);
	if (v->by == BY_DEFAULT || v->by == BY_LEVEL)
		for (int i = 0; i < 4; i++)
			add_group(&st, "confidence_level", level_names[i], i);
	f.has_since = v->has_since;
	f.since = v->since;
	rc = store_signal_each(v->store, &f, stats_one, &st);
	if (v->by == BY_SYMBOL || v->by == BY_INTERVAL || v->by == BY_MONTH)
		qsort(st.g + 1, st.n - 1, sizeof *st.g, cmp_group);
	for (size_t i = 0; i < st.n; i++) {
		if (rc == 0)
			write_group(v, &st.g[i]);
		free(st.g[i].gain);
		free(st.g[i].hours);
	}
	free(st.g);
	return rc < 0 ? CB_EXIT_FATAL : CB_EXIT_OK;
}

static void series_one(void *ctx, const char *exchange, const char *market, const char *symbol,
		       const char *interval, int64_t candles, int64_t newest_open,
		       int64_t newest_close)
{
	struct report *r = ctx;

	report_begin(r, "series");
	report_str(r, "exchange", exchange);
	report_str(r, "market", market);
	report_str(r, "symbol", symbol);
	report_str(r, "interval", interval);
	report_int(r, "candles", 1, candles);
	report_time(r, "newest_open_time", 1, newest_open);
	report_num(r, "lag_hours", 1,
		   (double)(time_now() - (newest_close + 1)) / (double)MS_PER_HOUR, 1);
	report_end(r);
}

int cmd_status(struct validate *v)
{
	static const char *const keys[LC_NSTATUS] = {
		"detected", "monitoring", "confirmed", "failed", "archived"
	};
	struct report *r = &v->rep;
	struct signal_counts c;
	int64_t size, candles;

	if (store_size(v->store, &size) < 0 || store_candle_count(v->store, &candles) < 0 ||
	    store_signal_counts(v->store, &c) < 0)
		return CB_EXIT_FATAL;
	report_begin(r, "store");
	report_str(r, "path", v->db_path);
	report_int(r, "schema_version", 1, store_schema_version());
	report_int(r, "size_bytes", 1, size);
	report_time(r, "now", 1, time_now());
	report_int(r, "candles", 1, candles);
	report_int(r, "signals", 1, c.signals);
	for (int s = 0; s < LC_NSTATUS; s++)
		report_int(r, keys[s], 1, c.by_status[s]);
	report_int(r, "tracking", 1, c.tracking);
	report_int(r, "confirmations", 1, c.confirmations);
	report_int(r, "scores", 1, c.scores);
	report_time(r, "newest_update", c.newest_update >= 0, c.newest_update);
	report_end(r);
	return store_series_each(v->store, series_one, r) < 0 ? CB_EXIT_FATAL : CB_EXIT_OK;
}

/* prune: the rows to archive, collected before changing the table. */
struct rows {
	struct signal_row *v;
	size_t n;
};

static void keep_row(void *ctx, const struct signal_row *row)
{
	struct rows *rs = ctx;

	rs->v = xreallocarray(rs->v, rs->n + 1, sizeof *rs->v);
	rs->v[rs->n++] = *row;
}

int cmd_prune(struct validate *v)
{
	struct signal_filter f = { 0 };
	struct rows rs = { NULL, 0 };
	int64_t now = time_now();
	int rc = CB_EXIT_OK;

	f.final = 1;
	f.has_before = 1;
	f.before = now - v->older_than_ms;
	if (store_begin(v->store) < 0)
		return CB_EXIT_FATAL;
	if (store_signal_each(v->store, &f, keep_row, &rs) < 0)
		goto fail;
	for (size_t i = 0; i < rs.n; i++) {
		struct lc_transition tr;

		if (!lc_archive(&rs.v[i].lc, now, &tr))
			continue;
		if (store_signal_put(v->store, &rs.v[i]) < 0 ||
		    store_tracking_delete(v->store, rs.v[i].sig.id) < 0)
			goto fail;
		rec_status(&v->rep, &rs.v[i], &tr);
	}
	if (store_commit(v->store) < 0)
		goto fail;
	{
		char when[40];

		time_format(when, f.before);
		note("archived %zu final signals detected before %s", rs.n, when);
	}
	free(rs.v);
	return rc;
fail:
	store_rollback(v->store);
	free(rs.v);
	return CB_EXIT_FATAL;
}

struct samples {
	struct cal_sample *v;
	size_t n, cap;
};

static void keep_sample(void *ctx, const double part[5], int confirmed, int64_t detected_at)
{
	struct samples *ss = ctx;

	if (ss->n == ss->cap) {
		ss->cap += ss->cap / 2 + 64;
		ss->v = xreallocarray(ss->v, ss->cap, sizeof *ss->v);
	}
	memcpy(ss->v[ss->n].part, part, sizeof ss->v[ss->n].part);
	ss->v[ss->n].confirmed = confirmed;
	ss->v[ss->n++].time = detected_at;
}

/* Write the weights file path through path.tmp and rename. 0 or -1. */
static int write_weights(const char *path, const struct score_rules *r, int64_t now)
{
	struct buf b = BUF_INIT, tmp = BUF_INIT;
	char when[40], comment[128];
	FILE *f;
	int rc = 0;

	time_format(when, now);
	snprintf(comment, sizeof comment, "cb-score weights, written by cb-validate calibrate at %s",
		 when);
	cal_rules_write(r, comment, &b);
	buf_printf(&tmp, "%s.tmp", path);
	f = fopen(buf_cstr(&tmp), "w");
	if (!f || fwrite(b.p, 1, b.len, f) != b.len || fclose(f) != 0 ||
	    rename(buf_cstr(&tmp), path) != 0) {
		error("cannot write '%s':", path);
		rc = -1;
	}
	buf_release(&b);
	buf_release(&tmp);
	return rc;
}

int cmd_calibrate(struct validate *v)
{
	struct samples ss = { NULL, 0, 0 };
	struct score_rules cur;
	struct cal_result r;
	struct report *rep = &v->rep;
	static const char *const names[] = { "volume", "oi", "spot_sync", "confirmation", "timing" };
	int exists = 0, ok, written = 0;

	score_rules_default(&cur);
	if (v->weights_file && cal_rules_load(v->weights_file, &cur, &exists) < 0)
		return CB_EXIT_FATAL;
	if (store_calibration_each(v->store, keep_sample, &ss) < 0) {
		free(ss.v);
		return CB_EXIT_FATAL;
	}
	ok = calibrate(ss.v, ss.n, &cur, v->holdout_pct, &r) == 0;
	if (ok && r.better && v->weights_file)
		written = write_weights(v->weights_file, &r.rules, time_now()) == 0;
	report_begin(rep, "calibration");
	report_int(rep, "signals", 1, (int64_t)ss.n);
	report_int(rep, "fit", 1, (int64_t)r.fit);
	report_int(rep, "held", 1, (int64_t)r.held);
	report_num(rep, "confirmation_rate_pct", isfinite(r.rate), r.rate * 100, 2);
	for (int f = 0; f < NFACTORS; f++) {
		char key[40];

		snprintf(key, sizeof key, "lift_%s", names[f]);
		report_num(rep, key, ok || r.fit, r.lift[f], 4);
	}
	for (int f = 0; f < NFACTORS; f++) {
		char key[40];

		snprintf(key, sizeof key, "weight_%s", names[f]);
		report_num(rep, key, 1, r.rules.weight[f], 4);
	}
	report_num(rep, "level_extreme", 1, r.rules.level[0], 4);
	report_num(rep, "level_high", 1, r.rules.level[1], 4);
	report_num(rep, "level_medium", 1, r.rules.level[2], 4);
	report_num(rep, "auc_current", isfinite(r.auc_current), r.auc_current, 4);
	report_num(rep, "auc_new", isfinite(r.auc_new), r.auc_new, 4);
	report_bool(rep, "better", ok && r.better);
	report_bool(rep, "written", written);
	report_end(rep);
	if (!ok)
		note("calibrate: %zu final signals, too few to judge (50 at least, with CONFIRMED and "
		     "FAILED ones among the newest %g%%): the weights stay", ss.n, v->holdout_pct);
	else if (!r.better)
		note("calibrate: the new weights rank the newest %zu signals no better (AUC %.4f, "
		     "now %.4f): the weights stay", r.held, r.auc_new, r.auc_current);
	else if (!v->weights_file)
		note("calibrate: the new weights rank better (AUC %.4f, now %.4f); give "
		     "--weights-file FILE to keep them", r.auc_new, r.auc_current);
	else if (written)
		note("calibrate: the new weights rank better (AUC %.4f, now %.4f): written to %s",
		     r.auc_new, r.auc_current, v->weights_file);
	free(ss.v);
	return ok && r.better && v->weights_file && !written ? CB_EXIT_FATAL : CB_EXIT_OK;
}
