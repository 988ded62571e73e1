/* cb-validate's tables of the store (store/signals.h): signals,
 * signal_tracking, signal_confirmations, signal_scores. */
#include "store/signals.h"

#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The columns of signals, in the order of the binds below. */
#define SIGNAL_COLS \
	"id, exchange, market, symbol, interval, open_time, detected_at, start_time, price," \
	" spike_ratio_7d, strength, closed, scored, scored_volume, scored_oi," \
	" scored_spot_sync, scored_confirmation, scored_timing, scored_total, scored_level," \
	" scored_confirmations, oi_change_pct, spot_spike_ratio_7d, status, outcome, reason," \
	" status_time, final_time, tracked, max_high, min_low, last_close, last_time, follow," \
	" max_gain_pct, drawdown_pct, current_gain_pct, score_volume, score_oi," \
	" score_spot_sync, score_confirmation, score_timing, score_total, confidence_level," \
	" score_time, initial_total, initial_level, confirmations"
#define SIGNAL_NCOLS 48

/* The statements used per record, prepared once (db_stmt). */
static const char PUT_SIGNAL[] =
	"INSERT OR REPLACE INTO signals (" SIGNAL_COLS ")"
	" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
	"?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
static const char GET_SIGNAL[] =
	"SELECT " SIGNAL_COLS " FROM signals WHERE id = ?";
static const char PUT_TRACKING[] =
	"INSERT OR REPLACE INTO signal_tracking VALUES (?,?,?,?,?,?,?,?,?,?)";
static const char PUT_CONFIRMATION[] =
	"INSERT OR IGNORE INTO signal_confirmations VALUES (?,?,?,?)";
static const char PUT_SCORE[] =
	"INSERT OR REPLACE INTO signal_scores VALUES (?,?,?,?,?,?,?,?,?)";

int store_signal_put(struct store *s, const struct signal_row *r)
{
	const struct signal_in *g = &r->sig;
	const struct lc_state *lc = &r->lc;
	sqlite3_stmt *st;
	int i = 1;

	st = db_stmt(s, PUT_SIGNAL);
	if (!st)
		return -1;
	db_bind_text(st, i++, g->id);
	db_bind_text(st, i++, g->exchange);
	db_bind_text(st, i++, g->market);
	db_bind_text(st, i++, g->symbol);
	db_bind_text(st, i++, g->interval->name);
	sqlite3_bind_int64(st, i++, g->open_time);
	sqlite3_bind_int64(st, i++, g->detected_at);
	sqlite3_bind_int64(st, i++, lc->start);
	sqlite3_bind_double(st, i++, g->price);
	db_bind_opt(st, i++, g->has_ratio, g->ratio);
	db_bind_text_opt(st, i++, strength_name(g->strength));
	sqlite3_bind_int(st, i++, g->closed);
	sqlite3_bind_int(st, i++, g->scored);
	for (int f = 0; f < NFACTORS; f++)
		db_bind_opt(st, i++, g->scored, g->score[f]);
	db_bind_opt(st, i++, g->scored, g->total);
	db_bind_text_opt(st, i++, g->level[0] ? g->level : NULL);
	sqlite3_bind_int(st, i++, (int)g->confirmations);
	db_bind_opt(st, i++, g->has_oi, g->oi_change_pct);
	db_bind_opt(st, i++, g->has_spot, g->spot_ratio);
	db_bind_text(st, i++, lc_status_name(lc->status));
	db_bind_text_opt(st, i++, lc_status_name(lc->outcome));
	db_bind_text_opt(st, i++, lc_reason_name(lc->reason));
	sqlite3_bind_int64(st, i++, lc->status_time);
	if (lc->outcome != LC_NONE)
		sqlite3_bind_int64(st, i, lc->final_time);
	i++;
	sqlite3_bind_int64(st, i++, lc->tracked);
	db_bind_opt(st, i++, lc->tracked > 0, lc->max_high);
	db_bind_opt(st, i++, lc->tracked > 0, lc->min_low);
	db_bind_opt(st, i++, lc->tracked > 0, lc->last_close);
	if (lc->tracked)
		sqlite3_bind_int64(st, i, lc->last_time);
	i++;
	sqlite3_bind_int(st, i++, lc->follow);
	db_bind_opt(st, i++, lc->tracked > 0, lc->tracked ? lc_max_gain_pct(lc) : 0);
	db_bind_opt(st, i++, lc->tracked > 0, lc->tracked ? lc_drawdown_pct(lc) : 0);
	db_bind_opt(st, i++, lc->tracked > 0, lc->tracked ? lc_current_gain_pct(lc) : 0);
	for (int f = 0; f < NFACTORS; f++)
		sqlite3_bind_double(st, i++, r->part[f]);
	sqlite3_bind_double(st, i++, r->total);
	db_bind_text(st, i++, r->level);
	sqlite3_bind_int64(st, i++, r->score_time);
	sqlite3_bind_double(st, i++, r->initial_total);
	db_bind_text(st, i++, r->initial_level);
	sqlite3_bind_int(st, i++, (int)r->confirmations);
	return db_done(s, st, "cannot store a signal");
}

/* Fill *r from a row of SIGNAL_COLS. */
static void read_signal(sqlite3_stmt *st, struct signal_row *r)
{
	struct signal_in *g = &r->sig;
	struct lc_state *lc = &r->lc;
	char tmp[32];
	int i = 0;

	memset(r, 0, sizeof *r);
	db_column_str(st, i++, g->id, sizeof g->id);
	db_column_str(st, i++, g->exchange, sizeof g->exchange);
	db_column_str(st, i++, g->market, sizeof g->market);
	db_column_str(st, i++, g->symbol, sizeof g->symbol);
	db_column_str(st, i++, tmp, sizeof tmp);
	g->interval = interval_find(tmp);
	g->open_time = sqlite3_column_int64(st, i++);
	g->detected_at = sqlite3_column_int64(st, i++);
	lc->start = sqlite3_column_int64(st, i++);
	g->price = sqlite3_column_double(st, i++);
	g->has_ratio = db_column_opt(st, i++, &g->ratio);
	db_column_str(st, i++, tmp, sizeof tmp);
	g->strength = STRENGTH_NONE;
	for (int k = STRENGTH_WEAK; k <= STRENGTH_EXTREME; k++)
		if (!strcmp(tmp, strength_name((enum strength)k)))
			g->strength = (enum strength)k;
	g->closed = sqlite3_column_int(st, i++);
	g->scored = sqlite3_column_int(st, i++);
	for (int f = 0; f < NFACTORS; f++)
		db_column_opt(st, i++, &g->score[f]);
	db_column_opt(st, i++, &g->total);
	db_column_str(st, i++, g->level, sizeof g->level);
	g->confirmations = (unsigned)sqlite3_column_int(st, i++);
	g->has_oi = db_column_opt(st, i++, &g->oi_change_pct);
	g->has_spot = db_column_opt(st, i++, &g->spot_ratio);
	db_column_str(st, i++, tmp, sizeof tmp);
	lc->status = lc_status_find(tmp);
	db_column_str(st, i++, tmp, sizeof tmp);
	lc->outcome = lc_status_find(tmp);
	db_column_str(st, i++, tmp, sizeof tmp);
	lc->reason = lc_reason_find(tmp);
	lc->status_time = sqlite3_column_int64(st, i++);
	lc->final_time = sqlite3_column_int64(st, i++);
	lc->tracked = (long)sqlite3_column_int64(st, i++);
	db_column_opt(st, i++, &lc->max_high);
	db_column_opt(st, i++, &lc->min_low);
	db_column_opt(st, i++, &lc->last_close);
	lc->last_time = sqlite3_column_int64(st, i++);
	lc->follow = sqlite3_column_int(st, i++);
	i += 3;  /* the gains: computed from the above */
	lc->price = g->price;
	lc->detected_at = g->detected_at;
	for (int f = 0; f < NFACTORS; f++)
		r->part[f] = sqlite3_column_double(st, i++);
	r->total = sqlite3_column_double(st, i++);
	db_column_str(st, i++, r->level, sizeof r->level);
	r->score_time = sqlite3_column_int64(st, i++);
	r->initial_total = sqlite3_column_double(st, i++);
	db_column_str(st, i++, r->initial_level, sizeof r->initial_level);
	r->confirmations = (unsigned)sqlite3_column_int(st, i++);
}

int store_signal_get(struct store *s, const char *id, struct signal_row *row)
{
	sqlite3_stmt *st;
	int rc;

	st = db_stmt(s, GET_SIGNAL);
	if (!st)
		return -1;
	db_bind_text(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_signal(st, row);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(s, "cannot read a signal");
}

int store_has_signals(struct store *s)
{
	int64_t n;

	if (db_scalar(s, "SELECT count(*) FROM (SELECT 1 FROM signals LIMIT 1)", &n) < 0)
		return -1;
	return n > 0;
}

int store_tracking_put(struct store *s, const char *id, const struct lc_bar *b,
		       const struct lc_state *lc)
{
	sqlite3_stmt *st;

	st = db_stmt(s, PUT_TRACKING);
	if (!st)
		return -1;
	db_bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, b->end);
	sqlite3_bind_int64(st, 3, b->open_time);
	sqlite3_bind_double(st, 4, b->high);
	sqlite3_bind_double(st, 5, b->low);
	sqlite3_bind_double(st, 6, b->close);
	sqlite3_bind_double(st, 7, lc_max_gain_pct(lc));
	sqlite3_bind_double(st, 8, lc_drawdown_pct(lc));
	sqlite3_bind_double(st, 9, lc_current_gain_pct(lc));
	db_bind_text(st, 10, lc_status_name(lc->status));
	return db_done(s, st, "cannot store tracking");
}

int store_confirmation_put(struct store *s, const char *id, enum confirmation c, int64_t t,
			   int has_value, double value)
{
	sqlite3_stmt *st;

	st = db_stmt(s, PUT_CONFIRMATION);
	if (!st)
		return -1;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, confirmation_name(c));
	sqlite3_bind_int64(st, 3, t);
	db_bind_opt(st, 4, has_value, value);
	if (db_done(s, st, "cannot store a confirmation") < 0)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

int store_score_put(struct store *s, const char *id, int64_t t, const double part[NFACTORS],
		    double total, const char *level)
{
	sqlite3_stmt *st;

	st = db_stmt(s, PUT_SCORE);
	if (!st)
		return -1;
	db_bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, t);
	for (int f = 0; f < NFACTORS; f++)
		sqlite3_bind_double(st, 3 + f, part[f]);
	sqlite3_bind_double(st, 8, total);
	db_bind_text(st, 9, level);
	return db_done(s, st, "cannot store a score");
}

int store_signal_each(struct store *s, const struct signal_filter *f,
		      void (*fn)(void *ctx, const struct signal_row *row), void *ctx)
{
	struct signal_row row;
	sqlite3_stmt *st;
	int rc;

	/* NULL parameters disable their condition. */
	if (sqlite3_prepare_v2(s->db, "SELECT " SIGNAL_COLS " FROM signals WHERE"
				      " (?1 = 0 OR status IN ('DETECTED', 'MONITORING'))"
				      " AND (?2 = 0 OR status IN ('CONFIRMED', 'FAILED'))"
				      " AND (?3 IS NULL OR status = ?3)"
				      " AND (?4 IS NULL OR detected_at >= ?4)"
				      " AND (?5 IS NULL OR detected_at < ?5)"
				      " AND (?6 IS NULL OR symbol = ?6)"
				      " ORDER BY detected_at, id", -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, "cannot read signals");
	sqlite3_bind_int(st, 1, f->active);
	sqlite3_bind_int(st, 2, f->final);
	if (f->has_status)
		db_bind_text(st, 3, lc_status_name(f->status));
	if (f->has_since)
		sqlite3_bind_int64(st, 4, f->since);
	if (f->has_before)
		sqlite3_bind_int64(st, 5, f->before);
	db_bind_text_opt(st, 6, f->symbol);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_signal(st, &row);
		fn(ctx, &row);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, "cannot read signals");
}

/* Prepare sql with the signal id bound as ?1. NULL after an error. */
static sqlite3_stmt *by_id(struct store *s, const char *sql, const char *id)
{
	sqlite3_stmt *st = db_prepare(s, sql, "cannot read the store");

	if (st)
		db_bind_text(st, 1, id);
	return st;
}

int store_tracking_each(struct store *s, const char *id,
			void (*fn)(void *ctx, const struct tracking_row *r), void *ctx)
{
	sqlite3_stmt *st = by_id(s, "SELECT time, open_time, high, low, close, max_gain_pct,"
				    " drawdown_pct, current_gain_pct, status FROM signal_tracking"
				    " WHERE signal_id = ?1 ORDER BY time", id);
	struct tracking_row r;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.time = sqlite3_column_int64(st, 0);
		r.open_time = sqlite3_column_int64(st, 1);
		r.high = sqlite3_column_double(st, 2);
		r.low = sqlite3_column_double(st, 3);
		r.close = sqlite3_column_double(st, 4);
		r.max_gain_pct = sqlite3_column_double(st, 5);
		r.drawdown_pct = sqlite3_column_double(st, 6);
		r.current_gain_pct = sqlite3_column_double(st, 7);
		db_column_str(st, 8, r.status, sizeof r.status);
		fn(ctx, &r);
	}
	return db_finish(s, st, rc, "cannot read the store");
}

int store_confirmation_each(struct store *s, const char *id,
			    void (*fn)(void *ctx, const struct confirmation_row *r), void *ctx)
{
	sqlite3_stmt *st = by_id(s, "SELECT type, time, value FROM signal_confirmations"
				    " WHERE signal_id = ?1 ORDER BY time, type", id);
	struct confirmation_row r;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		int c = t ? confirmation_find(t, strlen(t)) : -1;

		if (c < 0)
			continue;  /* a type this build does not know */
		r.type = (enum confirmation)c;
		r.time = sqlite3_column_int64(st, 1);
		r.has_value = db_column_opt(st, 2, &r.value);
		fn(ctx, &r);
	}
	return db_finish(s, st, rc, "cannot read the store");
}

int store_score_each(struct store *s, const char *id,
		     void (*fn)(void *ctx, const struct score_row *r), void *ctx)
{
	sqlite3_stmt *st = by_id(s, "SELECT time, volume, oi, spot_sync, confirmation, timing,"
				    " total, confidence_level FROM signal_scores WHERE signal_id = ?1"
				    " ORDER BY time", id);
	struct score_row r;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.time = sqlite3_column_int64(st, 0);
		for (int f = 0; f < NFACTORS; f++)
			r.part[f] = sqlite3_column_double(st, 1 + f);
		r.total = sqlite3_column_double(st, 6);
		db_column_str(st, 7, r.level, sizeof r.level);
		fn(ctx, &r);
	}
	return db_finish(s, st, rc, "cannot read the store");
}

int store_tracking_delete(struct store *s, const char *id)
{
	sqlite3_stmt *st = by_id(s, "DELETE FROM signal_tracking WHERE signal_id = ?1", id);

	if (!st)
		return -1;
	return db_finish(s, st, sqlite3_step(st), "cannot delete tracking");
}

int store_signal_counts(struct store *s, struct signal_counts *c)
{
	sqlite3_stmt *st;
	int rc;

	memset(c, 0, sizeof *c);
	if (db_scalar(s, "SELECT count(*) FROM signals", &c->signals) < 0 ||
	    db_scalar(s, "SELECT count(*) FROM signal_tracking", &c->tracking) < 0 ||
	    db_scalar(s, "SELECT count(*) FROM signal_confirmations", &c->confirmations) < 0 ||
	    db_scalar(s, "SELECT count(*) FROM signal_scores", &c->scores) < 0 ||
	    db_scalar(s, "SELECT max(last_time) FROM signals", &c->newest_update) < 0)
		return -1;
	if (sqlite3_prepare_v2(s->db, "SELECT status, count(*) FROM signals GROUP BY status",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, "cannot read the store");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		enum lc_status k = t ? lc_status_find(t) : LC_NONE;

		if (k != LC_NONE)
			c->by_status[k] = sqlite3_column_int64(st, 1);
	}
	return db_finish(s, st, rc, "cannot read the store");
}


int store_calibration_each(struct store *s,
			   void (*fn)(void *ctx, const double part[5], int confirmed,
				      int64_t detected_at),
			   void *ctx)
{
	sqlite3_stmt *st = db_prepare(s,
		"SELECT g.outcome = 'CONFIRMED', g.detected_at, c.volume, c.oi, c.spot_sync,"
		" c.confirmation, c.timing FROM signals g JOIN signal_scores c ON c.signal_id = g.id"
		" AND c.time = (SELECT min(time) FROM signal_scores WHERE signal_id = g.id)"
		" WHERE g.outcome IN ('CONFIRMED', 'FAILED') ORDER BY g.detected_at, g.id",
		"cannot read the outcomes");
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		double part[5];

		for (int i = 0; i < 5; i++)
			part[i] = sqlite3_column_double(st, 2 + i);
		fn(ctx, part, sqlite3_column_int(st, 0), sqlite3_column_int64(st, 1));
	}
	return db_finish(s, st, rc, "cannot read the outcomes");
}
